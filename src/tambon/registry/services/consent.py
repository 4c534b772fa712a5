"""Writes of PDPA consent: record a person's consent for a purpose, and its withdrawal.

A withdrawal keeps the record (with the date it was withdrawn): the history of what the person
agreed to, and when, is itself something they may ask to see.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core import thai
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.registry.models import Consent, Person
from tambon.registry.services.households import full_clean

MSG_NOT_ALLOWED = gettext_noop("You may not record consent for this person.")
MSG_PURPOSE_UNKNOWN = gettext_noop("Choose what the consent is for.")
MSG_GIVEN_BY_UNKNOWN = gettext_noop("Choose who gave the consent.")
MSG_NAME_REQUIRED = gettext_noop("Give the name of the guardian or caregiver who gave consent.")
MSG_FUTURE = gettext_noop("The date is in the future.")
MSG_ALREADY_GIVEN = gettext_noop(
    "This person's consent for this purpose is already recorded (on %(date)s): withdraw it "
    "first to record a new one."
)
MSG_ALREADY_WITHDRAWN = gettext_noop("This consent was already withdrawn.")
MSG_WITHDRAWN_BEFORE_GIVEN = gettext_noop(
    "A consent is withdrawn on or after the day it was given."
)


def _check_date(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(_(MSG_FUTURE), field=field)


@transaction.atomic
def add_consent(
    *,
    by: Any,
    person: Person,
    purpose: str,
    given_on: dt.date,
    given_by: str = Consent.GivenBy.SELF,
    given_by_name: str = "",
    note: str = "",
) -> Consent:
    """Record that a person (or their guardian or caregiver) consented to a purpose."""
    if not by.has_perm("registry.change_record", person):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    if purpose not in Consent.Purpose.values:
        raise ValidationError(_(MSG_PURPOSE_UNKNOWN), field="purpose")
    if given_by not in Consent.GivenBy.values:
        raise ValidationError(_(MSG_GIVEN_BY_UNKNOWN), field="given_by")
    given_by_name = " ".join(given_by_name.split())
    if given_by != Consent.GivenBy.SELF and not given_by_name:
        raise ValidationError(_(MSG_NAME_REQUIRED), field="given_by_name")
    _check_date(given_on, "given_on")
    # Lock the person's row: two officers recording the same consent at once get one each.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    active = Consent.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True)
    current = active.first()
    if current is not None:
        raise ValidationError(
            _(MSG_ALREADY_GIVEN) % {"date": thai.format_date(current.given_on)},
            field="purpose",
        )
    consent = Consent(
        person=person,
        purpose=purpose,
        given_by=given_by,
        given_by_name=given_by_name,
        given_on=given_on,
        note=note.strip(),
        recorded_by=by,
        created_by=by,
        updated_by=by,
    )
    full_clean(consent)
    consent.save()
    return consent


@transaction.atomic
def withdraw_consent(*, by: Any, consent: Consent, withdrawn_on: dt.date | None = None) -> Consent:
    """Mark a consent as withdrawn on a day (today by default); the record is kept."""
    if not by.has_perm("registry.change_record", consent.person):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    withdrawn_on = withdrawn_on or timezone.localdate()
    _check_date(withdrawn_on, "withdrawn_on")
    current = Consent.objects.select_for_update().get(pk=consent.pk)
    if current.withdrawn_on is not None:
        raise ValidationError(_(MSG_ALREADY_WITHDRAWN), field="withdrawn_on")
    if withdrawn_on < current.given_on:
        raise ValidationError(_(MSG_WITHDRAWN_BEFORE_GIVEN), field="withdrawn_on")
    current.withdrawn_on = withdrawn_on
    current.updated_by = by
    current.save(update_fields=["withdrawn_on", "updated_by", "updated_at"])
    consent.withdrawn_on = withdrawn_on
    return current
