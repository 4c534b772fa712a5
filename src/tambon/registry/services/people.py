"""Writes of people (บุคคล): create, change, and the logged "show the full national ID".

The national ID is optional; when given it is validated (the message names the mistake, never
the ID), stored encrypted with its blind index, and refused if another person already has it.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pythainlp.util import thai_digit_to_arabic_digit

from tambon.accounts.models import AccessLog
from tambon.accounts.services import record_access
from tambon.core import nationalid
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict, Village
from tambon.registry.models import Household, Person, TargetGroup
from tambon.registry.names import search_name
from tambon.registry.selectors.people import people_with_national_id
from tambon.registry.services.households import MSG_NOT_ALLOWED, check_area, full_clean

MSG_FIRST_NAME_REQUIRED = gettext_noop("Give the person's first name.")
MSG_DUPLICATE_ID = gettext_noop(
    "A person with this national ID is already in the registry: open their record instead of "
    "adding them again."
)
MSG_FUTURE_BIRTH = gettext_noop("The birth date is in the future.")
MSG_TOO_OLD = gettext_noop("The birth date is more than %(years)s years ago: check the year.")
MSG_PHONE = gettext_noop(
    "Write a Thai phone number of 9 or 10 digits starting with 0, e.g. 081 234 5678 or 053 123 456."
)
MSG_RELATION_WITHOUT_HOUSEHOLD = gettext_noop(
    "A relation to the head is given only for a member of a household: choose the household."
)
MSG_SECOND_HEAD = gettext_noop("This household already has a head: %(name)s.")
MSG_HOUSEHOLD_OUTSIDE = gettext_noop("This household is outside your area.")
MSG_GROUP_DERIVED = gettext_noop(
    "“%(name)s” is worked out from the birth date or sex: it is not recorded by hand."
)
MSG_GROUP_INACTIVE = gettext_noop("The target group “%(name)s” is no longer in use.")
MSG_CARD_WITHOUT_TYPE = gettext_noop("Choose the type of disability written on the card.")
MSG_NO_NATIONAL_ID = gettext_noop("No national ID is recorded for this person.")
MSG_REASON_REQUIRED = gettext_noop("Say why you need to see the full national ID.")
MSG_NOT_ALLOWED_ID = gettext_noop("You may not see this person's full national ID.")

OLDEST_AGE = 130
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_PHONE = re.compile(r"^0\d{8,9}$")

PERSON_FIELDS = [
    "household",
    "relation",
    "title",
    "first_name",
    "last_name",
    "search_name",
    "sex",
    "birth_date",
    "phone",
    "subdistrict",
    "village",
    "address",
    "national_id",
    "national_id_index",
    "disability_type",
    "disability_card",
    "welfare_card",
    "note",
]


class DuplicateNationalId(ValidationError):
    """The national ID given belongs to a person already in the registry (`existing_id`)."""

    def __init__(self, *, existing_id: int):
        super().__init__(_(MSG_DUPLICATE_ID), field="national_id")
        self.existing_id = existing_id


@dataclass
class PersonData:
    """What an officer types about a person (the form and the API both fill this).

    `national_id`: None keeps the recorded ID (none on create); "" removes it. When a
    `household` is given without a `subdistrict`, the person lives at the household's place.
    """

    first_name: str
    last_name: str = ""
    title: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    subdistrict: Subdistrict | None = None
    village: Village | None = None
    household: Household | None = None
    relation: str = ""
    address: str = ""
    national_id: str | None = None
    target_groups: list[TargetGroup] = field(default_factory=list)
    disability_type: str = ""
    disability_card: bool = False
    welfare_card: bool = False
    note: str = ""


def normalize_phone(text: str) -> str:
    """A Thai phone number as stored: 0 and 8–9 more digits (+66 becomes 0); '' when empty."""
    digits = _PHONE_SEPARATORS.sub("", thai_digit_to_arabic_digit(text or "").strip())
    if not digits:
        return ""
    if digits.startswith("+66"):
        digits = "0" + digits[3:].lstrip("0")
    if not _PHONE.match(digits):
        raise ValidationError(_(MSG_PHONE), field="phone")
    return digits


def _check_birth_date(birth_date: dt.date | None) -> None:
    if birth_date is None:
        return
    today = timezone.localdate()
    if birth_date > today:
        raise ValidationError(_(MSG_FUTURE_BIRTH), field="birth_date")
    if birth_date.year < today.year - OLDEST_AGE:
        raise ValidationError(_(MSG_TOO_OLD) % {"years": OLDEST_AGE}, field="birth_date")


def _check_household(*, by: Any, data: PersonData, person: Person | None) -> None:
    household = data.household
    if household is None:
        if data.relation:
            raise ValidationError(_(MSG_RELATION_WITHOUT_HOUSEHOLD), field="relation")
        return
    if not by.has_perm("registry.change_record", household):
        raise PermissionDenied(_(MSG_HOUSEHOLD_OUTSIDE), field="household")
    if data.relation == Person.Relation.HEAD:
        heads = Person.objects.filter(
            household=household, relation=Person.Relation.HEAD, merged_into__isnull=True
        )
        if person is not None:
            heads = heads.exclude(pk=person.pk)
        head = heads.first()
        if head is not None:
            raise ValidationError(_(MSG_SECOND_HEAD) % {"name": head}, field="relation")


def _check_groups(data: PersonData) -> None:
    for group in data.target_groups:
        if group.is_derived:
            raise ValidationError(_(MSG_GROUP_DERIVED) % {"name": group}, field="target_groups")
        if not group.active:
            raise ValidationError(_(MSG_GROUP_INACTIVE) % {"name": group}, field="target_groups")
    if data.disability_card and not data.disability_type:
        raise ValidationError(_(MSG_CARD_WITHOUT_TYPE), field="disability_type")


def _national_id_index(text: str, *, person: Person | None) -> tuple[str, str]:
    """The validated digits and blind index of a new ID; refused if someone else has it."""
    digits = nationalid.validate(text)
    index = nationalid.blind_index(digits)
    if person is not None and person.national_id_index == index:
        return digits, index
    others = Person.objects.filter(national_id_index=index)
    if person is not None:
        # A record merged into this person (or the one it was merged into) is the same person.
        others = others.exclude(pk=person.pk).exclude(merged_into=person)
        if person.merged_into_id:
            others = others.exclude(pk=person.merged_into_id)
    existing = others.order_by("pk").first()
    if existing is not None:
        raise DuplicateNationalId(existing_id=existing.merged_into_id or existing.pk)
    return digits, index


def _place(data: PersonData) -> tuple[Subdistrict | None, Village | None]:
    if data.subdistrict is None and data.household is not None:
        return data.household.subdistrict, data.household.village
    return data.subdistrict, data.village


def _apply(person: Person, data: PersonData, *, by: Any) -> None:
    """Validate `data` and copy it onto `person` (nothing is saved)."""
    subdistrict, village = _place(data)
    check_area(by=by, subdistrict=subdistrict, village=village)
    first_name = " ".join(data.first_name.split())
    if not first_name:
        raise ValidationError(_(MSG_FIRST_NAME_REQUIRED), field="first_name")
    _check_household(by=by, data=data, person=person if person.pk else None)
    _check_birth_date(data.birth_date)
    _check_groups(data)
    phone = normalize_phone(data.phone)
    if data.national_id is not None:
        if data.national_id.strip():
            digits, index = _national_id_index(
                data.national_id, person=person if person.pk else None
            )
            person.national_id, person.national_id_index = digits, index
        else:
            person.national_id, person.national_id_index = None, None
    person.subdistrict = subdistrict  # type: ignore[assignment]
    person.village = village
    person.household = data.household
    person.relation = data.relation if data.household is not None else ""
    person.title = " ".join(data.title.split())
    person.first_name = first_name
    person.last_name = " ".join(data.last_name.split())
    person.search_name = search_name(person.first_name, person.last_name)
    person.sex = data.sex
    person.birth_date = data.birth_date
    person.phone = phone
    person.address = data.address.strip()
    person.disability_type = data.disability_type
    person.disability_card = data.disability_card
    person.welfare_card = data.welfare_card
    person.note = data.note.strip()
    full_clean(person, exclude=["merged_into", "import_batch", "import_key"])


@transaction.atomic
def create_person(*, by: Any, data: PersonData) -> Person:
    """Record a person in the officer's area (with their household and target groups)."""
    if not by.has_perm("registry.change_registry"):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    person = Person(created_by=by, updated_by=by)
    _apply(person, data, by=by)
    person.save()
    person.target_groups.set(data.target_groups)
    return person


