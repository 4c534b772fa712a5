"""Who may see and change network partners and their welfare services.

- national admin: everything;
- provincial and sub-district officers: see partners (and their services) located in or
  covering their area; create partners and edit those located in their area;
- partner users: see and edit the organisations they are members of, and their services;
- volunteers (and partner users, for other organisations): the service directory only;
- anyone else: nothing.

A partner "covers" an officer's area when one of its coverage codes lies inside the area or
contains it (a province-wide fund covers every sub-district of the province).
"""

from typing import Any

import rules

from tambon.accounts.policy import area_prefixes, covers, has_role, is_national_admin
from tambon.accounts.roles import Role

is_area_officer = has_role(Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER)
is_volunteer = has_role(Role.VOLUNTEER)
is_partner_user = has_role(Role.PARTNER)


def _partner_of(obj: Any) -> Any:
    """The partner of a Partner, a WelfareService or a PartnerContact."""
    return getattr(obj, "partner", obj)


def codes_overlap(codes: list[str], prefixes: list[str]) -> bool:
    """Does any area code lie inside, or contain, any of the user's area prefixes?"""
    return any(c.startswith(p) or p.startswith(c) for c in codes for p in prefixes)


@rules.predicate
def located_in_area(user: Any, obj: Any) -> bool:
    partner = _partner_of(obj)
    return partner is not None and covers(user, str(partner.subdistrict_id))


@rules.predicate
def covers_user_area(user: Any, obj: Any) -> bool:
    if obj is None:
        return False
    prefixes = area_prefixes(user)
    if prefixes is None:
        return True
    partner = _partner_of(obj)
    codes = partner.coverage_codes
    if obj is not partner:
        codes = [*codes, *obj.area_codes]
    return codes_overlap(codes, prefixes)


@rules.predicate
def is_member(user: Any, obj: Any) -> bool:
    partner = _partner_of(obj)
    if partner is None or not getattr(user, "is_authenticated", False):
        return False
    return any(m.pk == user.pk for m in partner.members.all())


@rules.predicate
def is_listed(user: Any, obj: Any) -> bool:
    """A welfare service shown in the directory: active, of an active partner."""
    return obj is not None and bool(obj.active and obj.partner.active)


reads_directory = is_national_admin | is_area_officer | is_volunteer | is_partner_user
sees_partner = is_area_officer & (located_in_area | covers_user_area)
acts_for_partner = is_partner_user & is_member
changes_partner = is_national_admin | (is_area_officer & located_in_area) | acts_for_partner

rules.add_perm("network.view_directory", reads_directory)
rules.add_perm("network.view_partners", is_national_admin | is_area_officer | is_partner_user)
rules.add_perm("network.create_partner", is_national_admin | is_area_officer)
rules.add_perm("network.manage_service_types", is_national_admin)
# Object perms below take a Partner (view/change/manage members) or a WelfareService.
rules.add_perm("network.view_partner", is_national_admin | sees_partner | acts_for_partner)
rules.add_perm("network.change_partner", changes_partner)
rules.add_perm("network.manage_members", is_national_admin | (is_area_officer & located_in_area))
rules.add_perm(
    "network.view_service",
    is_national_admin | sees_partner | acts_for_partner | (reads_directory & is_listed),
)
rules.add_perm("network.change_service", changes_partner)
