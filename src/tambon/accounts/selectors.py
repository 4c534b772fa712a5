"""Reads of accounts: the users an officer manages, and the two audit trails."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tambon.accounts import policy
from tambon.accounts.models import AccessLog, AreaAssignment, User
from tambon.core.errors import PermissionDenied
from tambon.geo.models import District, Province, Subdistrict, Village

# --- people ------------------------------------------------------------------------------


def managed_users(
    *, user: Any, search: str = "", role: str = "", area_code: str = ""
) -> QuerySet[User]:
    """The users `user` manages (policy.manages_user as one query), filtered, areas prefetched.

    `search` matches every word against name, username or e-mail; `area_code` keeps users
    with at least one area inside that area.
    """
    qs = policy.scope_managed_users(User.objects.all(), user)
    words = search.split()
    if words:
        qs = qs.filter(
            reduce(
                and_,
                (
                    Q(first_name__icontains=w)
                    | Q(last_name__icontains=w)
                    | Q(username__icontains=w)
                    | Q(email__icontains=w)
                    for w in words
                ),
            )
        )
    if role:
        qs = qs.filter(role=role)
    if area_code:
        inside = AreaAssignment.objects.filter(user=OuterRef("pk"), area_code__startswith=area_code)
        qs = qs.filter(Exists(inside))
    return qs.prefetch_related("areas").order_by("first_name", "last_name", "username")


def area_names(codes: Any) -> dict[str, str]:
    """The display name of each area code, in at most one query per level."""
    codes = set(codes)
    by_length: dict[int, set[str]] = {}
    for code in codes:
        by_length.setdefault(len(code), set()).add(code)
    models: dict[int, Any] = {2: Province, 4: District, 6: Subdistrict, 8: Village}
    names: dict[str, str] = {}
    for length, wanted in by_length.items():
        model = models.get(length)
        if model is None:
            continue
        names.update({str(a.pk): str(a) for a in model.objects.filter(pk__in=wanted)})
    return {code: names.get(code, code) for code in codes}


# --- audit trails ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    username: str = ""
    record_type: str = ""  # a content-type id (change history) or an app_label.model name
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    area_prefix: str = ""  # access log only


def _check_audit(by: Any) -> None:
    if not by.has_perm("accounts.view_audit"):
        raise PermissionDenied()


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _date_range(field: str, filters: AuditFilters) -> Q:
    q = Q()
    if filters.date_from:
        q &= Q(**{f"{field}__gte": _day_start(filters.date_from)})
    if filters.date_to:
        q &= Q(**{f"{field}__lt": _day_start(filters.date_to + dt.timedelta(days=1))})
    return q


# django-auditlog's action names, in our own words (it ships no Thai catalogue).
HISTORY_ACTIONS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("accessed"),
}


def history_action(entry: LogEntry) -> str:
    return str(HISTORY_ACTIONS.get(entry.action, entry.action))


def change_history(*, by: Any, filters: AuditFilters) -> QuerySet[LogEntry]:
    """Change-history rows (django-auditlog) matching `filters`, newest first."""
    _check_audit(by)
    qs = LogEntry.objects.select_related("actor", "content_type").filter(
        _date_range("timestamp", filters)
    )
    if filters.username:
        qs = qs.filter(actor__username__icontains=filters.username.strip())
    if filters.record_type.isdigit():
        qs = qs.filter(content_type_id=int(filters.record_type))
    if filters.action.isdigit():
        qs = qs.filter(action=int(filters.action))
    return qs.order_by("-timestamp", "-pk")


def access_log(*, by: Any, filters: AuditFilters) -> QuerySet[AccessLog]:
    """Access-log rows matching `filters`, newest first."""
    _check_audit(by)
    qs = AccessLog.objects.select_related("user").filter(_date_range("at", filters))
    if filters.username:
        qs = qs.filter(user__username__icontains=filters.username.strip())
    if filters.record_type:
        qs = qs.filter(object_type=filters.record_type)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.area_prefix:
        qs = qs.filter(area_code__startswith=filters.area_prefix.strip())
    return qs.order_by("-at", "-pk")


def history_record_types() -> list[tuple[str, str]]:
    """(content-type id, model name) of every model with a change history."""
    types = ContentType.objects.get_for_models(*auditlog.get_models())
    choices = [(str(ct.pk), str(model._meta.verbose_name)) for model, ct in types.items()]
    return sorted(choices, key=lambda c: c[1])


def access_log_record_types() -> list[tuple[str, str]]:
    """(app_label.model, model name) of every record type in the access log."""
    labels = AccessLog.objects.order_by().values_list("object_type", flat=True).distinct()
    return sorted(((label, record_type_name(label)) for label in labels), key=lambda c: c[1])


def record_type_name(label: str) -> str:
    """The verbose name of a model given as app_label.model, or the label itself."""
    app_label, _, model_name = label.partition(".")
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        model = None
    return str(model._meta.verbose_name) if model else label


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


def _display(field: Any, value: Any) -> str:
    if value is None or value == "None":
        return ""
    choices = dict(getattr(field, "flatchoices", None) or ())
    for key, label in choices.items():
        if str(key) == str(value):
            return str(label)
    return str(value)


def field_changes(entry: LogEntry) -> list[FieldChange]:
    """The fields an entry changed, old → new, labelled with the fields' verbose names."""
    model = entry.content_type.model_class()
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
        if field is not None and getattr(field, "primary_key", False):
            continue  # the record's own id: already in the record column
        label = str(getattr(field, "verbose_name", name))
        if isinstance(values, dict):  # a many-to-many change: {"operation", "objects"}
            objects = ", ".join(str(o) for o in values.get("objects", []))
            old, new = ("", objects) if values.get("operation") == "add" else (objects, "")
        else:
            old, new = _display(field, values[0]), _display(field, values[1])
        rows.append(FieldChange(name, label, old, new))
    return rows


def filters_description(filters: AuditFilters) -> str:
    """A short, language-neutral summary of the filters (for the export's access-log row)."""
    parts = [
        f"{key}={value}"
        for key, value in (
            ("user", filters.username),
            ("type", filters.record_type),
            ("action", filters.action),
            ("from", filters.date_from.isoformat() if filters.date_from else ""),
            ("to", filters.date_to.isoformat() if filters.date_to else ""),
            ("area", filters.area_prefix),
        )
        if value
    ]
    return " ".join(parts) or "all"


# --- who may be assigned work ----------------------------------------------------------


def assignable_users(subdistrict_code: str | Sequence[str], roles: Sequence[str]) -> QuerySet[User]:
    """Active users of `roles` whose area covers the sub-district (its province, district
    or itself), or one of several: who a case, or a household to look after, may be given
    to there."""
    codes = [subdistrict_code] if isinstance(subdistrict_code, str) else subdistrict_code
    covering = {prefix for code in codes for prefix in (code[:2], code[:4], code[:6])}
    covers = AreaAssignment.objects.filter(area_code__in=covering, user=OuterRef("pk"))
    return (
        User.objects.filter(is_active=True, role__in=roles)
        .filter(Exists(covers))
        .order_by("first_name", "last_name", "username")
    )
