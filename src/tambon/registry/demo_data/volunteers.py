"""Demo households given to the demo volunteers (อพม.) of their sub-district to look after.

A volunteer sees only the households given to them (registry.policy), so without this the
demo volunteer would open an empty registry. Each volunteer of a sub-district gets up to
HOUSEHOLDS_EACH of its households, in house-number order, round the volunteers in turn; a
sub-district whose households were given already is left alone (a second run adds nothing).
"""

from collections import defaultdict
from itertools import cycle

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.roles import Role
from tambon.demo.registry import DemoContext, generator
from tambon.registry.models import Household, VolunteerAssignment

HOUSEHOLDS_EACH = 25


@generator(name="registry.volunteers", order=45)
def volunteers(ctx: DemoContext) -> str:
    """Give each demo volunteer households of their sub-district to look after."""
    by_area: dict[str, list[User]] = defaultdict(list)
    for assignment in (
        AreaAssignment.objects.filter(
            user__role=Role.VOLUNTEER, user__is_active=True, area_code__regex=r"^\d{6}$"
        )
        .select_related("user")
        .order_by("area_code", "user__username")
    ):
        by_area[assignment.area_code].append(assignment.user)
    done = set(
        VolunteerAssignment.objects.filter(household__subdistrict_id__in=list(by_area))
        .values_list("household__subdistrict_id", flat=True)
        .distinct()
    )
    given: list[VolunteerAssignment] = []
    for code, people in by_area.items():
        if code in done:
            continue
        households = Household.objects.filter(subdistrict_id=code).order_by("house_number", "pk")
        turns = cycle(people)
        for household in households[: HOUSEHOLDS_EACH * len(people)]:
            volunteer = next(turns)
            given.append(
                VolunteerAssignment(household=household, volunteer=volunteer, created_by=None)
            )
    VolunteerAssignment.objects.bulk_create(given, batch_size=1000)
    return f"{len(given)} households given to {sum(map(len, by_area.values()))} volunteers"
