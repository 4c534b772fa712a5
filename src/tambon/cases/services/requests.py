"""Writes of public requests for help (ขอความช่วยเหลือ): the public form's `submit_request`,
and the officers' `open_case_from_request` (an existing person or household, or a new person
registered through the registry services) and `close_request` (without a case).

A request's status is received → in_progress (a case was opened) or closed (with a note).
Once its case is closed the public status page shows "closed" (selectors.requests): the case
workflow is not touched from here.
"""

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from tambon.accounts.roles import Role
from tambon.accounts.selectors import assignable_users
from tambon.cases.models import Case, HelpRequest, register_event_kind
from tambon.cases.services.cases import CaseData, open_case
from tambon.cases.services.events import record_event
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict, Village
from tambon.notifications.services import notify
from tambon.registry.models import Household, Person, ProblemType
from tambon.registry.services.households import HouseholdData, create_household
from tambon.registry.services.people import PersonData, create_person, normalize_phone

MSG_SUBDISTRICT = gettext_noop("Choose the sub-district where help is needed.")
MSG_VILLAGE = gettext_noop("This village is not in the chosen sub-district.")
MSG_PROBLEM = gettext_noop("This problem type is no longer in use: choose another one.")
MSG_DESCRIPTION = gettext_noop("Tell us what happened.")
MSG_DESCRIPTION_LONG = gettext_noop("Please keep it under %(n)s characters.")
MSG_CONSENT = gettext_noop(
    "Tick the box to agree that officers may contact you at this phone number."
)
MSG_NOT_ALLOWED = gettext_noop("You may not handle this request for help.")
MSG_ALREADY_HANDLED = gettext_noop("This request was already handled: %(status)s.")
MSG_SUBJECT_ELSEWHERE = gettext_noop(
    "The person or household must live in the sub-district of the request."
)
MSG_NOTE_REQUIRED = gettext_noop("Say why the request is closed without a case.")

DESCRIPTION_MAX = 4000
NOTE_MAX = 2000
# Crockford-like: no 0/O, 1/I/L, so a reference read over the phone is not mistaken.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8

KIND_FROM_REQUEST = register_event_kind(
    "from_request",
    gettext_lazy("from a request for help"),
    detail_template="cases/events/from_request.html",
)


def new_reference() -> str:
    """HR- and 8 crypto-random characters (31^8 ≈ 8.5e11: not guessable, not sequential)."""
    return "HR-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


@dataclass
class RequestData:
    """What a member of the public tells (the public form fills this)."""

    subdistrict: Subdistrict | None
    description: str
    village: Village | None = None
    problem_type: ProblemType | None = None
    place_detail: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    for_someone_else: bool = False
    consent: bool = False


def _clean(data: RequestData) -> tuple[str, str]:
    if data.subdistrict is None:
        raise ValidationError(_(MSG_SUBDISTRICT), field="subdistrict")
    if data.village is not None and data.village.subdistrict_id != data.subdistrict.pk:
        raise ValidationError(_(MSG_VILLAGE), field="village")
    if data.problem_type is not None and not data.problem_type.active:
        raise ValidationError(_(MSG_PROBLEM), field="problem_type")
    description = (data.description or "").strip()
    if not description:
        raise ValidationError(_(MSG_DESCRIPTION), field="description")
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError(_(MSG_DESCRIPTION_LONG) % {"n": DESCRIPTION_MAX}, field="description")
    phone = normalize_phone(data.contact_phone)  # raises its own message on "phone"
    if phone and not data.consent:
        raise ValidationError(_(MSG_CONSENT), field="consent")
    return description, phone


def officers_to_notify(subdistrict_code: str) -> list[Any]:
    """The sub-district officers covering the sub-district; its provincial officers if none."""
    officers = list(assignable_users(subdistrict_code, [Role.SUBDISTRICT_OFFICER]))
    return officers or list(assignable_users(subdistrict_code, [Role.PROVINCIAL_OFFICER]))


def _name(record: Any) -> str:
    return str(record.name)


# A place's or problem's name in the language active when the message is rendered (each
# recipient's own), not the one of the requester's page.
_name_in_language = lazy(_name, str)


def _notify_officers(help_request: HelpRequest) -> None:
    subdistrict = help_request.subdistrict
    problem = help_request.problem_type
    notify(
        recipients=officers_to_notify(subdistrict.pk),
        subject=format_lazy(
            gettext_lazy("New request for help {reference} in {place}"),
            reference=help_request.reference,
            place=_name_in_language(subdistrict),
        ),
        body=format_lazy(
            gettext_lazy(
                "A request for help ({problem}) came in through the public form. "
                "Open it to read it and decide what to do."
            ),
            problem=_name_in_language(problem) if problem is not None else gettext_lazy("other"),
        ),
        url=reverse("cases:request_detail", args=[help_request.pk]),
    )


