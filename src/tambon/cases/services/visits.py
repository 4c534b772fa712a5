"""Writes of home visits (เยี่ยมบ้าน): recorded by the case's officers and its volunteer, often
from a phone, with a quick reassessment of the five dimensions and an optional photo.

A photo needs a current consent of purpose "photos" of the case's person (of a household's
case: its head); it is checked and stored re-encoded by services/photos.py. Each write is one
transaction, checks the policy (cases/policy.py) and writes a CaseEvent; django-auditlog
(cases/audit.py) records the rows.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.cases.models import Case, HomeVisit
from tambon.cases.services.events import record_event
from tambon.cases.services.fieldwork import (
    TEXT_MAX,
    Kind,
    check_day,
    check_open,
    clean_text,
)
from tambon.cases.services.photos import clean_photo
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.registry.models import Consent, Dimension, Person

MSG_VISIT_NOT_ALLOWED = gettext_noop("You may not record visits of this case.")
MSG_OBSERVATIONS = gettext_noop("Write what you saw and heard on the visit.")
MSG_SCORE_DIMENSION = gettext_noop("“%(name)s” is not one of the five dimensions.")
MSG_SCORE_VALUE = gettext_noop("Score each dimension from 1 (serious problem) to 5 (no problem).")
MSG_PHOTO_CONSENT = gettext_noop(
    "No photo: %(person)s has not given consent to photos (or withdrew it). Record the "
    "consent on the person's page first, or save the visit without a photo."
)
MSG_PHOTO_NO_PERSON = gettext_noop(
    "No photo: this household's case names no person whose consent to photos is recorded."
)
MSG_PHOTO_ALREADY = gettext_noop("This visit already has its photo.")

MET_MAX = 300


def clean_scores(scores: dict[str, Any] | None) -> dict[str, int]:
    """The quick reassessment: any subset of the five dimensions, each scored 1–5."""
    cleaned: dict[str, int] = {}
    labels = dict(Dimension.choices)
    for key, value in (scores or {}).items():
        if key not in labels:
            raise ValidationError(_(MSG_SCORE_DIMENSION) % {"name": key}, field="dimension_scores")
        if value in (None, ""):
            continue
        if isinstance(value, bool) or not str(value).strip().isdigit():
            raise ValidationError(_(MSG_SCORE_VALUE), field="dimension_scores")
        number = int(str(value).strip())
        if not 1 <= number <= 5:
            raise ValidationError(_(MSG_SCORE_VALUE), field="dimension_scores")
        cleaned[key] = number
    return {key: cleaned[key] for key in Dimension.values if key in cleaned}


def photo_subject(case: Case) -> Person | None:
    """Whose consent a visit photo needs: the case's person, else the household's head."""
    if case.person is not None:
        return case.person
    if case.household is not None:
        return case.household.members.filter(relation="head").order_by("pk").first()
    return None


def has_photo_consent(person: Person) -> bool:
    """A current (given, not withdrawn) consent of purpose "photos"."""
    today = timezone.localdate()
    return Consent.objects.filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today),
        person=person,
        purpose=Consent.Purpose.PHOTOS,
        given_on__lte=today,
    ).exists()


def _check_photo_consent(case: Case) -> None:
    person = photo_subject(case)
    if person is None:
        raise ValidationError(_(MSG_PHOTO_NO_PERSON), field="photo")
    if not has_photo_consent(person):
        raise ValidationError(_(MSG_PHOTO_CONSENT) % {"person": person.full_name}, field="photo")


@transaction.atomic
def record_visit(
    *,
    case: Case,
    visited_on: dt.date,
    met: str,
    observations: str,
    dimension_scores: dict[str, Any] | None = None,
    photo: Any = None,
    by: Any,
) -> HomeVisit:
    """Record a home visit (the case's officers and its volunteer), with an optional photo."""
    if not by.has_perm("cases.record_visit", case):
        raise PermissionDenied(_(MSG_VISIT_NOT_ALLOWED))
    check_open(case)
    check_day(case, visited_on, "visited_on")
    observations = clean_text(observations, TEXT_MAX)
    if not observations:
        raise ValidationError(_(MSG_OBSERVATIONS), field="observations")
    scores = clean_scores(dimension_scores)
    visit = HomeVisit(
        case=case,
        visited_on=visited_on,
        visitor=by,
        met=" ".join((met or "").split())[:MET_MAX],
        observations=observations,
        dimension_scores=scores,
        created_by=by,
        updated_by=by,
    )
    if photo is None:
        visit.save()
    else:
        _store_photo(visit, photo)
    record_event(
        case=case,
        by=by,
        kind=Kind.VISIT,
        data={
            "visit": visit.pk,
            "visited_on": visited_on.isoformat(),
            "met": visit.met,
            "scores": scores,
            "photo": bool(visit.photo),
        },
    )
    return visit


def _store_photo(visit: HomeVisit, photo: Any) -> None:
    """Check the consent, clean the photo and write it with the visit's row."""
    _check_photo_consent(visit.case)
    stored = clean_photo(photo)
    # The file is written first (the row needs its name); if the row cannot be written the
    # file goes too, so that no photo is left on disk without its visit.
    visit.photo.save(stored.name, stored, save=False)
    try:
        if visit.pk is None:
            visit.save()
        else:
            visit.save(update_fields=["photo", "updated_by", "updated_at"])
    except Exception:
        visit.photo.storage.delete(visit.photo.name)
        raise


@transaction.atomic
def add_visit_photo(*, visit: HomeVisit, photo: Any, by: Any) -> HomeVisit:
    """Add the photo of a visit recorded without one (its visitor or an officer of the area)."""
    case = visit.case
    if not by.has_perm("cases.record_visit", case) or not (
        visit.visitor_id == by.pk or by.has_perm("cases.change_case", case)
    ):
        raise PermissionDenied(_(MSG_VISIT_NOT_ALLOWED))
    check_open(case)
    current = HomeVisit.objects.select_for_update().select_related("case").get(pk=visit.pk)
    if current.photo:
        raise ValidationError(_(MSG_PHOTO_ALREADY), field="photo")
    current.updated_by = by
    _store_photo(current, photo)
    record_event(
        case=case,
        by=by,
        kind=Kind.VISIT,
        data={
            "visit": current.pk,
            "visited_on": current.visited_on.isoformat(),
            "photo": True,
            "change": "photo_added",
        },
    )
    return current
