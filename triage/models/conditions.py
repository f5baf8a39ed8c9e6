"""Pure predicates that guard the request's transitions, and the roles that may fire them.

Each condition carries the sentence shown when it is not met, so a refused action says why,
and, where time alone will meet it, what it waits for and until when (``when``); a permission
that is a function says why it refuses (``explain``). The request page lists both beside the
actions (triage/selectors/transitions.py). Conditions read only the request, its hold and what
the page prefetched (objections, call-backs, productions); they never write.
"""

from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from triage.models.choices import PRESERVATION_KINDS, Kind, Notice, Status

if TYPE_CHECKING:
    from triage.models.request import Request

Condition = Callable[["Request"], bool]

# Permission codenames (Request.Meta.permissions); roles.py gives them to the groups.
INTAKE = "triage.intake_request"
REVIEW = "triage.review_request"
APPROVE = "triage.approve_request"
RUN_TIMERS = "triage.run_timers"


# When a condition that is not met will be met by itself: (what it waits for, the moment).
When = Callable[["Request"], tuple[str, datetime] | None]


def _explained(
    message: str,
    *,
    when: When | None = None,
    not_for: Condition | None = None,
) -> Callable[[Condition], Condition]:
    """Attach the sentence shown when ``fn`` is not met; ``when`` says what it waits for and
    until when, where time alone will meet it; ``not_for`` is true when the request is of a kind
    that never takes the transition (the page then does not list it as waiting)."""

    def attach(fn: Condition) -> Condition:
        fn.message = message  # type: ignore[attr-defined]
        fn.when = when or _no_date  # type: ignore[attr-defined]
        fn.not_for = not_for or _never  # type: ignore[attr-defined]
        return fn

    return attach


def _no_date(request: "Request") -> None:
    return None


def _never(request: "Request") -> bool:
    return False


def _start_of(day: date) -> datetime:
    # A date-bounded rule compares with the team's today, so it turns at the team's midnight.
    return timezone.make_aware(datetime.combine(day, time.min))


def _objection_window_end(request: "Request") -> tuple[str, datetime] | None:
    ends = request.objection_window_ends_at
    if request.notice != Notice.SENT or ends is None or ends <= timezone.now():
        return None
    return "the objection window ending", ends


def _hold_end(request: "Request") -> tuple[str, datetime] | None:
    hold = getattr(request, "hold", None)
    if hold is None or hold.ends_at <= timezone.now():
        return None
    return "the hold ending", hold.ends_at


def _nondisclosure_end(request: "Request") -> tuple[str, datetime] | None:
    until = request.nondisclosure_until
    if request.notice != Notice.DELAYED or until is None or until <= timezone.localdate():
        return None
    return "the non-disclosure order ending", _start_of(until)


@_explained("a real-time interception demand can only be rejected: no such capability exists")
def not_interception(request: "Request") -> bool:
    return request.kind != Kind.INTERCEPTION


_HOLDS = frozenset({Kind.PRESERVATION, Kind.EU_PRESERVATION_ORDER})


@_explained(
    "only preservation requests place a hold",
    not_for=lambda r: r.kind not in _HOLDS,
)
def is_preservation(request: "Request") -> bool:
    return request.kind in _HOLDS


@_explained(
    "only a preservation extension request is applied to an existing hold",
    not_for=lambda r: r.kind != Kind.PRESERVATION_EXTENSION,
)
def is_extension(request: "Request") -> bool:
    return request.kind == Kind.PRESERVATION_EXTENSION


@_explained("the hold this request names was not extended by it")
def original_extended(request: "Request") -> bool:
    original = request.original
    if original is None or original.status != Status.EXTENDED:
        return False
    hold = getattr(original, "hold", None)
    return hold is not None and hold.extension_id == request.pk


@_explained(
    "legal process is reviewed once validated; only an emergency goes to review on arrival",
    not_for=lambda r: r.kind in PRESERVATION_KINDS or r.kind == Kind.INTERCEPTION,
)
def reviewable(request: "Request") -> bool:
    if request.kind in PRESERVATION_KINDS or request.kind == Kind.INTERCEPTION:
        return False
    return request.status == Status.VALIDATED or request.kind == Kind.EMERGENCY


@_explained("a hold is extended once only, and only before it ends")
def hold_extendable(request: "Request") -> bool:
    hold = getattr(request, "hold", None)
    return (
        hold is not None
        and hold.extended_at is None
        and hold.released_at is None
        and hold.ends_at > timezone.now()
    )


@_explained(
    "the hold has not reached its end, or a subsequent request for production was confirmed "
    "(Regulation (EU) 2023/1543, Article 11(2))",
    when=_hold_end,
)
def hold_ended(request: "Request") -> bool:
    if request.eu_production_confirmed_at is not None:
        return False
    hold = getattr(request, "hold", None)
    return hold is not None and hold.ends_at <= timezone.now()


@_explained("approval has already been asked for")
def approval_not_requested(request: "Request") -> bool:
    return request.approval_requested_by_id is None


@_explained("nobody has asked for approval yet")
def approval_requested(request: "Request") -> bool:
    return request.approval_requested_by_id is not None


@_explained(
    "the user notice rules do not allow disclosure yet: notice must be sent and its objection "
    "window over, or delayed or not permitted by an order, or not required",
    when=_objection_window_end,
)
def notice_allows_disclosure(request: "Request") -> bool:
    if request.kind == Kind.EMERGENCY:
        # Notice follows once the emergency has passed (REQUIREMENTS.md "Lifecycle").
        return True
    if request.notice in (Notice.DELAYED, Notice.NOT_PERMITTED, Notice.NOT_REQUIRED):
        return True
    return (
        request.notice == Notice.SENT
        and request.objection_window_ends_at is not None
        and request.objection_window_ends_at <= timezone.now()
    )