@transaction.atomic
def submit_request(*, data: RequestData, reference: str | None = None) -> HelpRequest:
    """Record a public request for help (no account needed) and tell the area's officers.

    `reference` is for the demo generator only (deterministic data); the public form never
    passes one."""
    description, phone = _clean(data)
    subdistrict = data.subdistrict
    assert subdistrict is not None  # _clean refuses a request without one
    for _attempt in range(5):
        try:
            with transaction.atomic():
                help_request = HelpRequest.objects.create(
                    reference=reference or new_reference(),
                    subdistrict=subdistrict,
                    village=data.village,
                    problem_type=data.problem_type,
                    description=description,
                    place_detail=" ".join(data.place_detail.split())[:300],
                    contact_name=" ".join(data.contact_name.split())[:200],
                    contact_phone=phone,
                    for_someone_else=data.for_someone_else,
                )
            break
        except IntegrityError:  # a reference drawn twice: draw again
            if reference:
                raise
            continue
    else:  # pragma: no cover - 31^8 references
        raise RuntimeError("no free request reference")
    _notify_officers(help_request)
    return help_request


def _check_handler(by: Any, help_request: HelpRequest) -> None:
    if not by.has_perm("cases.handle_help_request", help_request):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    # Re-read under a row lock (PostgreSQL): two officers clicking at once handle it once.
    current = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if current.status != HelpRequest.Status.RECEIVED:
        raise ValidationError(
            _(MSG_ALREADY_HANDLED) % {"status": current.get_status_display()}, field="status"
        )


@transaction.atomic
def open_case_from_request(
    *,
    by: Any,
    help_request: HelpRequest,
    data: CaseData,
    person: Person | None = None,
    household: Household | None = None,
) -> Case:
    """Open a case (channel: public request) for a person or household of the request's
    sub-district; the request becomes "being handled" and is linked to the case."""
    _check_handler(by, help_request)
    for subject in (person, household):
        if subject is not None and subject.subdistrict_id != help_request.subdistrict_id:
            raise ValidationError(_(MSG_SUBJECT_ELSEWHERE), field="person")
    data.channel = Case.Channel.PUBLIC_REQUEST
    if not data.summary.strip():
        data.summary = help_request.description
    case = open_case(by=by, data=data, person=person, household=household)
    help_request.case = case
    help_request.status = HelpRequest.Status.IN_PROGRESS
    help_request.handled_by = by
    help_request.updated_by = by
    help_request.save(update_fields=["case", "status", "handled_by", "updated_by", "updated_at"])
    record_event(
        case=case,
        by=by,
        kind=KIND_FROM_REQUEST,
        data={
            "reference": help_request.reference,
            # How the request came in: the public form is its only channel so far.
            "channel": "public_form",
            "received_on": timezone.localtime(help_request.created_at).date().isoformat(),
        },
    )
    return case


@transaction.atomic
def open_case_for_new_person(
    *,
    by: Any,
    help_request: HelpRequest,
    data: CaseData,
    person_data: PersonData,
    household_data: HouseholdData | None = None,
) -> Case:
    """Register the person (and their household) in the request's sub-district through the
    registry services, then open the case from the request, all in one transaction."""
    _check_handler(by, help_request)
    person_data.subdistrict = help_request.subdistrict
    if household_data is not None:
        household_data.subdistrict = help_request.subdistrict
        household_data.village = household_data.village or person_data.village
        household = create_household(by=by, data=household_data)
        person_data.household = household
        person_data.relation = person_data.relation or "head"
    person = create_person(by=by, data=person_data)
    return open_case_from_request(
        by=by, help_request=help_request, data=data, person=person, household=None
    )


@transaction.atomic
def close_request(*, by: Any, help_request: HelpRequest, note: str) -> HelpRequest:
    """Close a request without opening a case (a duplicate, not a social problem…), with why."""
    _check_handler(by, help_request)
    note = (note or "").strip()
    if not note:
        raise ValidationError(_(MSG_NOTE_REQUIRED), field="note")
    help_request.status = HelpRequest.Status.CLOSED
    help_request.closing_note = note[:NOTE_MAX]
    help_request.handled_by = by
    help_request.updated_by = by
    help_request.save(
        update_fields=["status", "closing_note", "handled_by", "updated_by", "updated_at"]
    )
    return help_request
