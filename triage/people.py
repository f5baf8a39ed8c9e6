"""People and roles on the record (issue 15 "People and roles", issue 19 "People changes").

Every change to who may do what is an Event on the request chain (request None, reference ""):
a person added or deleted, their active/staff/superuser flags or password changed, groups and
direct permissions added or removed, a group's permissions changed, a second factor (TOTP
device, backup codes) added, reset or removed. Signals catch every path (the admin, a shell, a
command, seed_demo); the saves they watch are made atomic (``_save_atomically``) so an Event
never exists without its change, nor a change without its Event. What they never catch: a
``QuerySet.update`` or raw SQL, which no signal sees.

Who acted comes from ``actor_current``: the signed-in person (``PeopleActorMiddleware``), the
person a service acts for (``acting_as``), else lerq itself ("system": a command or a shell).
Only a superuser grants or removes superuser or staff status or a person's own permissions:
the admin shows those fields read-only to others, and ``_guard`` refuses it on any path.
"""

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Q, signals
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from triage.audit import event_append
from triage.models import EventKind
from triage.models.conditions import APPROVE
from triage.models.people import ApproverSince, approver_cache_forget, approver_cooling
from triage.notices.alerts import approver_granted_mail

ERR_SUPERUSER_ONLY = "Only a superuser may change {what}: {actor} is not one."

# The flags and identity of a person whose old and new values go on the record.
USER_FIELDS = ("username", "email", "is_active", "is_staff", "is_superuser")
_GUARDED_FLAGS = ("is_staff", "is_superuser")
_BEFORE = "_lerq_people_before"


class PeopleChangeRefused(PermissionDenied):
    """Only a superuser may do this."""


# --- who acts -------------------------------------------------------------------------------
_actor: ContextVar[Callable[[], Any] | None] = ContextVar("lerq_people_actor", default=None)


def actor_current() -> Any:
    """The person acting now, or None for lerq itself."""
    get = _actor.get()
    user = get() if get is not None else None
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "_wrapped", user)  # request.user is a lazy wrapper


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """People changes made inside are recorded as ``user``'s (None: lerq itself)."""
    token = _actor.set(lambda: user)
    try:
        yield
    finally:
        _actor.reset(token)


