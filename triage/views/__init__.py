"""Thin views (DESIGN.md): parse input, call a selector or a service, render.

One module per page: queue (the queue and "my work"), dashboard, request (the request page and
its actions), reports (the transparency report). Manual intake is intake's: it reads the PDF.
Every view wears ``access.staff_required``.
"""
