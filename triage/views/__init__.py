"""Thin views (DESIGN.md): parse input, call a selector or a service, render.

One module per page: queue (the queue and "my work"), dashboard, request (the request page and
its actions), manual (manual intake of a request that came by post or fax), reports (the
transparency report). Every view wears ``access.staff_required``.
"""