class PeopleActorMiddleware:
    """Changes to people made while serving a request are the signed-in person's. Read lazily:
    the sign-in view replaces ``request.user`` half-way through the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _actor.set(lambda: getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)


def _is_superuser_stored(actor: Any) -> bool:
    return get_user_model().objects.filter(pk=actor.pk, is_superuser=True).exists()


def _guard(what: str) -> None:
    actor = actor_current()
    # Read from the database: the actor may be the very object whose flag is being ticked.
    if actor is not None and not _is_superuser_stored(actor):
        raise PeopleChangeRefused(ERR_SUPERUSER_ONLY.format(what=what, actor=actor.get_username()))


def _record(action: EventKind, reason: str, data: dict[str, Any], subject_pk: Any = None) -> None:
    actor = actor_current()
    if actor is not None and actor.pk == subject_pk and action == EventKind.USER_DELETED:
        actor = None  # the event cannot point at a row deleted in the same transaction
    event_append(
        request=None, actor=actor, action=action, at=timezone.now(), reason=reason, data=data
    )


# --- a person -------------------------------------------------------------------------------
def _user_pre_save(sender: Any, instance: Any, raw: bool, update_fields: Any, **_: Any) -> None:
    watched = [*USER_FIELDS, "password"]
    if update_fields is not None:
        watched = [name for name in watched if name in update_fields]
    before = None
    if not raw and watched and instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values(*watched).first()
    instance.__dict__[_BEFORE] = before
    if raw:
        return
    old = before or {}
    for flag in _GUARDED_FLAGS:
        if flag in watched and getattr(instance, flag) != old.get(flag, False):
            _guard("superuser or staff status")


def _user_post_save(sender: Any, instance: Any, created: bool, raw: bool, **_: Any) -> None:
    before = instance.__dict__.pop(_BEFORE, None)
    if raw:
        return
    name = instance.get_username()
    if created:
        new = {field: getattr(instance, field) for field in USER_FIELDS}
        _record(
            EventKind.USER_CREATED,
            f"{name} added",
            {"user": name, "user_id": instance.pk, "old": {}, "new": new},
        )
        approver_refresh([instance.pk], instance)
        return
    if not before:
        return
    if "password" in before and before.pop("password") != instance.password:
        # Never the hash: only that it changed.
        _record(
            EventKind.PASSWORD_CHANGED,
            f"password of {name} changed",
            {"user": name, "user_id": instance.pk},
        )
    old = {field: value for field, value in before.items() if getattr(instance, field) != value}
    if old:
        new = {field: getattr(instance, field) for field in old}
        changes = ", ".join(f"{field} {old[field]} → {new[field]}" for field in old)
        _record(
            EventKind.USER_CHANGED,
            f"{name}: {changes}",
            {"user": name, "user_id": instance.pk, "old": old, "new": new},
        )
    if "is_superuser" in old:
        approver_refresh([instance.pk], instance)


def _user_pre_delete(sender: Any, instance: Any, **_: Any) -> None:
    instance.__dict__[_BEFORE] = {
        **{field: getattr(instance, field) for field in USER_FIELDS},
        "groups": sorted(instance.groups.values_list("name", flat=True)),
    }


def _user_post_delete(sender: Any, instance: Any, **_: Any) -> None:
    old = instance.__dict__.pop(_BEFORE, {})
    name = instance.get_username()
    _record(
        EventKind.USER_DELETED,
        f"{name} deleted",
        {"user": name, "user_id": instance.pk, "old": old, "new": {}},
        subject_pk=instance.pk,
    )


# --- groups and permissions -----------------------------------------------------------------
def _perm_name(permission: Any) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def _perm_names(pks: Iterable[int]) -> list[str]:
    rows = Permission.objects.filter(pk__in=pks).select_related("content_type")
    return sorted(_perm_name(p) for p in rows)


def _group_names(pks: Iterable[int]) -> list[str]:
    return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))


def _user_groups_changed(
    instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_: Any
) -> None:
    if action == "pre_clear":
        # Clearing sends no pk_set: remember what is about to go.
        if reverse:
            instance.__dict__[_BEFORE] = set(instance.user_set.values_list("pk", flat=True))
        else:
            instance.__dict__[_BEFORE] = set(instance.groups.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = instance.__dict__.pop(_BEFORE, set()) if action == "post_clear" else pk_set or set()
    if not pks:
        return
    added = action == "post_add"
    if reverse:  # group.user_set.add(...): one group, several people
        users, names = list(pks), [instance.name]
    else:
        users, names = [instance.pk], _group_names(pks)
    for user in get_user_model().objects.filter(pk__in=users):
        new = sorted(user.groups.values_list("name", flat=True))
        old = sorted(set(new) - set(names)) if added else sorted({*new, *names})
        verb = "added to" if added else "removed from"
        _record(
            EventKind.USER_GROUPS_CHANGED,
            f"{user.get_username()} {verb} {', '.join(names)}",
            {
                "user": user.get_username(),
                "user_id": user.pk,
                "added" if added else "removed": names,
                "old": old,
                "new": new,
            },
        )
    approver_refresh(users, instance if not reverse else None)


def _user_permissions_changed(
    instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_: Any
) -> None:
    if action in ("pre_add", "pre_remove", "pre_clear") and (pk_set or action == "pre_clear"):
        _guard("a person's own permissions")
    if action == "pre_clear":
        field = instance.user_set if reverse else instance.user_permissions
        instance.__dict__[_BEFORE] = set(field.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = instance.__dict__.pop(_BEFORE, set()) if action == "post_clear" else pk_set or set()
    if not pks:
        return
    added = action == "post_add"
    if reverse:
        users, names = list(pks), [_perm_name(instance)]
    else:
        users, names = [instance.pk], _perm_names(pks)
    for user in get_user_model().objects.filter(pk__in=users):
        new = _perm_names(user.user_permissions.values_list("pk", flat=True))
        old = sorted(set(new) - set(names)) if added else sorted({*new, *names})
        verb = "given" if added else "lost"
        _record(
            EventKind.USER_PERMISSIONS_CHANGED,
            f"{user.get_username()} {verb} {', '.join(names)}",
            {"user": user.get_username(), "user_id": user.pk, "old": old, "new": new},
        )
    approver_refresh(users, instance if not reverse else None)


def _group_permissions_changed(
    instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_: Any
) -> None:
    if action == "pre_clear":
        field = instance.group_set if reverse else instance.permissions
        instance.__dict__[_BEFORE] = set(field.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = instance.__dict__.pop(_BEFORE, set()) if action == "post_clear" else pk_set or set()
    if not pks:
        return
    added = action == "post_add"
    groups = Group.objects.filter(pk__in=pks) if reverse else [instance]
    names = [_perm_name(instance)] if reverse else _perm_names(pks)
    for group in groups:
        members = sorted(group.user_set.values_list("username", flat=True))
        if not members:
            # A role nobody holds changes nobody's rights (roles_sync defines the roles on
            # every migrate); adding a person to it later is recorded with its name.
            continue
        new = _perm_names(group.permissions.values_list("pk", flat=True))
        old = sorted(set(new) - set(names)) if added else sorted({*new, *names})
        _record(
            EventKind.GROUP_PERMISSIONS_CHANGED,
            f"role {group.name} {'given' if added else 'lost'} {', '.join(names)}",
            {"group": group.name, "members": members, "old": old, "new": new},
        )
        approver_refresh(group.user_set.values_list("pk", flat=True))


# --- second factors -------------------------------------------------------------------------
_DEVICE_LABEL = {TOTPDevice: "TOTP", StaticDevice: "backup codes", StaticToken: "backup code"}


def _device_owner(instance: Any) -> Any:
    if isinstance(instance, StaticToken):
        row = StaticDevice.objects.filter(pk=instance.device_id).values("user_id").first()
        user_id = row["user_id"] if row else None
    else:
        user_id = instance.user_id
    return get_user_model().objects.filter(pk=user_id).first()


def _device_record(instance: Any, action: EventKind, what: str) -> None:
    owner = _device_owner(instance)
    name = owner.get_username() if owner is not None else ""
    label = _DEVICE_LABEL[type(instance)]
    _record(
        action,
        f"{label} of {name or 'a deleted person'} {what}",
        {"user": name, "device": label, "device_id": instance.pk, "change": what},
    )


def _device_pre_save(sender: Any, instance: Any, raw: bool, update_fields: Any, **_: Any) -> None:
    # A TOTP device given a new key (or confirmed again) is a reset of the second factor.
    watched = ["key", "confirmed"] if sender is TOTPDevice else ["confirmed"]
    if update_fields is not None:
        watched = [name for name in watched if name in update_fields]
    before = None
    if not raw and watched and instance.pk is not None and hasattr(instance, "confirmed"):
        before = sender.objects.filter(pk=instance.pk).values(*watched).first()
    instance.__dict__[_BEFORE] = before


def _device_post_save(sender: Any, instance: Any, created: bool, raw: bool, **_: Any) -> None:
    before = instance.__dict__.pop(_BEFORE, None)
    if raw:
        return
    if created:
        _device_record(instance, EventKind.SECOND_FACTOR_ADDED, "added")
        return
    if before and "key" in before and before["key"] != instance.key:
        _device_record(instance, EventKind.SECOND_FACTOR_REMOVED, "reset with a new key")
    elif before and "confirmed" in before and before["confirmed"] != instance.confirmed:
        what = "confirmed" if instance.confirmed else "unconfirmed"
        _device_record(instance, EventKind.SECOND_FACTOR_ADDED, what)


def _device_post_delete(sender: Any, instance: Any, **_: Any) -> None:
    what = "used or revoked" if sender is StaticToken else "removed"
    _device_record(instance, EventKind.SECOND_FACTOR_REMOVED, what)


# --- who may approve ------------------------------------------------------------------------
def _holds_approve() -> Q:
    app_label, codename = APPROVE.split(".")
    return (
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
        | Q(
            user_permissions__codename=codename,
            user_permissions__content_type__app_label=app_label,
        )
    )


def approver_refresh(user_pks: Iterable[Any], instance: Any = None) -> None:
    """Keep ``ApproverSince`` in step with who holds the approve permission now: a new holder
    starts the cooling-off (an Event, and the team is told); one who lost it loses the row, so
    gaining it again starts over."""
    pks = set(user_pks)
    if instance is not None:
        approver_cache_forget(instance)
    users = get_user_model().objects.filter(pk__in=pks)
    holders = set(users.filter(_holds_approve()).values_list("pk", flat=True).distinct())
    had = set(ApproverSince.objects.filter(user_id__in=pks).values_list("user_id", flat=True))
    ApproverSince.objects.filter(user_id__in=had - holders).delete()
    at = timezone.now()
    for user in users.filter(pk__in=holders - had):
        ApproverSince.objects.create(user=user, since=at)
        until = at + approver_cooling(user)
        told = approver_granted_mail(user=user, by=actor_current(), may_approve_at=until)
        _record(
            EventKind.APPROVER_GRANTED,
            f"{user.get_username()} became an approver, may approve from {until:%Y-%m-%d %H:%M}Z",
            {
                "user": user.get_username(),
                "user_id": user.pk,
                "since": at,
                "may_approve_from": until,
                "cooling_hours": settings.LERQ_APPROVER_COOLING_HOURS,
                "told": told,
            },
        )


# --- wiring ---------------------------------------------------------------------------------
def _save_atomically(model: Any) -> None:
    """``Model.save`` opens no transaction for a model without parents, so the Event written
    by post_save would commit apart from the row: wrap the watched models' ``save`` in one (a
    savepoint inside an outer transaction, so a refused change leaves the caller's usable)."""
    save = model.save
    if getattr(save, "lerq_atomic", False):
        return

    @functools.wraps(save)
    def atomic_save(self: Any, *args: Any, **kwargs: Any) -> Any:
        using = kwargs.get("using") or router.db_for_write(model, instance=self)
        with transaction.atomic(using=using):
            return save(self, *args, **kwargs)

    atomic_save.lerq_atomic = True  # type: ignore[attr-defined]
    model.save = atomic_save


