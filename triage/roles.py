"""The legal team's roles as Django groups, kept in step with the code on every migrate.

Each role includes the one before it: a reviewer can do what a clerk does, an approver what a
reviewer does. The separation of duties that matters (the approver is never the person who
asked for approval) is a rule of the state machine, not of the groups.
"""

from typing import Any

from django.contrib.auth.models import Group, Permission

INTAKE_CLERK = "Intake clerk"
REVIEWER = "Reviewer"
APPROVER = "Approver"
ADMIN = "Admin"

_READ = [
    "triage.view_request",
    "triage.view_target",
    "triage.view_hold",
    "triage.view_deadline",
    "triage.view_event",
    "triage.view_matter",
    "triage.view_nondisclosureorder",
    "triage.view_noticerecipient",
    "triage.view_objection",
    "triage.view_accessrestriction",
]
_CLERK = [*_READ, "triage.intake_request"]
_REVIEWER = [*_CLERK, "triage.review_request"]
_APPROVER = [*_REVIEWER, "triage.approve_request"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    INTAKE_CLERK: _CLERK,
    REVIEWER: _REVIEWER,
    APPROVER: _APPROVER,
    ADMIN: [
        *_APPROVER,
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        # The directory of agencies' published numbers offered when recording a call-back.
        "triage.view_agencynumber",
        "triage.add_agencynumber",
        "triage.change_agencynumber",
        "triage.delete_agencynumber",
    ],
}


def _permissions(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def roles_sync() -> None:
    """Create the groups and give each exactly its permissions (idempotent)."""
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(perms))


def on_post_migrate(**kwargs: Any) -> None:
    roles_sync()
