"""The registry demo generator: plan a chunk of districts in memory, write it in bulk, repeat.

A sub-district is filled once: one that already has households or people (from an earlier run,
an import or an officer) is left alone, so a second run creates nothing new and real records
never get demo neighbours. National IDs are encrypted by the model field on insert.
"""

from __future__ import annotations

import random
from collections import Counter

from tambon.accounts.models import User
from tambon.core import nationalid
from tambon.demo.registry import DemoContext, generator
from tambon.registry.demo_data.areas import recorders, reference_date, target_subdistricts
from tambon.registry.demo_data.assessments import PlannedAssessment
from tambon.registry.demo_data.plan import RegistryPlan, iter_plans
from tambon.registry.models import (
    AssessmentAnswer,
    Consent,
    Household,
    Indicator,
    NeedsAssessment,
    Person,
    ProblemType,
    TargetGroup,
)

BATCH = 1000


def _attribute(plan: RegistryPlan, who: dict[str, User | None]) -> None:
    """Records are entered by the demo officer of their sub-district."""
    for household in plan.households:
        household.household.created_by = household.household.updated_by = who[household.area.code]
    for person in plan.people:
        person.person.created_by = person.person.updated_by = who[person.area.code]


def _taken(indexes: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(indexes), BATCH):
        rows = Person.objects.filter(national_id_index__in=indexes[start : start + BATCH])
        taken.update(i for i in rows.values_list("national_id_index", flat=True).order_by() if i)
    return taken


def _avoid_existing_ids(plan: RegistryPlan) -> None:
    """A planned ID someone already holds in the registry is redrawn (the planted second
    record of a person keeps sharing the new ID). Never happens on an empty registry."""
    taken = _taken([p.person.national_id_index for p in plan.people if p.person.national_id_index])
    redrawn: dict[str, tuple[str, str]] = {}
    for planned in plan.people:
        person = planned.person
        old = person.national_id_index
        if not old or old not in taken:
            continue
        if old not in redrawn:
            rng = random.Random(old)
            assert person.birth_date is not None
            while True:
                new = plan.ids.make(
                    rng, born=person.birth_date.year, district=planned.area.district_code
                )
                index = nationalid.blind_index(new)
                if not _taken([index]):
                    break
            redrawn[old] = (new, index)
        person.national_id, person.national_id_index = redrawn[old]


def write_plan(plan: RegistryPlan) -> None:
    """Insert the plan in bulk: households, people, target groups, consents, assessments."""
    Household.objects.bulk_create([h.household for h in plan.households], batch_size=BATCH)
    people = [p.person for p in plan.people]
    for person in people:
        if person.household is not None:
            person.household_id = person.household.pk
    Person.objects.bulk_create(people, batch_size=BATCH)
    groups = dict(TargetGroup.objects.values_list("code", "pk"))
    through = Person.target_groups.through
    through.objects.bulk_create(
        [
            through(person_id=p.person.pk, targetgroup_id=groups[code])
            for p in plan.people
            for code in dict.fromkeys(p.groups)
            if code in groups
        ],
        batch_size=BATCH,
    )
    for consent in plan.consents:
        consent.person_id = consent.person.pk
    Consent.objects.bulk_create(plan.consents, batch_size=BATCH)
    _write_assessments(plan.assessments)


def _write_assessments(planned: list[PlannedAssessment]) -> None:
    for item in planned:
        a = item.assessment
        a.household_id = a.household.pk if a.household else None
        a.person_id = a.person.pk if a.person else None
    NeedsAssessment.objects.bulk_create([p.assessment for p in planned], batch_size=BATCH)
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    AssessmentAnswer.objects.bulk_create(
        [
            AssessmentAnswer(assessment_id=p.assessment.pk, indicator_id=indicators[code], met=met)
            for p in planned
            for code, met in p.answers.items()
        ],
        batch_size=2 * BATCH,
    )
    problems = dict(ProblemType.objects.values_list("code", "pk"))
    through = NeedsAssessment.problems.through
    through.objects.bulk_create(
        [
            through(needsassessment_id=p.assessment.pk, problemtype_id=problems[code])
            for p in planned
            for code in p.problems
            if code in problems
        ],
        batch_size=BATCH,
    )


def areas_to_fill(codes: list[str]) -> list[str]:
    """The sub-districts of `codes` with no household and no person yet."""
    used: set[str] = set()
    for model in (Household, Person):
        rows = model.objects.filter(subdistrict_id__in=codes).order_by()
        used.update(rows.values_list("subdistrict_id", flat=True).distinct())
    return [code for code in codes if code not in used]


@generator(name="registry.households", order=40)
def households(ctx: DemoContext) -> str:
    """Households, people (with planted duplicates), consents and needs assessments."""
    targets = target_subdistricts(ctx)
    codes = areas_to_fill(targets)
    who = recorders(ctx, codes)
    made: Counter[str] = Counter()
    for plan in iter_plans(ctx, codes, ref=reference_date()):
        _attribute(plan, who)
        _avoid_existing_ids(plan)
        write_plan(plan)
        made.update(
            households=len(plan.households),
            people=len(plan.people),
            duplicates=len(plan.duplicates),
            assessments=len(plan.assessments),
            consents=len(plan.consents),
            subdistricts=len(plan.subdistricts),
        )
        ctx.progress(made["subdistricts"], len(codes))
    return (
        f"{made['households']} new households, {made['people']} new people "
        f"({made['duplicates']} planted duplicates), {made['assessments']} needs "
        f"assessments, {made['consents']} consents in {len(codes)} sub-districts "
        f"({len(targets) - len(codes)} already had records)"
    )
