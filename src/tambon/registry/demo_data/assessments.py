"""Demo needs assessments: survey answers that follow the household, scored by the registry's
own `score()` with the newest published 4S mapping.

Answers correlate with what the plan knows: poor households fail the income indicators,
dilapidated or temporary housing fails secure housing, households with elderly, disabled or
bedridden members sometimes lack care, stateless households miss schooling and literacy.
Indicators that ask about an age group are not asked (None) of households without one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tambon.accounts.models import User
from tambon.registry.demo_data.people import AreaPlan, HouseholdPlan, PersonPlan
from tambon.registry.models import Household, Indicator, NeedsAssessment
from tambon.registry.services.assessments import ScoringTable, score

ASSESSED_SHARE = 0.6  # of households
REASSESSED_SHARE = 0.12  # of assessed households: an earlier survey a year before
HOMELESS_ASSESSED_SHARE = 0.5
EARLIER_WORSE = 0.85  # an earlier survey met each need less often
DEFAULT_MET = 0.9  # an indicator this module does not know (added by an admin)

IB = Household.IncomeBand
H = Household.Housing


@dataclass(frozen=True)
class Facts:
    """What the answers depend on, for a household or a person without one."""

    ages: tuple[int, ...]
    income: str
    housing: str
    stateless: bool
    disabled: bool
    bedridden: bool

    @property
    def poor(self) -> bool:
        return self.income in (IB.BELOW_POVERTY_LINE, IB.BELOW_STANDARD)

    def has_age(self, low: int, high: int = 200) -> bool:
        return any(low <= age <= high for age in self.ages)

    @classmethod
    def of_household(cls, plan: HouseholdPlan) -> Facts:
        groups = {g for m in plan.members for g in m.groups}
        return cls(
            ages=tuple(m.age for m in plan.members),
            income=plan.household.income_band,
            housing=plan.household.housing,
            stateless=plan.stateless,
            disabled="disability" in groups,
            bedridden="bedridden" in groups,
        )

    @classmethod
    def of_homeless(cls, plan: PersonPlan) -> Facts:
        return cls(
            ages=(plan.age,),
            income=IB.BELOW_POVERTY_LINE,
            housing=H.NONE,
            stateless="stateless" in plan.groups,
            disabled="disability" in plan.groups,
            bedridden="bedridden" in plan.groups,
        )


Chance = Callable[[Facts], float | None]  # the chance a need is met; None: not asked

SECURE_HOUSING = {H.SECURE: 0.97, H.NEEDS_REPAIR: 0.6, H.DILAPIDATED: 0.08, H.TEMPORARY: 0.03}
EMPLOYED = {IB.BELOW_POVERTY_LINE: 0.45, IB.BELOW_STANDARD: 0.7, IB.ABOVE_STANDARD: 0.97}
HOUSEHOLD_INCOME = {IB.BELOW_POVERTY_LINE: 0.0, IB.BELOW_STANDARD: 0.05, IB.ABOVE_STANDARD: 1.0}


def _if(asked: bool, chance: float) -> float | None:
    return chance if asked else None


CHANCES: dict[str, Chance] = {
    "health_birth_weight": lambda f: _if(f.has_age(0, 0), 0.85 if f.poor else 0.93),
    "health_safe_food": lambda f: 0.85 if f.poor else 0.95,
    "health_medicine": lambda f: 0.75 if f.stateless else 0.93,
    "health_exercise": lambda f: 0.72,
    "living_secure_housing": lambda f: SECURE_HOUSING.get(H(f.housing), 0.0),
    "living_drinking_water": lambda f: (
        0.6 if f.housing == H.TEMPORARY else 0.85 if f.poor else 0.96
    ),
    "living_water_use": lambda f: 0.88 if f.poor else 0.96,
    "living_tidy_home": lambda f: 0.55 if f.housing in (H.DILAPIDATED, H.TEMPORARY) else 0.9,
    "education_early_childhood": lambda f: _if(f.has_age(3, 5), 0.93),
    "education_compulsory": lambda f: _if(
        f.has_age(6, 14), 0.7 if f.stateless else 0.88 if f.poor else 0.97
    ),
    "education_upper_secondary": lambda f: _if(f.has_age(15, 17), 0.55 if f.poor else 0.82),
    "education_literacy": lambda f: _if(
        f.has_age(15, 59), 0.55 if f.stateless else 0.88 if f.poor else 0.96
    ),
    "income_employed": lambda f: _if(f.has_age(15, 59), EMPLOYED.get(IB(f.income), 0.8)),
    "income_elderly": lambda f: _if(f.has_age(60), 0.35 if f.poor else 0.65),
    "income_household": lambda f: HOUSEHOLD_INCOME.get(IB(f.income), 0.7),
    "access_elderly_care": lambda f: _if(
        f.has_age(60), 0.6 if f.bedridden or len(f.ages) == 1 else 0.88
    ),
    "access_disability_care": lambda f: _if(f.disabled, 0.6 if f.poor else 0.8),
}


def answer_survey(
    facts: Facts, indicators: Sequence[str], rng: random.Random, *, worse: float = 1.0
) -> dict[str, bool | None]:
    """{indicator code: met?} for every active indicator; None where it is not asked."""
    answers: dict[str, bool | None] = {}
    for code in indicators:
        chance = CHANCES[code](facts) if code in CHANCES else DEFAULT_MET
        answers[code] = None if chance is None else rng.random() < chance * worse
    return answers


@dataclass
class PlannedAssessment:
    assessment: NeedsAssessment  # unsaved; household or person set to the planned instance
    answers: dict[str, bool | None]
    problems: tuple[str, ...]


def active_indicators() -> list[str]:
    return list(
        Indicator.objects.filter(active=True).order_by("code").values_list("code", flat=True)
    )


def plan_assessments(
    rng: random.Random,
    area: AreaPlan,
    *,
    table: ScoringTable,
    indicators: Sequence[str],
    ref: dt.date,
    assessor: User | None,
) -> list[PlannedAssessment]:
    """Assessments of ASSESSED_SHARE of the area's households (some assessed twice) and of
    half its homeless people, each scored with `table`."""
    planned: list[PlannedAssessment] = []

    def add(facts: Facts, on: dt.date, worse: float = 1.0, **subject: object) -> None:
        answers = answer_survey(facts, indicators, rng, worse=worse)
        scores = score(answers, table.rules, table.dimensions)
        assessment = NeedsAssessment(
            subdistrict_id=area.area.code,
            assessed_on=on,
            assessed_by=assessor,
            created_by=assessor,
            mapping_version_id=table.version_id,
            scores=scores.dimensions,
            four_s_scores=scores.four_s,
            **subject,
        )
        planned.append(PlannedAssessment(assessment, answers, scores.problems))

    for household in area.households:
        if rng.random() >= ASSESSED_SHARE:
            continue
        facts = Facts.of_household(household)
        latest = ref - dt.timedelta(days=rng.randint(7, 540))
        if rng.random() < REASSESSED_SHARE:
            earlier = latest - dt.timedelta(days=rng.randint(300, 420))
            add(facts, earlier, EARLIER_WORSE, household=household.household)
        add(facts, latest, household=household.household)
    for person in area.people:
        if person.household is None and rng.random() < HOMELESS_ASSESSED_SHARE:
            on = ref - dt.timedelta(days=rng.randint(7, 365))
            add(Facts.of_homeless(person), on, person=person.person)
    return planned
