"""The data-subject export (PDPA): everything the registry holds on one person.

The person's fields (with the full national ID), their household and its members' names,
consents, needs assessments with their answers, the access log and the change history of their
record (each changed field named by its label), merges, and the sections that apps built on
the registry add (`add_section`: the cases app adds the person's cases). Only national admins
may export (registry.export_data_subject); every export is itself written to the access log.
"""

from collections.abc import Callable
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts.models import AccessLog
from tambon.accounts.selectors import history_action
from tambon.accounts.services import record_access
from tambon.core import nationalid
from tambon.core.errors import PermissionDenied
from tambon.registry.models import (
    Consent,
    Household,
    Merge,
    NeedsAssessment,
    Person,
)
from tambon.registry.selectors.people import (
    assessments_of,
    consents_of,
    fellow_members,
)
from tambon.registry.selectors.target_groups import age_on, target_groups_of

MSG_NOT_ALLOWED = gettext_noop("Only national administrators may export a person's data.")
EXPORT_REASON = gettext_noop("data-subject request (PDPA)")
# Sections of the export that other apps hold (name → builder), added by those apps.
_sections: dict[str, Callable[[Person], Any]] = {}


def add_section(name: str, build: Callable[[Person], Any]) -> None:
    """Add `name` to every export: what `build(person)` gives (plain data)."""
    _sections[name] = build


def user_name(user: Any) -> str | None:
    """How a user is named in an export: full name, else username."""
    if user is None:
        return None
    return str(user.get_full_name() or user.username)


def _area(area: Any) -> dict[str, str] | None:
    if area is None:
        return None
    return {"code": str(area.pk), "name": str(area.name)}


def _person(person: Person) -> dict[str, Any]:
    groups = target_groups_of(person)
    return {
        "id": person.pk,
        "national_id": nationalid.format(person.national_id) if person.national_id else None,
        "title": person.title,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "sex": person.sex,
        "sex_label": str(person.get_sex_display()) if person.sex else "",
        "birth_date": person.birth_date,
        "age": age_on(person.birth_date),
        "phone": person.phone,
        "address": person.address,
        "subdistrict": _area(person.subdistrict),
        "village": _area(person.village),
        "relation": person.relation,
        "relation_label": str(person.get_relation_display()) if person.relation else "",
        "target_groups": [
            {"code": g.code, "name": g.name, "derived": g.is_derived} for g in groups
        ],
        "disability_type": person.disability_type,
        "disability_card": person.disability_card,
        "welfare_card": person.welfare_card,
        "note": person.note,
        "merged_into": person.merged_into_id,
        "version": person.version,
        "created_at": person.created_at,
        "created_by": user_name(person.created_by),
        "updated_at": person.updated_at,
        "updated_by": user_name(person.updated_by),
    }


def _household(person: Person) -> dict[str, Any] | None:
    household: Household | None = person.household
    if household is None:
        return None
    return {
        "id": household.pk,
        "house_number": household.house_number,
        "address": household.address,
        "subdistrict": _area(household.subdistrict),
        "village": _area(household.village),
        "housing": household.housing,
        "income_band": household.income_band,
        "note": household.note,
        "members": [
            {
                "name": member.full_name,
                "relation": member.relation,
                "relation_label": str(member.get_relation_display()) if member.relation else "",
            }
            for member in fellow_members(person)
        ],
    }


def _consent(consent: Consent) -> dict[str, Any]:
    return {
        "id": consent.pk,
        "purpose": consent.purpose,
        "purpose_label": str(consent.get_purpose_display()),
        "given_by": consent.given_by,
        "given_by_name": consent.given_by_name,
        "given_on": consent.given_on,
        "withdrawn_on": consent.withdrawn_on,
        "recorded_by": user_name(consent.recorded_by),
        "note": consent.note,
    }


