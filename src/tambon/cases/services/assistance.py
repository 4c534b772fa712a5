"""Writes of assistance (ความช่วยเหลือ) given to a case: cash, goods or a service, its amount in
baht and its source. Officers of the case's area only; one transaction, a CaseEvent, audited.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.cases.models import Assistance, Case, Referral
from tambon.cases.services.events import record_event
from tambon.cases.services.fieldwork import Kind, check_day, check_open
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.network.models import Partner
from tambon.network.selectors.partners import visible_partners

MSG_ASSISTANCE_NOT_ALLOWED = gettext_noop("Only an officer of the case's area records assistance.")
MSG_KIND = gettext_noop("Choose what was given: cash, goods or a service.")
MSG_SOURCE = gettext_noop("Choose where the help came from.")
MSG_DESCRIPTION = gettext_noop("Write what was given.")
MSG_AMOUNT_CASH = gettext_noop("Give the amount of cash in baht.")
MSG_AMOUNT_NEGATIVE = gettext_noop("The amount cannot be negative.")
MSG_AMOUNT_FORMAT = gettext_noop("Write the amount in baht with at most 2 decimals, e.g. 1500.50.")
MSG_AMOUNT_TOO_BIG = gettext_noop("The amount is too large.")
MSG_PARTNER = gettext_noop("This partner is not one you work with.")
MSG_REFERRAL = gettext_noop("This referral is not of this case.")
MSG_REFERRAL_PARTNER = gettext_noop("The partner is not the one the referral went to.")

DESCRIPTION_MAX = 300
AMOUNT_MAX = Decimal("9999999999.99")
CENT = Decimal("0.01")


def clean_amount(amount: Any, kind: str) -> Decimal | None:
    """Baht with at most 2 decimals, not negative; required for cash."""
    if amount in (None, ""):
        if kind == Assistance.Kind.CASH:
            raise ValidationError(_(MSG_AMOUNT_CASH), field="amount")
        return None
    try:
        value = Decimal(str(amount).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError(_(MSG_AMOUNT_FORMAT), field="amount") from None
    if not value.is_finite():
        raise ValidationError(_(MSG_AMOUNT_FORMAT), field="amount")
    if value < 0:
        raise ValidationError(_(MSG_AMOUNT_NEGATIVE), field="amount")
    # Before quantize: quantizing a huge amount (1e99) to cents raises InvalidOperation.
    if value > AMOUNT_MAX:
        raise ValidationError(_(MSG_AMOUNT_TOO_BIG), field="amount")
    if value != value.quantize(CENT):
        raise ValidationError(_(MSG_AMOUNT_FORMAT), field="amount")
    return value.quantize(CENT)


def _check_giver(
    by: Any, case: Case, partner: Partner | None, referral: Referral | None
) -> Partner | None:
    if referral is not None:
        if referral.case_id != case.pk:
            raise ValidationError(_(MSG_REFERRAL), field="referral")
        if partner is None:
            return referral.partner
        if referral.partner_id != partner.pk:
            raise ValidationError(_(MSG_REFERRAL_PARTNER), field="partner")
    if partner is not None and not visible_partners(by).filter(pk=partner.pk).exists():
        raise ValidationError(_(MSG_PARTNER), field="partner")
    return partner


@transaction.atomic
def record_assistance(
    *,
    case: Case,
    given_on: dt.date,
    kind: str,
    description: str,
    amount: Any,
    source: str,
    partner: Partner | None = None,
    referral: Referral | None = None,
    by: Any,
) -> Assistance:
    """Record help given to the case's person (officers of the case's area)."""
    if not by.has_perm("cases.record_assistance", case):
        raise PermissionDenied(_(MSG_ASSISTANCE_NOT_ALLOWED))
    check_open(case)
    if kind not in Assistance.Kind.values:
        raise ValidationError(_(MSG_KIND), field="kind")
    if source not in Assistance.Source.values:
        raise ValidationError(_(MSG_SOURCE), field="source")
    check_day(case, given_on, "given_on")
    description = " ".join((description or "").split())[:DESCRIPTION_MAX]
    if not description:
        raise ValidationError(_(MSG_DESCRIPTION), field="description")
    value = clean_amount(amount, kind)
    partner = _check_giver(by, case, partner, referral)
    given = Assistance.objects.create(
        case=case,
        given_on=given_on,
        kind=kind,
        description=description,
        amount=value,
        source=source,
        partner=partner,
        referral=referral,
        created_by=by,
        updated_by=by,
    )
    record_event(
        case=case,
        by=by,
        kind=Kind.ASSISTANCE,
        data={
            "assistance": given.pk,
            "given_on": given_on.isoformat(),
            "kind": kind,
            "description": description,
            "amount": str(value) if value is not None else "",
            "source": source,
            "partner": str(partner) if partner else "",
        },
    )
    return given