def people_record_connect() -> None:
    """Called once from TriageConfig.ready."""
    user_model = get_user_model()
    uid = "lerq_people"
    for model in (user_model, TOTPDevice, StaticDevice, StaticToken):
        _save_atomically(model)
    signals.pre_save.connect(_user_pre_save, sender=user_model, dispatch_uid=uid)
    signals.post_save.connect(_user_post_save, sender=user_model, dispatch_uid=uid)
    signals.pre_delete.connect(_user_pre_delete, sender=user_model, dispatch_uid=uid)
    signals.post_delete.connect(_user_post_delete, sender=user_model, dispatch_uid=uid)
    m2m = signals.m2m_changed
    m2m.connect(_user_groups_changed, sender=user_model.groups.through, dispatch_uid=uid)
    m2m.connect(
        _user_permissions_changed, sender=user_model.user_permissions.through, dispatch_uid=uid
    )
    m2m.connect(_group_permissions_changed, sender=Group.permissions.through, dispatch_uid=uid)
    for device in (TOTPDevice, StaticDevice, StaticToken):
        signals.pre_save.connect(_device_pre_save, sender=device, dispatch_uid=uid)
        signals.post_save.connect(_device_post_save, sender=device, dispatch_uid=uid)
        signals.post_delete.connect(_device_post_delete, sender=device, dispatch_uid=uid)
