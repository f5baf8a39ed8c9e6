"""A person's deadlines in the calendar they already use: the page that makes or revokes
their secret link, and the feed a calendar program polls with it (no session: the secret in
the URL is the credential)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from triage import services
from triage.ical import calendar_text
from triage.models import CalendarFeed
from triage.selectors.deadlines import (
    calendar_events_for_user,
    calendar_feed_owner,
    team_zone,
)
from triage.views.access import secret_link_access, staff_required


def _base_url() -> str:
    return settings.LERQ_BASE_URL.rstrip("/")


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required()
def calendar_link(request: HttpRequest) -> HttpResponse:
    """Make a new link (the old one stops working) or revoke it; the new URL is shown once."""
    shown = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "new":
            key, secret = services.calendar_feed_renew(user=request.user)
            shown = _base_url() + reverse("triage:calendar_feed", args=[key, secret])
        elif action == "revoke":
            services.calendar_feed_revoke(user=request.user)
        else:
            return HttpResponseBadRequest("Unknown action.")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "triage/calendar.html", {"feed": feed, "shown": shown})


@never_cache
@require_GET
@secret_link_access
def calendar_feed(request: HttpRequest, key: str, secret: str) -> HttpResponse:
    user = calendar_feed_owner(key=key, secret=secret)
    if user is None:
        return HttpResponse("No such calendar.", status=404, content_type="text/plain")
    wait = services.calendar_feed_poll(key=key)
    if wait:
        response = HttpResponse(
            "Fetched too often: try again later.", status=429, content_type="text/plain"
        )
        response["Retry-After"] = str(wait)
        return response
    text = calendar_text(
        name=f"lerq deadlines ({user.get_username()})",
        events=calendar_events_for_user(user=user, base_url=_base_url()),
        now=timezone.now(),
        tz=team_zone(),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lerq-deadlines.ics"'
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
