"""Writes of partners: create one, change it (optimistic locking), its members and contacts.

Each service checks the permission of network.policy, runs in one transaction and is audited
by django-auditlog (network/audit.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts import policy as area_policy
from tambon.accounts.roles import Role
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict
from tambon.network.models import Partner, PartnerArea, PartnerContact, Sector
from tambon.network.services.areas import clean_codes

MSG_NOT_ALLOWED = gettext_noop("You may not change this partner.")
MSG_CREATE_NOT_ALLOWED = gettext_noop("Only officers and national administrators add partners.")
MSG_SUBDISTRICT_REQUIRED = gettext_noop("Choose the sub-district where the partner is located.")
MSG_OUTSIDE_AREA = gettext_noop(
    "The sub-district %(code)s is outside your area: you can only record partners located in "
    "your own area."
)
MSG_NAME_REQUIRED = gettext_noop("Give the partner's name.")
MSG_SECTOR = gettext_noop("Choose the partner's sector.")
MSG_MEMBERS_NOT_ALLOWED = gettext_noop(
    "Only officers of the partner's area and national administrators choose its members."
)
MSG_MEMBER_ROLE = gettext_noop(
    "%(name)s is not a network partner account: only accounts of that role act for a partner."
)
MSG_CONTACT_NAME = gettext_noop("Give the contact's name.")

PARTNER_FIELDS = ["name", "name_en", "sector", "subdistrict", "address", "phone", "email"]


@dataclass
class PartnerData:
    """What a user types about a partner (the form and the API both fill this)."""

    name: str
    sector: str
    subdistrict: Subdistrict | None
    coverage_codes: list[str] = field(default_factory=list)
    name_en: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    active: bool = True


def full_clean(record: models.Model, *, exclude: list[str] | None = None) -> None:
    """Django's model validation, its first error raised as a domain error on its field."""
    try:
        record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        errors = exc.message_dict
        name = next(iter(errors))
        raise ValidationError(errors[name][0], field=None if name == "__all__" else name) from None


def _check_place(*, by: Any, subdistrict: Subdistrict | None, partner: Partner | None) -> None:
    if subdistrict is None:
        raise ValidationError(_(MSG_SUBDISTRICT_REQUIRED), field="subdistrict")
    moved = partner is None or partner.subdistrict_id != subdistrict.code
    # Officers keep the partners they record in their own area; a member may move its own.
    if moved and by.role != Role.PARTNER and not area_policy.covers(by, subdistrict.code):
        raise PermissionDenied(
            _(MSG_OUTSIDE_AREA) % {"code": subdistrict.code}, field="subdistrict"
        )


def _apply(partner: Partner, data: PartnerData) -> list[str]:
    if not data.name.strip():
        raise ValidationError(_(MSG_NAME_REQUIRED), field="name")
    if data.sector not in Sector.values:
        raise ValidationError(_(MSG_SECTOR), field="sector")
    partner.name = " ".join(data.name.split())
    partner.name_en = " ".join(data.name_en.split())
    partner.sector = data.sector
    partner.subdistrict = data.subdistrict  # type: ignore[assignment]
    partner.address = data.address.strip()
    partner.phone = data.phone.strip()
    partner.email = data.email.strip()
    partner.website = data.website.strip()
    partner.active = data.active
    full_clean(partner)
    assert data.subdistrict is not None
    return clean_codes(data.coverage_codes or [data.subdistrict.code], field="coverage_codes")


def _set_areas(partner: Partner, codes: list[str]) -> None:
    """Replace the coverage row by row, so that the change history names each area."""
    current = {a.code: a for a in PartnerArea.objects.filter(partner=partner)}
    for code, area in current.items():
        if code not in codes:
            area.delete()
    for code in codes:
        if code not in current:
            PartnerArea.objects.create(partner=partner, code=code)


@transaction.atomic
def create_partner(*, by: Any, data: PartnerData) -> Partner:
    """Record a partner located in the officer's area, with the areas it covers."""
    if not by.has_perm("network.create_partner"):
        raise PermissionDenied(_(MSG_CREATE_NOT_ALLOWED))
    _check_place(by=by, subdistrict=data.subdistrict, partner=None)
    partner = Partner(created_by=by, updated_by=by)
    codes = _apply(partner, data)
    partner.save()
    _set_areas(partner, codes)
    return partner


@transaction.atomic
def update_partner(
    *,
    by: Any,
    partner: Partner,
    expected_version: int,
    data: PartnerData,
    members: Iterable[Any] | None = None,
) -> Partner:
    """Change a partner (and its members, when given); raises Conflict if someone saved it
    since `expected_version`."""
    if not by.has_perm("network.change_partner", partner):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    _check_place(by=by, subdistrict=data.subdistrict, partner=partner)
    if members is not None:
        members = _check_members(by=by, partner=partner, users=members)
    codes = _apply(partner, data)
    partner.save_versioned(
        expected_version=expected_version,
        by=by,
        update_fields=[*PARTNER_FIELDS, "website", "active"],
    )
    _set_areas(partner, codes)
    if members is not None:
        partner.members.set(members)
    return partner


def _check_members(*, by: Any, partner: Partner, users: Iterable[Any]) -> list[Any]:
    if not by.has_perm("network.manage_members", partner):
        raise PermissionDenied(_(MSG_MEMBERS_NOT_ALLOWED), field="members")
    chosen = list(users)
    for user in chosen:
        if user.role != Role.PARTNER:
            raise ValidationError(_(MSG_MEMBER_ROLE) % {"name": str(user)}, field="members")
    return chosen


@transaction.atomic
def set_partner_members(*, by: Any, partner: Partner, users: Iterable[Any]) -> Partner:
    """Choose the accounts (role “network partner”) that act for a partner."""
    partner.members.set(_check_members(by=by, partner=partner, users=users))
    return partner


@dataclass
class ContactData:
    name: str
    position: str = ""
    phone: str = ""
    email: str = ""


def _apply_contact(contact: PartnerContact, data: ContactData) -> None:
    if not data.name.strip():
        raise ValidationError(_(MSG_CONTACT_NAME), field="name")
    contact.name = " ".join(data.name.split())
    contact.position = data.position.strip()
    contact.phone = data.phone.strip()
    contact.email = data.email.strip()
    full_clean(contact, exclude=["partner"])


@transaction.atomic
def add_contact(*, by: Any, partner: Partner, data: ContactData) -> PartnerContact:
    """Add a person to contact at a partner."""
    if not by.has_perm("network.change_partner", partner):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    contact = PartnerContact(partner=partner, created_by=by, updated_by=by)
    _apply_contact(contact, data)
    contact.save()
    return contact


@transaction.atomic
def update_contact(*, by: Any, contact: PartnerContact, data: ContactData) -> PartnerContact:
    """Change a contact of a partner."""
    if not by.has_perm("network.change_partner", contact.partner):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    _apply_contact(contact, data)
    contact.updated_by = by
    contact.save(update_fields=["name", "position", "phone", "email", "updated_by", "updated_at"])
    return contact


@transaction.atomic
def remove_contact(*, by: Any, contact: PartnerContact) -> None:
    """Remove a contact of a partner (the change history keeps it)."""
    if not by.has_perm("network.change_partner", contact.partner):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    contact.delete()