@_explained(
    "a user's objection is unresolved: record whether it is upheld or overruled before "
    "approving or disclosing"
)
def no_open_objection(request: "Request") -> bool:
    if request.kind == Kind.EMERGENCY:
        # No promised delay for an emergency (REQUIREMENTS.md): the objection is recorded and
        # answered, but does not hold back what prevents the harm.
        return True
    # all() reads the objections the request page prefetched, else one query.
    return all(o.resolved_at is not None for o in request.objections.all())


@_explained(
    "an access restriction must first be recorded with the jurisdiction it is limited to and "
    "its scope"
)
def restriction_recorded(request: "Request") -> bool:
    if request.kind != Kind.ACCESS_RESTRICTION:
        return True
    return getattr(request, "access_restriction", None) is not None


@_explained(
    "an emergency is disclosed only after a call-back to the agency on a number it published "
    "has confirmed it (the latest call-back counts)"
)
def callback_recorded(request: "Request") -> bool:
    if request.kind != Kind.EMERGENCY:
        return True
    # The latest call wins: "confirmed" then a later "not confirmed" is not confirmed. all()
    # reads the list the request page prefetched (ordered by called_at, pk), else one query.
    calls = list(request.callbacks.all())
    return bool(calls) and calls[-1].outcome == "confirmed"


@_explained(
    "there is nothing to approve yet: build the production (records added since the last build "
    "are not in it), or record that there is nothing to produce"
)
def package_ready(request: "Request") -> bool:
    from triage.package import package_ready as ready  # the package reads the models

    return ready(request)


@_explained(
    "the disclosure would go to an address that is not a verified address of the requesting "
    "agency: a reviewer must decide where it goes, with a reason"
)
def destination_verified(request: "Request") -> bool:
    from triage.package import destination_verified as verified

    return verified(request)


@_explained("what would go out is not what was approved: it must be approved again")
def package_as_approved(request: "Request") -> bool:
    from triage.package import package_of, package_sha256

    approved = request.approved_package_sha256
    if not approved:
        return False
    # all() reads the productions the request page prefetched (with their files), else one
    # query, and one more for the files of a production being built.
    return package_sha256(package_of(request)) == approved


@_explained("the non-disclosure order has not ended yet", when=_nondisclosure_end)
def notice_may_be_sent(request: "Request") -> bool:
    if request.notice == Notice.NOT_DECIDED:
        return True
    until = request.nondisclosure_until
    return until is not None and until <= timezone.localdate()


# Why a person may not take a transition, in the words of the role it needs.
ROLE_NEEDED = {
    INTAKE: "needs the intake clerk role",
    REVIEW: "needs the reviewer role",
    APPROVE: "needs the approver role",
    RUN_TIMERS: "lerq does this by itself when its time comes",
}
WHY_OTHER_APPROVER = "an approver other than the one who asked must approve"
WHY_APPROVER_COOLING = "a new approver cannot approve until the cooling-off period has passed"
WAITS_FOR_COOLING = "the cooling-off ending"
# (sentence, (what it waits for, until when) or None), as a condition's message and when.
Why = tuple[str, tuple[str, datetime] | None]


def role_by_source(perms: dict[str, str]) -> Callable[["Request", Any], bool]:
    """A permission that depends on where the request stands (clerk at intake, lawyer later)."""

    def allowed(request: "Request", user: Any) -> bool:
        perm = perms.get(request.status)
        return perm is not None and user.has_perm(perm)

    def explain(request: "Request", user: Any) -> list[Why]:
        perm = perms.get(request.status)
        return [(ROLE_NEEDED.get(perm or "", "not from this state"), None)]

    allowed.explain = explain  # type: ignore[attr-defined]
    return allowed


def second_person_approver(request: "Request", user: Any) -> bool:
    """Disclosure needs a second person: never the one who asked for approval, and not one who
    became an approver less than LERQ_APPROVER_COOLING_HOURS ago (triage/models/people.py)."""
    from triage.models.people import approver_may_approve_from  # models import this module

    return (
        user.has_perm(APPROVE)
        and user.pk != request.approval_requested_by_id
        and approver_may_approve_from(user) is None
    )


def _second_person_why(request: "Request", user: Any) -> list[Why]:
    from triage.models.people import approver_may_approve_from

    if not user.has_perm(APPROVE):
        return [(ROLE_NEEDED[APPROVE], None)]
    why: list[Why] = []
    if user.pk == request.approval_requested_by_id:
        why.append((WHY_OTHER_APPROVER, None))
    until = approver_may_approve_from(user)
    if until is not None:
        why.append((WHY_APPROVER_COOLING, (WAITS_FOR_COOLING, until)))
    return why


second_person_approver.explain = _second_person_why  # type: ignore[attr-defined]


def permission_why(request: "Request", transition: Any, user: Any) -> list[Why]:
    """Why ``user`` may not take ``transition`` on ``request`` (empty when they may)."""
    permission = transition.permission
    if not permission or transition.has_perm(request, user):
        return []
    explain = getattr(permission, "explain", None)
    if explain is not None:
        return list(explain(request, user))
    return [(ROLE_NEEDED.get(permission, f"needs the permission {permission}"), None)]


def failed_conditions(request: "Request", transition: Any) -> list[str]:
    """The sentences of the conditions that block ``transition`` on ``request`` now."""
    return [
        getattr(condition, "message", condition.__name__)
        for condition in transition.conditions
        if not condition(request)
    ]