@transaction.atomic
def update_person(*, by: Any, person: Person, expected_version: int, data: PersonData) -> Person:
    """Change a person; raises Conflict if someone saved them since `expected_version`."""
    if not by.has_perm("registry.change_record", person):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    _apply(person, data, by=by)
    person.save_versioned(expected_version=expected_version, by=by, update_fields=PERSON_FIELDS)
    recorded = {g.pk for g in person.target_groups.all()}
    wanted = {g.pk for g in data.target_groups}
    if recorded != wanted:
        person.target_groups.set(data.target_groups)
    return person


def may_see_full_id(user: Any, person: Person) -> bool:
    return bool(user.has_perm("registry.view_national_id", person))


def find_by_national_id(
    *, by: Any, national_id: str, request: HttpRequest | None = None, channel: str = "page"
) -> list[Person]:
    """The people in `by`'s area with this national ID (exact, by its blind index), the
    search written to the access log (`channel`: where it came from, page or API).

    Raises ValidationError on `national_id` (naming the mistake, never the ID) for an invalid
    ID, and then logs nothing.
    """
    try:
        found = list(people_with_national_id(user=by, national_id=national_id))
    except ValidationError as exc:
        raise ValidationError(exc.message, field="national_id") from None
    record_access(
        user=by,
        obj=Person,
        request=request,
        action=AccessLog.Action.SEARCH,
        description=f"national ID search ({channel}): {len(found)} found",
    )
    return found


@transaction.atomic
def reveal_national_id(
    *, person: Person, by: Any, reason: str, request: HttpRequest | None = None
) -> str:
    """The person's full national ID (grouped 1-2345-67890-12-3), written to the access log."""
    if not may_see_full_id(by, person):
        raise PermissionDenied(_(MSG_NOT_ALLOWED_ID))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_(MSG_REASON_REQUIRED), field="reason")
    if not person.national_id:
        raise ValidationError(_(MSG_NO_NATIONAL_ID), field="national_id")
    record_access(
        user=by,
        obj=person,
        request=request,
        action=AccessLog.Action.VIEW_SENSITIVE,
        reason=reason,
    )
    return nationalid.format(person.national_id)
