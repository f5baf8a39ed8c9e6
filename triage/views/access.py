"""Who may see a page: one decorator that every lerq view wears.

A view is reached only by a signed-in staff member whose session passed the second factor
(TOTP); an account that has no device yet is sent to enrol first, and one that lacks the
view's permission gets 403. ``tests/test_access.py`` walks the URL configuration and fails
on any lerq view that does not wear it.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import user_has_device

View = Callable[..., HttpResponse]


def staff_required(perm: str | None = "triage.view_request") -> Callable[[View], View]:
    """Signed in, second factor verified, and holding ``perm`` (None: any team member)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_verified():  # type: ignore[attr-defined]  # set by OTPMiddleware
                if not user_has_device(user):
                    return redirect("two_factor:setup")
                return redirect_to_login(request.get_full_path())
            if perm is not None and not user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.lerq_access = perm  # type: ignore[attr-defined]  # read by tests/test_access.py
        return wrapped

    return decorator


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username django-axes counts failures against: authenticate() passes ``username``,
    the two-factor sign-in form posts ``auth-username``."""
    if credentials and credentials.get("username"):
        return credentials["username"]
    data = getattr(request, "data", request.POST)
    return data.get("auth-username") or data.get("username")


BY_LINK = "its secret link"


def secret_link_access(view: View) -> View:
    """A page reached without a session, by a secret in its URL that the view itself checks
    (a person's calendar feed: calendar programs cannot sign in). ``tests/test_access.py``
    allows exactly the views that wear this."""
    view.lerq_access = BY_LINK  # type: ignore[attr-defined]
    return view
