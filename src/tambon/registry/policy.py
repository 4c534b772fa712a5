"""Who may see and change the registry. Records are scoped by their sub-district code.

Officers (national, provincial, sub-district) read the people of their area; volunteers only
the households they were given to look after (VolunteerAssignment) and the people of their
cases (DOMAIN.md: "their assigned households and cases"); only officers write. The full
national ID is shown to officers only, and every full view is written to the access log by
the caller (see registry.services.reveal_national_id).
"""

from collections.abc import Callable
from typing import Any, TypeVar

import rules
from django.db.models import Model, Q, QuerySet

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


# What a volunteer sees through records of apps built on the registry (cases adds the
# subjects of the cases assigned to them): each source gives, for a user, a queryset of
# household ids and one of person ids. Registered by those apps; the registry imports none.
VolunteerSource = Callable[[Any], tuple[QuerySet[Any], QuerySet[Any]]]
_volunteer_sources: list[VolunteerSource] = []


def add_volunteer_source(source: VolunteerSource) -> None:
    """Let volunteers also see the households and people that `source` gives them."""
    if source not in _volunteer_sources:
        _volunteer_sources.append(source)


def _looked_after(qs: QuerySet[M], user: Any) -> QuerySet[M]:
    """For a volunteer, the rows of `qs` that hang off a household given to them or a record
    of another app that names them (a case); anyone else's `qs` as it is."""
    if not is_volunteer(user):
        return qs
    households = [VolunteerAssignment.objects.filter(volunteer=user).values("household")]
    people: list[QuerySet[Any]] = []
    for source in _volunteer_sources:
        more_households, more_people = source(user)
        households.append(more_households)
        people.append(more_people)

    def any_of(ref: str, id_sets: list[QuerySet[Any]]) -> Q:
        condition = Q(pk__in=[])
        for ids in id_sets:
            condition |= Q(**{f"{ref}__in": ids})
        return condition

    condition: Q
    if qs.model is Household:
        condition = any_of("pk", households)
    elif qs.model is Person:
        condition = any_of("household", households) | any_of("pk", people)
    elif qs.model is NeedsAssessment:
        condition = any_of("household", households) | any_of("person__household", households)
        condition |= any_of("person", people)
    else:
        raise TypeError(f"no volunteer scope for {qs.model.__name__}")
    return qs.filter(condition)
