"""Who may see and change the registry. Records are scoped by their sub-district code.

Officers (national, provincial, sub-district) read the people of their area; volunteers only
the households they were given to look after (VolunteerAssignment) and the people of their
cases (DOMAIN.md: "their assigned households and cases"); only officers write. The full
national ID is shown to officers only, and every full view is written to the access log by
the caller (see registry.services.reveal_national_id).
"""

from typing import Any, TypeVar

import rules
from django.apps import apps
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from tambon.accounts.policy import has_role, in_user_area, is_national_admin, scope_to_user
from tambon.accounts.roles import Role
from tambon.registry.models import Household, NeedsAssessment, Person, VolunteerAssignment

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


@rules.predicate
def looks_after(user: Any, record: Model | None) -> bool:
    """A volunteer looks after the household, person or assessment (see `readable`)."""
    if record is None:
        return False
    return _looked_after(type(record)._default_manager.filter(pk=record.pk), user).exists()


# Object perms below take a Household, Person or NeedsAssessment (their area is their
# sub-district code: tambon.accounts.policy.object_area_code).
reads_record = is_national_admin | (in_user_area & (is_area_officer | (is_volunteer & looks_after)))
rules.add_perm("registry.view_record", reads_record)
rules.add_perm("registry.change_record", is_national_admin | (writes_registry & in_user_area))
# Volunteers survey the households they look after, so they may record needs assessments.
rules.add_perm("registry.record_assessment", reads_record)
rules.add_perm("registry.view_national_id", is_national_admin | (is_area_officer & in_user_area))


M = TypeVar("M", bound=Model)


def readable(qs: QuerySet[M], user: Any) -> QuerySet[M]:
    """The rows of `qs` (households, people or assessments) in the user's area, and for a
    volunteer only those they look after; none at all for a role that does not read the
    registry, whatever its area (partners, facilitators, innovators)."""
    if not user.has_perm(READ_PERM):
        return qs.none()
    return _looked_after(scope_to_user(qs, user, area_field="subdistrict"), user)


def _looked_after(qs: QuerySet[M], user: Any) -> QuerySet[M]:
    """For a volunteer, the rows of `qs` that hang off a household given to them or a case
    assigned to them; anyone else's `qs` as it is."""
    if not is_volunteer(user):
        return qs
    given = VolunteerAssignment.objects.filter(volunteer=user)
    # The cases app builds on the registry: its model is looked up, not imported.
    cases = apps.get_model("cases", "Case")._default_manager.filter(assigned_volunteer=user)

    def of_household(ref: str) -> Q:
        return Q(Exists(given.filter(household=OuterRef(ref)))) | Q(
            Exists(cases.filter(household=OuterRef(ref)))
        )

    def of_person(ref: str) -> Q:
        return Q(Exists(cases.filter(person=OuterRef(ref))))

    condition: Q
    if qs.model is Household:
        condition = of_household("pk")
    elif qs.model is Person:
        condition = of_household("household") | of_person("pk")
    elif qs.model is NeedsAssessment:
        condition = of_household("household") | of_household("person__household")
        condition |= of_person("person")
    else:
        raise TypeError(f"no volunteer scope for {qs.model.__name__}")
    return qs.filter(condition)