def _assessment(assessment: NeedsAssessment) -> dict[str, Any]:
    answers = assessment.answers.select_related("indicator").order_by(
        "indicator__dimension", "indicator__position", "indicator__code"
    )
    return {
        "id": assessment.pk,
        "of": "person" if assessment.person_id else "household",
        "assessed_on": assessment.assessed_on,
        "assessed_by": user_name(assessment.assessed_by),
        "mapping_version": assessment.mapping_version.number,
        "scores": assessment.scores,
        "four_s_scores": assessment.four_s_scores,
        "problems": [{"code": p.code, "name": p.name} for p in assessment.problems.all()],
        "answers": [
            {
                "indicator": a.indicator.code,
                "question": a.indicator.text,
                "met": a.met,
                "note": a.note,
            }
            for a in answers
        ],
        "note": assessment.note,
    }


def _access_log(person: Person) -> list[dict[str, Any]]:
    rows = AccessLog.objects.filter(
        object_type=Person._meta.label_lower, object_id=str(person.pk)
    ).select_related("user")
    return [
        {
            "at": row.at,
            "user": user_name(row.user),
            "action": row.action,
            "action_label": str(row.get_action_display()),
            "reason": row.reason,
        }
        for row in rows.order_by("at", "pk")
    ]


def _record_type(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model is not None else entry.content_type.model


def _field_label(model: type[Model] | None, name: str) -> str:
    """The field's label (its verbose_name, translated); for a reverse relation (auditlog tracks
    those too) the related records' plural name; the raw name for a field the model no longer
    has (history outlives renamed fields)."""
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    label = getattr(field, "verbose_name", None)
    related = getattr(field, "related_model", None)
    if label is None and related is not None:
        label = related._meta.verbose_name_plural
    return str(label) if label is not None else name


def _history_entry(entry: LogEntry) -> dict[str, Any]:
    changes = entry.changes_dict
    model = entry.content_type.model_class()
    return {
        "at": entry.timestamp,
        "record": _record_type(entry),
        "record_id": entry.object_pk,
        "actor": user_name(entry.actor),
        "action": history_action(entry),
        "changes": changes,
        "fields": [{"name": name, "label": _field_label(model, name)} for name in changes],
    }


def _change_history(person: Person) -> list[dict[str, Any]]:
    types = ContentType.objects.get_for_models(Person, Consent)
    consent_ids = [str(pk) for pk in person.consents.values_list("pk", flat=True)]
    entries = LogEntry.objects.filter(
        Q(content_type=types[Person], object_pk=str(person.pk))
        | Q(content_type=types[Consent], object_pk__in=consent_ids)
    ).select_related("actor", "content_type")
    return [_history_entry(entry) for entry in entries.order_by("timestamp", "pk")]


def _merges(person: Person) -> list[dict[str, Any]]:
    rows = Merge.objects.filter(Q(survivor=person) | Q(merged=person)).select_related(
        "merged_by", "undone_by"
    )
    return [
        {
            "survivor_id": m.survivor_id,
            "merged_id": m.merged_id,
            "merged_at": m.created_at,
            "merged_by": user_name(m.merged_by),
            "reason": m.reason,
            "undone_at": m.undone_at,
            "undone_by": user_name(m.undone_by),
        }
        for m in rows.order_by("created_at", "pk")
    ]


def subject_record(person: Person) -> dict[str, Any]:
    """Everything held on `person`, as plain data (dates as date objects)."""
    return {
        "exported_at": timezone.now(),
        "person": _person(person),
        "household": _household(person),
        "consents": [_consent(c) for c in consents_of(person)],
        "assessments": [_assessment(a) for a in assessments_of(person)],
        **{name: build(person) for name, build in _sections.items()},
        "access_log": _access_log(person),
        "change_history": _change_history(person),
        "merges": _merges(person),
    }


def export_subject(
    *, by: Any, person: Person, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The data-subject export of `person` for a national admin, written to the access log."""
    if not by.has_perm("registry.export_data_subject"):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    record_access(
        user=by,
        obj=person,
        request=request,
        action=AccessLog.Action.EXPORT,
        reason=_(EXPORT_REASON),
    )
    return subject_record(person)
