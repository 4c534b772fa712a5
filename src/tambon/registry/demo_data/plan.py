"""The whole registry demo as a plan in memory, a chunk of districts at a time.

A chunk holds whole districts (a planted duplicate may move to a neighbouring sub-district of
its district), so a large scale never holds all its people in memory at once. Every
sub-district draws from its own random streams, so a chunk's data does not depend on the
chunking: `plan_registry` (all chunks merged) gives the same people in the same order as the
generator writes them, which is how tests find the planted pairs of a run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tambon.accounts.models import User
from tambon.core.errors import ValidationError
from tambon.demo.registry import DemoContext
from tambon.registry.demo_data.areas import Area, load_areas, recorders
from tambon.registry.demo_data.assessments import (
    PlannedAssessment,
    active_indicators,
    plan_assessments,
)
from tambon.registry.demo_data.consents import plan_consents
from tambon.registry.demo_data.duplicates import plant_duplicates
from tambon.registry.demo_data.people import (
    AreaPlan,
    HouseholdPlan,
    NationalIds,
    PersonPlan,
    plan_area,
)
from tambon.registry.models import Consent
from tambon.registry.services.assessments import ScoringTable, load_scoring_table

CHUNK_SUBDISTRICTS = 25  # whole districts are added to a chunk until it has this many


@dataclass
class RegistryPlan:
    """Unsaved records in the order they are written (and so in primary-key order)."""

    households: list[HouseholdPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    assessments: list[PlannedAssessment] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    subdistricts: list[str] = field(default_factory=list)
    ids: NationalIds = field(default_factory=NationalIds)

    @property
    def duplicates(self) -> list[PersonPlan]:
        return [p for p in self.people if p.duplicate_of is not None]

    def planted_pairs(self) -> list[tuple[int, int]]:
        """(original, second record) as positions in `people`: the planted duplicates."""
        position = {id(p): n for n, p in enumerate(self.people)}
        return [(position[id(p.duplicate_of)], position[id(p)]) for p in self.duplicates]

    def extend(self, other: RegistryPlan) -> None:
        self.households += other.households
        self.people += other.people
        self.assessments += other.assessments
        self.consents += other.consents
        self.subdistricts += other.subdistricts


@dataclass(frozen=True)
class _Shared:
    """What every chunk needs, loaded once."""

    ref: dt.date
    areas: dict[str, Area]
    recorders: dict[str, User | None]
    scoring: ScoringTable | None
    indicators: list[str]
    ids: NationalIds


def chunks(codes: Sequence[str], size: int | None = None) -> list[list[str]]:
    """`codes` in groups of whole districts, each of at least `size` codes (default
    CHUNK_SUBDISTRICTS) but the last."""
    size = size or CHUNK_SUBDISTRICTS
    groups: list[list[str]] = []
    current: list[str] = []
    for code in sorted(codes):
        if current and code[:4] != current[-1][:4] and len(current) >= size:
            groups.append(current)
            current = []
        current.append(code)
    if current:
        groups.append(current)
    return groups


def iter_plans(ctx: DemoContext, codes: Sequence[str], *, ref: dt.date) -> Iterator[RegistryPlan]:
    """Plans of the households, people, duplicates, consents and assessments of `codes`, a chunk
    of whole districts at a time. Deterministic for the seed; reads the database, writes nothing.
    """
    try:
        scoring: ScoringTable | None = load_scoring_table()
    except ValidationError:
        scoring = None  # no 4S mapping published: nothing can be scored
    shared = _Shared(
        ref=ref,
        areas=load_areas(list(codes)),
        recorders=recorders(ctx, list(codes)),
        scoring=scoring,
        indicators=active_indicators(),
        ids=NationalIds(),
    )
    for chunk in chunks(codes):
        yield _plan_chunk(ctx, chunk, shared)


def plan_registry(ctx: DemoContext, codes: Sequence[str], *, ref: dt.date) -> RegistryPlan:
    """Every chunk of `iter_plans` in one plan, in the order the generator writes them."""
    merged = RegistryPlan()
    for plan in iter_plans(ctx, codes, ref=ref):
        merged.extend(plan)
    return merged


def _plan_chunk(ctx: DemoContext, codes: list[str], shared: _Shared) -> RegistryPlan:
    areas = [plan_area(ctx, shared.areas[code], shared.ids, shared.ref) for code in codes]
    duplicates, duplicate_households = plant_duplicates(ctx, areas)
    plan = RegistryPlan(
        households=[h for a in areas for h in a.households] + duplicate_households,
        people=[p for a in areas for p in a.people] + duplicates,
        subdistricts=list(codes),
        ids=shared.ids,
    )
    _plan_consents(ctx, plan, areas, shared)
    if shared.scoring is not None:
        for area in areas:
            ctx.reseed_item(f"assessments:{area.area.code}")
            plan.assessments += plan_assessments(
                ctx.random,
                area,
                table=shared.scoring,
                indicators=shared.indicators,
                ref=shared.ref,
                assessor=shared.recorders[area.area.code],
            )
    return plan


def _plan_consents(
    ctx: DemoContext, plan: RegistryPlan, areas: list[AreaPlan], shared: _Shared
) -> None:
    """Consents of each sub-district's people and of their second records, from the
    sub-district's own stream."""
    by_origin: dict[str, list[PersonPlan]] = {}
    for person in plan.people:
        origin = person.duplicate_of or person
        by_origin.setdefault(origin.area.code, []).append(person)
    for area in areas:
        code = area.area.code
        ctx.reseed_item(f"consents:{code}")
        for person in by_origin.get(code, []):
            recorder = shared.recorders[person.area.code]
            plan.consents += plan_consents(ctx.random, person, shared.ref, recorder)
