"""Writes of households (ครัวเรือน): create one at a house number, change it later.

The area checks shared with people live here too: a record's village lies in its sub-district,
and an officer writes only inside their own area.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pythainlp.util import thai_digit_to_arabic_digit

from tambon.accounts import policy
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict, Village
from tambon.registry.models import Household, Person

MSG_SUBDISTRICT_REQUIRED = gettext_noop("Choose the sub-district.")
MSG_OUTSIDE_AREA = gettext_noop(
    "The sub-district %(code)s is outside your area: you can only record people and "
    "households of your own area."
)
MSG_VILLAGE_OUTSIDE = gettext_noop("This village is not in the chosen sub-district.")
MSG_HOUSE_NUMBER_REQUIRED = gettext_noop(
    "Give the house number (บ้านเลขที่), or write “-” for a household without one."
)
MSG_HOUSE_NUMBER_FORMAT = gettext_noop(
    "A house number starts with a digit, with “/” before a sub-number, e.g. 12 or 12/3."
)
MSG_NOT_ALLOWED = gettext_noop("You may not change the registry.")

NO_HOUSE_NUMBER = "-"


@dataclass
class HouseholdData:
    """What an officer types about a household (the form and the API both fill this)."""

    subdistrict: Subdistrict | None
    house_number: str
    village: Village | None = None
    address: str = ""
    housing: str = ""
    income_band: str = Household.IncomeBand.UNKNOWN
    note: str = ""


def check_area(*, by: Any, subdistrict: Subdistrict | None, village: Village | None) -> None:
    """The sub-district is chosen, inside `by`'s area, and holds the village."""
    if subdistrict is None:
        raise ValidationError(_(MSG_SUBDISTRICT_REQUIRED), field="subdistrict")
    if not policy.covers(by, subdistrict.code):
        raise PermissionDenied(
            _(MSG_OUTSIDE_AREA) % {"code": subdistrict.code}, field="subdistrict"
        )
    if village is not None and not village.code.startswith(subdistrict.code):
        raise ValidationError(_(MSG_VILLAGE_OUTSIDE), field="village")


def full_clean(record: models.Model, *, exclude: list[str] | None = None) -> None:
    """Django's model validation, its first error raised as a domain error on its field."""
    try:
        record.full_clean(exclude=exclude, validate_unique=False)
    except DjangoValidationError as exc:
        errors = exc.message_dict
        name = next(iter(errors))
        field = None if name == "__all__" else name
        raise ValidationError(errors[name][0], field=field) from None


def normalize_house_number(text: str) -> str:
    """A house number as stored: single-spaced, spaces around “/” removed."""
    number = (
        " ".join(thai_digit_to_arabic_digit(text or "").split())
        .replace(" /", "/")
        .replace("/ ", "/")
    )
    if not number:
        raise ValidationError(_(MSG_HOUSE_NUMBER_REQUIRED), field="house_number")
    if number != NO_HOUSE_NUMBER and not number[0].isdigit():
        raise ValidationError(_(MSG_HOUSE_NUMBER_FORMAT), field="house_number")
    return number


def _apply(household: Household, data: HouseholdData) -> None:
    household.subdistrict = data.subdistrict  # type: ignore[assignment]
    household.village = data.village
    household.house_number = normalize_house_number(data.house_number)
    household.address = data.address.strip()
    household.housing = data.housing
    household.income_band = data.income_band or Household.IncomeBand.UNKNOWN
    household.note = data.note.strip()
    full_clean(household, exclude=["import_batch", "import_key"])


HOUSEHOLD_FIELDS = ["subdistrict", "village", "house_number", "address", "housing", "income_band"]


@transaction.atomic
def create_household(*, by: Any, data: HouseholdData) -> Household:
    """Record a household at a house number in a village of the officer's area."""
    if not by.has_perm("registry.change_registry"):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    check_area(by=by, subdistrict=data.subdistrict, village=data.village)
    household = Household(created_by=by, updated_by=by)
    _apply(household, data)
    household.save()
    return household


def _move_members(*, household: Household, old: tuple[str, str | None], by: Any) -> None:
    # Members who lived where the household was move with it; those recorded elsewhere stay.
    members = Person.objects.filter(
        household=household, subdistrict_id=old[0], village_id=old[1]
    ).order_by("pk")
    for member in members:
        member.subdistrict = household.subdistrict
        member.village = household.village
        member.save_versioned(
            expected_version=member.version, by=by, update_fields=["subdistrict", "village"]
        )


@transaction.atomic
def update_household(
    *,
    by: Any,
    household: Household,
    expected_version: int,
    data: HouseholdData,
    move_members: bool = True,
) -> Household:
    """Change a household; raises Conflict if someone saved it since `expected_version`.

    Members recorded at the household's old place move with it (unless `move_members` is off).
    """
    if not by.has_perm("registry.change_record", household):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    check_area(by=by, subdistrict=data.subdistrict, village=data.village)
    old = (household.subdistrict_id, household.village_id)
    _apply(household, data)
    household.save_versioned(
        expected_version=expected_version, by=by, update_fields=[*HOUSEHOLD_FIELDS, "note"]
    )
    if move_members and old != (household.subdistrict_id, household.village_id):
        _move_members(household=household, old=old, by=by)
    return household
