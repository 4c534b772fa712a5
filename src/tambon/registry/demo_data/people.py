"""Demo households and their members: Thai families with realistic names, ages, IDs, titles,
phones and recorded target groups, planned in memory (unsaved model instances) per sub-district.

Each sub-district is planned from its own random stream (`ctx.reseed_item`), so its data does not
depend on which other sub-districts are planned alongside it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from tambon.core import nationalid
from tambon.demo.registry import DemoContext
from tambon.geo.models import District
from tambon.registry.demo_data.areas import Area, VillageInfo
from tambon.registry.demo_data.families import (
    KEEPS_SURNAME,
    NORTHERN_PROVINCES,
    SIZES,
    Namer,
    birth_date,
    compose,
    married,
    title_for,
    weighted,
)
from tambon.registry.models import Household, Person
from tambon.registry.names import search_name

M, F = Person.Sex.MALE, Person.Sex.FEMALE
R = Person.Relation

HOMELESS_PLACES = ("ตลาดสด", "สถานีขนส่ง", "ศาลาวัด", "ใต้สะพาน", "ริมถนนหน้าโรงพยาบาล")

INCOME = (
    (Household.IncomeBand.BELOW_POVERTY_LINE, 12),
    (Household.IncomeBand.BELOW_STANDARD, 24),
    (Household.IncomeBand.ABOVE_STANDARD, 54),
    (Household.IncomeBand.UNKNOWN, 10),
)
STATELESS_INCOME = (
    (Household.IncomeBand.BELOW_POVERTY_LINE, 60),
    (Household.IncomeBand.BELOW_STANDARD, 30),
    (Household.IncomeBand.ABOVE_STANDARD, 10),
)
H = Household.Housing
HOUSING = {  # by income band: poorer households live in worse houses
    Household.IncomeBand.BELOW_POVERTY_LINE: (
        (H.SECURE, 35),
        (H.NEEDS_REPAIR, 35),
        (H.DILAPIDATED, 20),
        (H.TEMPORARY, 10),
    ),
    Household.IncomeBand.BELOW_STANDARD: (
        (H.SECURE, 55),
        (H.NEEDS_REPAIR, 32),
        (H.DILAPIDATED, 10),
        (H.TEMPORARY, 3),
    ),
    Household.IncomeBand.ABOVE_STANDARD: (
        (H.SECURE, 82),
        (H.NEEDS_REPAIR, 15),
        (H.DILAPIDATED, 2),
        (H.TEMPORARY, 1),
    ),
    Household.IncomeBand.UNKNOWN: (
        (H.SECURE, 60),
        (H.NEEDS_REPAIR, 28),
        (H.DILAPIDATED, 9),
        (H.TEMPORARY, 3),
    ),
}
WELFARE_CARD = {  # share of adults holding a state welfare card, by income band
    Household.IncomeBand.BELOW_POVERTY_LINE: 0.75,
    Household.IncomeBand.BELOW_STANDARD: 0.5,
    Household.IncomeBand.ABOVE_STANDARD: 0.05,
    Household.IncomeBand.UNKNOWN: 0.25,
}
D = Person.Disability
CHILD_DISABILITIES = (
    (D.INTELLECTUAL, 30),
    (D.AUTISM, 25),
    (D.LEARNING, 20),
    (D.PHYSICAL, 15),
    (D.HEARING, 5),
    (D.VISUAL, 5),
)
ADULT_DISABILITIES = (
    (D.PHYSICAL, 48),
    (D.HEARING, 18),
    (D.VISUAL, 10),
    (D.MENTAL, 8),
    (D.INTELLECTUAL, 9),
    (D.AUTISM, 3),
    (D.LEARNING, 4),
)
ELDERLY_WITHOUT_ID = 0.2  # elderly people whose ID the survey did not record
STATELESS_HOUSEHOLDS = {True: 0.05, False: 0.015}  # by "is a northern province"
FAMILY_CRISIS = {True: 0.07, False: 0.025}  # by "is poor"
YEAR_THAI_ID_STARTED = 1984  # IDs of people born since start with 1 (3 before)


@dataclass(eq=False)
class HouseholdPlan:
    household: Household
    area: Area
    village: VillageInfo | None
    stateless: bool
    members: list[PersonPlan] = field(default_factory=list)


@dataclass(eq=False)
class PersonPlan:
    person: Person
    age: int
    groups: list[str]  # recorded target-group codes
    household: HouseholdPlan | None
    area: Area
    duplicate_of: PersonPlan | None = None

    @property
    def village_number(self) -> int | None:
        village = self.household.village if self.household else None
        return village.number if village else None


@dataclass(eq=False)
class AreaPlan:
    area: Area
    households: list[HouseholdPlan]
    people: list[PersonPlan]  # household members in order, then people without a household


class NationalIds:
    """Valid, unique, realistic IDs: 1 (born since 1984) or 3, the registering district, then
    a book and a running number, then the check digit."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._districts: list[str] | None = None

    @property
    def districts(self) -> list[str]:
        if self._districts is None:
            self._districts = list(District.objects.order_by("code").values_list("code", flat=True))
        return self._districts

    def make(self, rng: random.Random, *, born: int, district: str, first: str = "") -> str:
        if not first:
            first = "3" if born < YEAR_THAI_ID_STARTED else ("1" if rng.random() < 0.95 else "2")
        while True:
            office = district if rng.random() < 0.8 else rng.choice(self.districts)
            twelve = f"{first}{office}{rng.randint(0, 99999):05d}{rng.randint(0, 99):02d}"
            national_id = twelve + str(nationalid.check_digit(twelve))
            if national_id not in self.used:
                self.used.add(national_id)
                return national_id


