"""Giving households to volunteers (อพม.) to look after, and taking them back.

A volunteer sees only the households given to them (and the people of their cases): see
registry.policy. Officers who may change a household give it; each change is in the change
history (django-auditlog, registry/audit.py).
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.accounts.selectors import assignable_users
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.registry.models import Household, VolunteerAssignment

MSG_NOT_ALLOWED = gettext_noop("You may not give this household to a volunteer.")
MSG_NOT_A_VOLUNTEER = gettext_noop(
    "%(name)s is not an active volunteer of this household's sub-district."
)
MSG_ALREADY = gettext_noop("%(name)s already looks after this household.")
# Households given at once from the list page: one page at the most.
GIVE_AT_ONCE = 100


def volunteers_for(*households: Household) -> list[User]:
    """The volunteers these households may be given to: those of their sub-districts."""
    codes = sorted({str(h.subdistrict_id) for h in households})
    return list(assignable_users(codes, [Role.VOLUNTEER])) if codes else []


def assign_volunteer(*, by: Any, household: Household, volunteer: User) -> VolunteerAssignment:
    """Give `household` to `volunteer` to look after."""
    if not by.has_perm("registry.change_record", household):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    name = volunteer.get_full_name() or volunteer.username
    allowed = assignable_users(household.subdistrict_id, [Role.VOLUNTEER])
    if not allowed.filter(pk=volunteer.pk).exists():
        raise ValidationError(_(MSG_NOT_A_VOLUNTEER) % {"name": name}, field="volunteer")
    with transaction.atomic():
        assignment, created = VolunteerAssignment.objects.get_or_create(
            household=household,
            volunteer=volunteer,
            defaults={"created_by": by, "updated_by": by},
        )
    if not created:
        raise ValidationError(_(MSG_ALREADY) % {"name": name}, field="volunteer")
    return assignment


def unassign_volunteer(*, by: Any, assignment: VolunteerAssignment) -> None:
    """Take the household back from the volunteer (the change history keeps who had it)."""
    if not by.has_perm("registry.change_record", assignment.household):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    assignment.delete()


def give_households(*, by: Any, households: list[Household], volunteer: User) -> tuple[int, int]:
    """Give several households to `volunteer` (from the list page); those the volunteer
    already looks after, or of a sub-district they do not cover, are skipped, and so are those
    past the first GIVE_AT_ONCE. Each one given is recorded like a single assignment.
    (given, skipped)."""
    given, skipped = 0, max(0, len(households) - GIVE_AT_ONCE)
    for household in households[:GIVE_AT_ONCE]:
        try:
            assign_volunteer(by=by, household=household, volunteer=volunteer)
        except ValidationError:
            skipped += 1
        else:
            given += 1
    return given, skipped
