"""Who may see and change the registry. Records are scoped by their sub-district code.

Officers (national, provincial, sub-district) and volunteers read the people of their area;
only officers write. The full national ID is shown to officers only, and every full view is
written to the access log by the caller (see registry.services.reveal_national_id).
"""

from typing import Any, TypeVar

import rules
from django.db.models import Model, QuerySet

from tambon.accounts.policy import has_role, in_user_area, is_national_admin, scope_to_user
from tambon.accounts.roles import Role

is_area_officer = has_role(Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER)
is_volunteer = has_role(Role.VOLUNTEER)

reads_registry = is_national_admin | is_area_officer | is_volunteer
writes_registry = is_national_admin | is_area_officer

READ_PERM = "registry.view_registry"
rules.add_perm(READ_PERM, reads_registry)
rules.add_perm("registry.change_registry", writes_registry)
rules.add_perm("registry.import_people", writes_registry)
rules.add_perm("registry.review_duplicates", writes_registry)
rules.add_perm("registry.manage_taxonomies", is_national_admin)
rules.add_perm("registry.export_data_subject", is_national_admin)
# Object perms below take a Household, Person or NeedsAssessment (their area is their
# sub-district code: tambon.accounts.policy.object_area_code).
rules.add_perm("registry.view_record", is_national_admin | (reads_registry & in_user_area))
rules.add_perm("registry.change_record", is_national_admin | (writes_registry & in_user_area))
# Volunteers survey the households of their area too, so they may record needs assessments.
rules.add_perm("registry.record_assessment", is_national_admin | (reads_registry & in_user_area))
rules.add_perm("registry.view_national_id", is_national_admin | (is_area_officer & in_user_area))


M = TypeVar("M", bound=Model)


def readable(qs: QuerySet[M], user: Any) -> QuerySet[M]:
    """The rows of `qs` (keyed by `subdistrict`) in the user's area; none at all for a role
    that does not read the registry, whatever its area (partners, facilitators, innovators)."""
    if not user.has_perm(READ_PERM):
        return qs.none()
    return scope_to_user(qs, user, area_field="subdistrict")
