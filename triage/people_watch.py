"""People and roles changed where no signal sees: a ``QuerySet.update``, ``bulk_update`` or raw
SQL on the people tables (triage/people.py records every other path).

Every five minutes (beat, ``people-watch``) lerq reads who may do what as it stands: each
person's identity and flags, a fingerprint of their password hash, their roles and direct
permissions, their second factors, and each role's permissions. It compares that with the state
the last check put on the record (a ``people_state`` Event holds it whole). A difference that a
people Event written since explains is the team's own change: the new state is recorded quietly.
One that nothing explains is recorded as ``people_unrecorded`` with what changed, and the team
is mailed: a person made superuser by an UPDATE is on the record within minutes, with the
names, and the one who did it cannot take it off (the record is hash-chained and signed).

What it cannot see: a change undone between two checks. The checkpoints (triage/checkpoints.py)
and database roles (triage/dbroles.py) are the other half of that defence.
"""

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from triage.audit import event_append
from triage.models import Event, EventKind
from triage.models.conditions import APPROVE
from triage.notices import mail_queue, members_with

# The Events triage/people.py writes: a change they name is the team's own.
PEOPLE_KINDS = (
    EventKind.USER_CREATED,
    EventKind.USER_DELETED,
    EventKind.USER_CHANGED,
    EventKind.PASSWORD_CHANGED,
    EventKind.USER_GROUPS_CHANGED,
    EventKind.USER_PERMISSIONS_CHANGED,
    EventKind.GROUP_PERMISSIONS_CHANGED,
    EventKind.SECOND_FACTOR_ADDED,
    EventKind.SECOND_FACTOR_REMOVED,
    EventKind.APPROVER_GRANTED,
)


# A person as USER_CREATED leaves them: the flags come with the Event, the rest follows it.
_NEW_PERSON: dict[str, Any] = {"roles": [], "permissions": [], "second_factors": []}


@dataclass
class PeopleCheck:
    recorded: bool = False  # a new state went on the record
    unrecorded: list[str] = field(default_factory=list)  # what changed that nothing explains