def _house_numbers(rng: random.Random, count: int) -> list[str]:
    numbers = sorted(rng.sample(range(1, max(60, 4 * count)), k=count))
    return [f"{n}/{rng.randint(1, 9)}" if rng.random() < 0.22 else str(n) for n in numbers]


def plan_area(ctx: DemoContext, area: Area, ids: NationalIds, ref: dt.date) -> AreaPlan:
    """The households, members and homeless people of one sub-district."""
    ctx.reseed_item(f"area:{area.code}")
    rng = ctx.random
    per_village = ctx.scale.households_per_village
    villages: list[VillageInfo | None] = list(area.villages) or [None]
    namer = Namer(ctx, area)
    plan = AreaPlan(area, [], [])
    for village in villages:
        numbers = _house_numbers(rng, rng.randint(per_village, 2 * per_village))
        for house_number in numbers:
            household = _plan_household(ctx, area, village, house_number, namer, ids, ref)
            plan.households.append(household)
            plan.people += household.members
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        plan.people.append(_plan_homeless(ctx, area, namer, ids, ref))
    return plan


def _plan_household(
    ctx: DemoContext,
    area: Area,
    village: VillageInfo | None,
    house_number: str,
    namer: Namer,
    ids: NationalIds,
    ref: dt.date,
) -> HouseholdPlan:
    rng = ctx.random
    stateless = rng.random() < STATELESS_HOUSEHOLDS[area.province_code in NORTHERN_PROVINCES]
    income = weighted(rng, STATELESS_INCOME if stateless else INCOME)
    household = Household(
        subdistrict_id=area.code,
        village_id=village.code if village else None,
        house_number=house_number,
        address=area.address(house_number, village),
        housing=weighted(rng, HOUSING[income]),
        income_band=income,
    )
    plan = HouseholdPlan(household, area, village, stateless)
    members = compose(rng, weighted(rng, SIZES))
    has_spouse = any(m.relation == R.SPOUSE for m in members)
    surname, taken = namer.last(), set[str]()
    poor = income in (Household.IncomeBand.BELOW_POVERTY_LINE, Household.IncomeBand.BELOW_STANDARD)
    crisis = rng.random() < FAMILY_CRISIS[poor]
    for m in members:
        last = surname if rng.random() < KEEPS_SURNAME[m.relation] else namer.last()
        person = _person(
            ctx,
            area,
            village,
            household.address,
            relation=m.relation,
            sex=m.sex,
            age=m.age,
            first=namer.first(m.sex, m.age, taken),
            last=last,
            title=title_for(m.sex, m.age, married(rng, m, has_spouse)),
            ref=ref,
        )
        person.household = household
        groups = _recorded_groups(rng, person, m.age, income)
        if crisis:
            groups.append("family_crisis")
        if stateless:
            groups.append("stateless")
        _give_id(rng, person, m.age, area, ids, stateless=stateless)
        plan.members.append(PersonPlan(person, m.age, groups, plan, area))
    _household_groups(rng, plan, has_spouse)
    return plan


