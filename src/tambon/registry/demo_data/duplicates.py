"""Planted duplicates: a share of people get a second record with the slips of perturb.py.

The second record sits in the same household (a survey entered twice), in a household of its
own at the same house number written another way, without a household (registered at a
walk-in), or in a neighbouring sub-district of the same district (registered where they work).
Its national ID is the same or missing: a mistyped ID would fail the registry's checksum.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from tambon.demo.registry import DemoContext
from tambon.registry.demo_data.areas import Area, VillageInfo
from tambon.registry.demo_data.people import AreaPlan, HouseholdPlan, PersonPlan
from tambon.registry.demo_data.perturb import PersonFields, make_duplicate
from tambon.registry.models import Household, Person
from tambon.registry.names import search_name

DUPLICATE_SHARE = 0.03  # of the people of each sub-district
MISSING_ID_SHARE = 0.4  # of the duplicates of people who have an ID
NEIGHBOUR_SHARE = 0.3  # registered again in another sub-district of the same district
SAME_HOUSEHOLD_SHARE = 0.2
OWN_HOUSEHOLD_SHARE = 0.3  # the rest have no household
NO_FIXED_HOME = "ไม่มีที่พักเป็นหลักแหล่ง"


def duplicate_count(people: int, rng: random.Random) -> int:
    """DUPLICATE_SHARE of `people`, rounded at random so that small areas get their share."""
    return min(people, int(people * DUPLICATE_SHARE + rng.random()))


def plant_duplicates(
    ctx: DemoContext, areas: Sequence[AreaPlan]
) -> tuple[list[PersonPlan], list[HouseholdPlan]]:
    """Second records of DUPLICATE_SHARE of each area's people, and the households made for
    them; each PersonPlan points at its original with `duplicate_of`."""
    by_district: dict[str, list[Area]] = {}
    for plan in areas:
        by_district.setdefault(plan.area.district_code, []).append(plan.area)
    people: list[PersonPlan] = []
    households: list[HouseholdPlan] = []
    for plan in areas:
        ctx.reseed_item(f"duplicates:{plan.area.code}")
        rng = ctx.random
        neighbours = [a for a in by_district[plan.area.district_code] if a is not plan.area]
        count = duplicate_count(len(plan.people), rng)
        for index in sorted(rng.sample(range(len(plan.people)), k=count)):
            second, household = _second_record(rng, plan.people[index], neighbours)
            people.append(second)
            if household is not None:
                households.append(household)
    return people, households


def _fields(original: PersonPlan) -> PersonFields:
    person = original.person
    return PersonFields(
        first_name=person.first_name,
        last_name=person.last_name,
        sex=person.sex,
        birth_date=person.birth_date,
        national_id=person.national_id,
        title=person.title,
        phone=person.phone,
        house_number=original.household.household.house_number if original.household else "",
        village_number=original.village_number,
    )


def _second_record(
    rng: random.Random, original: PersonPlan, neighbours: list[Area]
) -> tuple[PersonPlan, HouseholdPlan | None]:
    """The second record of `original`, and the household made for it (if one was)."""
    fields = make_duplicate(_fields(original), rng, missing_id=MISSING_ID_SHARE).fields
    home = original.household
    village: VillageInfo | None = home.village if home else None
    area, house_number = original.area, fields.house_number
    draw = rng.random()
    if draw < NEIGHBOUR_SHARE and neighbours:
        area = rng.choice(neighbours)
        village = rng.choice(area.villages) if home and area.villages else None
        house_number = str(rng.randint(1, 250)) if home else ""
        placement = "own" if home and rng.random() < 0.6 else "none"
    elif home and draw < NEIGHBOUR_SHARE + SAME_HOUSEHOLD_SHARE:
        placement = "same"
    elif home and draw < NEIGHBOUR_SHARE + SAME_HOUSEHOLD_SHARE + OWN_HOUSEHOLD_SHARE:
        placement = "own"
    else:
        placement = "none"
    if home is None:
        address = f"{NO_FIXED_HOME} {area.address('', None)}"
    elif placement == "same":
        address = home.household.address
    else:
        address = area.address(house_number, village)
    source = original.person
    person = Person(
        relation=source.relation if placement == "same" else "",
        title=fields.title,
        first_name=fields.first_name,
        last_name=fields.last_name,
        search_name=search_name(fields.first_name, fields.last_name),
        sex=fields.sex,
        birth_date=fields.birth_date,
        phone=fields.phone,
        subdistrict_id=area.code,
        village_id=village.code if village else None,
        address=address,
        national_id=fields.national_id,
        national_id_index=source.national_id_index if fields.national_id else None,
        disability_type=source.disability_type,
        disability_card=source.disability_card,
        welfare_card=source.welfare_card,
    )
    second = PersonPlan(person, original.age, list(original.groups), None, area, original)
    if placement == "same" and home is not None:
        person.household = home.household
        second.household = home
        return second, None
    if placement == "own" and home is not None:
        person.relation = Person.Relation.HEAD
        household = Household(
            subdistrict_id=area.code,
            village_id=village.code if village else None,
            house_number=house_number,
            address=address,
            housing=home.household.housing,
            income_band=home.household.income_band,
        )
        person.household = household
        second.household = HouseholdPlan(household, area, village, home.stateless, [second])
        return second, second.household
    return second, None