def _fingerprint(value: str) -> str:
    """Enough of a hash to see a change, never the secret (nor the password hash) itself."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def people_state() -> dict[str, Any]:
    """Who may do what, now: JSON-ready, in a stable order."""
    user_model = get_user_model()
    users: dict[str, dict[str, Any]] = {}
    for row in user_model.objects.order_by("pk").values(
        "pk", "username", "email", "is_active", "is_staff", "is_superuser", "password"
    ):
        users[str(row["pk"])] = {
            "username": row["username"],
            "email": row["email"],
            "is_active": row["is_active"],
            "is_staff": row["is_staff"],
            "is_superuser": row["is_superuser"],
            "password": _fingerprint(row["password"]),
            "roles": [],
            "permissions": [],
            "second_factors": [],
        }
    for user_id, name in user_model.groups.through.objects.values_list("user_id", "group__name"):
        users[str(user_id)]["roles"].append(name)
    for user_id, app, code in user_model.user_permissions.through.objects.values_list(
        "user_id", "permission__content_type__app_label", "permission__codename"
    ):
        users[str(user_id)]["permissions"].append(f"{app}.{code}")
    for user_id, key, confirmed in TOTPDevice.objects.values_list("user_id", "key", "confirmed"):
        users[str(user_id)]["second_factors"].append(f"totp:{_fingerprint(key)}:{confirmed}")
    tokens: dict[int, list[str]] = {}
    for device_id, token in StaticToken.objects.values_list("device_id", "token"):
        tokens.setdefault(device_id, []).append(token)
    for pk, user_id, confirmed in StaticDevice.objects.values_list("pk", "user_id", "confirmed"):
        codes = _fingerprint(",".join(sorted(tokens.get(pk, []))))
        users[str(user_id)]["second_factors"].append(f"backup:{codes}:{confirmed}")
    for person in users.values():
        for key in ("roles", "permissions", "second_factors"):
            person[key].sort()
    roles: dict[str, list[str]] = {
        name: [] for name in Group.objects.values_list("name", flat=True)
    }
    for name, app, code in Group.permissions.through.objects.values_list(
        "group__name", "permission__content_type__app_label", "permission__codename"
    ):
        roles[name].append(f"{app}.{code}")
    return {"users": users, "roles": {name: sorted(perms) for name, perms in roles.items()}}


def state_sha256(state: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def _replayed(old: dict[str, Any], since_seq: int) -> tuple[dict[str, Any], set[tuple]]:
    """The state the people Events since ``since_seq`` lead to from ``old``, and the (person,
    field) pairs they change without saying to what (a password, a second factor)."""
    state = copy.deepcopy(old)
    users, roles = state.setdefault("users", {}), state.setdefault("roles", {})
    opaque: set[tuple] = set()
    by_name = {person["username"]: pk for pk, person in users.items()}
    events = Event.objects.filter(seq__gt=since_seq, action__in=PEOPLE_KINDS).order_by("seq")
    for action, data in events.values_list("action", "data"):
        data = data or {}
        pk = str(data["user_id"]) if data.get("user_id") is not None else None
        pk = pk or by_name.get(data.get("user", ""))
        if action == EventKind.USER_CREATED and pk is not None:
            users[pk] = {**_NEW_PERSON, **data.get("new", {})}
            by_name[users[pk]["username"]] = pk
            opaque |= {(pk, "password"), (pk, "second_factors")}
        elif action == EventKind.USER_DELETED and pk is not None:
            users.pop(pk, None)
        elif pk is not None and pk in users:
            person = users[pk]
            if action == EventKind.USER_CHANGED:
                person.update(data.get("new", {}))
            elif action == EventKind.USER_GROUPS_CHANGED:
                person["roles"] = sorted(data.get("new", []))
            elif action == EventKind.USER_PERMISSIONS_CHANGED:
                person["permissions"] = sorted(data.get("new", []))
            elif action == EventKind.PASSWORD_CHANGED:
                opaque.add((pk, "password"))
            elif action in (EventKind.SECOND_FACTOR_ADDED, EventKind.SECOND_FACTOR_REMOVED):
                opaque.add((pk, "second_factors"))
        if action == EventKind.GROUP_PERMISSIONS_CHANGED and data.get("group"):
            roles[data["group"]] = sorted(data.get("new", []))
    return state, opaque


def _unexplained(expected: dict[str, Any], now: dict[str, Any], opaque: set[tuple]) -> list[str]:
    """What differs between the state the record explains and the state found, in words."""
    found = []
    was, are = expected.get("users", {}), now.get("users", {})
    for pk in sorted(set(was) | set(are), key=lambda k: (len(k), k)):
        before, after = was.get(pk), are.get(pk)
        if before == after:
            continue
        if before is None or after is None:
            name = (after or before)["username"]
            found.append(f"{name} {'added' if before is None else 'deleted'}")
            continue
        for key in sorted(set(before) | set(after)):
            if before.get(key) == after.get(key) or (pk, key) in opaque:
                continue
            if key in ("password", "second_factors"):
                found.append(f"{after['username']}: {key.replace('_', ' ')} changed")
            else:
                found.append(f"{after['username']}: {key} {before.get(key)} -> {after.get(key)}")
    old_roles, new_roles = expected.get("roles", {}), now.get("roles", {})
    for name in sorted(set(old_roles) | set(new_roles)):
        if name in old_roles and name in new_roles and old_roles[name] != new_roles[name]:
            found.append(f"role {name}: {old_roles[name]} -> {new_roles[name]}")
        elif name not in old_roles:
            found.append(f"role {name} added: {new_roles[name]}")
        elif name not in new_roles:
            found.append(f"role {name} deleted")
    return found


def _team() -> list[str]:
    return list(settings.LERQ_TEAM_EMAIL) or sorted(
        set(members_with(APPROVE).values_list("email", flat=True))
        | set(
            get_user_model()
            .objects.filter(is_active=True, is_superuser=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


@transaction.atomic(durable=True)
def people_state_check() -> PeopleCheck:
    """Put the people state on the record if it changed; say what changed unseen."""
    state = people_state()
    digest = state_sha256(state)
    last = Event.objects.filter(action=EventKind.PEOPLE_STATE).order_by("-seq").first()
    if last is not None and (last.data or {}).get("sha256") == digest:
        return PeopleCheck()
    unrecorded: list[str] = []
    if last is not None:
        expected, opaque = _replayed(last.data.get("state") or {}, last.seq)
        unrecorded = _unexplained(expected, state, opaque)
    at = timezone.now()
    event_append(
        request=None,
        actor=None,
        action=EventKind.PEOPLE_STATE,
        at=at,
        reason="people and roles as they stand" + (" (first check)" if last is None else ""),
        data={"sha256": digest, "state": state},
    )
    if unrecorded:
        told = mail_queue(
            template="people_unrecorded",
            to=_team(),
            context={
                "changes": unrecorded,
                "url": f"{settings.LERQ_BASE_URL.rstrip('/')}/admin/auth/user/",
            },
        )
        event_append(
            request=None,
            actor=None,
            action=EventKind.PEOPLE_UNRECORDED,
            at=at,
            reason="; ".join(unrecorded)[:2000],
            data={"changes": unrecorded, "told": list(told.to) if told else []},
        )
        from triage.tasks import send_mail  # the tasks import the services

        transaction.on_commit(send_mail.delay)
    return PeopleCheck(recorded=True, unrecorded=unrecorded)