def _household_groups(rng: random.Random, plan: HouseholdPlan, has_spouse: bool) -> None:
    """Groups that follow from the household: a single parent, a teenage mother."""
    young_child = any(p.age < 18 and p.person.relation == R.CHILD for p in plan.members)
    if young_child and not has_spouse:
        plan.members[0].groups.append("single_parent")
    baby = any(p.age < 3 and p.person.relation == R.GRANDCHILD for p in plan.members)
    for member in plan.members:
        if (
            baby
            and member.person.sex == F
            and 15 <= member.age <= 19
            and member.person.relation == R.CHILD
            and rng.random() < 0.5
        ):
            member.groups.append("teenage_mother")
            break


def _person(
    ctx: DemoContext,
    area: Area,
    village: VillageInfo | None,
    address: str,
    *,
    relation: str,
    sex: str,
    age: int,
    first: str,
    last: str,
    title: str,
    ref: dt.date,
) -> Person:
    rng = ctx.random
    has_phone = age >= 15 and rng.random() < (0.4 if age >= 80 else 0.75)
    return Person(
        relation=relation,
        title=title,
        first_name=first,
        last_name=last,
        search_name=search_name(first, last),
        sex=sex,
        birth_date=birth_date(rng, age, ref),
        phone=ctx.area_provider.thai_mobile_number().replace("-", "") if has_phone else "",
        subdistrict_id=area.code,
        village_id=village.code if village else None,
        address=address,
    )


def _give_id(
    rng: random.Random,
    person: Person,
    age: int,
    area: Area,
    ids: NationalIds,
    *,
    stateless: bool = False,
    share: float = 1.0,
) -> None:
    """A valid ID, except for most stateless people (some hold a 6- or 8- series ID), a fifth
    of the elderly (not recorded by the survey), and whoever falls outside `share`."""
    first = ""
    if stateless:
        if rng.random() < 0.75:
            return
        first = rng.choice("68")
    elif (age >= 60 and rng.random() < ELDERLY_WITHOUT_ID) or rng.random() >= share:
        return
    assert person.birth_date is not None
    national_id = ids.make(
        rng, born=person.birth_date.year, district=area.district_code, first=first
    )
    person.national_id = national_id
    person.national_id_index = nationalid.blind_index(national_id)


def _recorded_groups(rng: random.Random, person: Person, age: int, income: str) -> list[str]:
    """Disability (type, card), bedridden, welfare card: the target groups a survey records."""
    groups: list[str] = []
    disability = 0.01 if age < 15 else 0.025 if age < 60 else 0.1 if age < 80 else 0.2
    bedridden = 0.0 if age < 60 else 0.03 if age < 80 else 0.15
    if rng.random() < bedridden:
        groups.append("bedridden")
        disability = 0.6
    if rng.random() < disability:
        groups.append("disability")
        table = CHILD_DISABILITIES if age < 15 else ADULT_DISABILITIES
        person.disability_type = D.PHYSICAL if "bedridden" in groups else weighted(rng, table)
        person.disability_card = rng.random() < 0.85
    if age >= 18 and rng.random() < WELFARE_CARD[Household.IncomeBand(income)]:
        person.welfare_card = True
        groups.append("low_income")
    return groups


def _plan_homeless(
    ctx: DemoContext, area: Area, namer: Namer, ids: NationalIds, ref: dt.date
) -> PersonPlan:
    """Someone without a home (คนไร้บ้าน): no household, often no ID, found at a public place."""
    rng = ctx.random
    age = rng.randint(30, 78)
    sex = M if rng.random() < 0.75 else F
    place = rng.choice(HOMELESS_PLACES)
    address = f"ไม่มีที่พักเป็นหลักแหล่ง พบบริเวณ{place} {area.address('', None)}"
    person = _person(
        ctx,
        area,
        None,
        address,
        relation="",
        sex=sex,
        age=age,
        first=namer.first(sex, age, set()),
        last=namer.last() if rng.random() < 0.8 else "",
        title=title_for(sex, age, married=False),
        ref=ref,
    )
    person.phone = ""
    groups = ["homeless", *_recorded_groups(rng, person, age, Household.IncomeBand.UNKNOWN)]
    _give_id(rng, person, age, area, ids, share=0.4)
    return PersonPlan(person, age, groups, None, area)
