"""The cascade (ผลต่อเนื่อง): facilitators certified → workshops → participants → … → people helped.

Each stage is a `Stage` in `STAGES`: a function that, given the facilitators in scope, counts
its stage per (cohort, province of the facilitator). The stages of social innovation (innovators,
teams, projects, people helped) have no counter yet: the innovation issue gives them one with
`set_stage_counter("projects", count_projects)` (or adds stages with `add_stage`), and the page,
the table and the chart follow without any other change.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tambon.accounts import policy
from tambon.geo.models import Province
from tambon.training.models import Cohort, Facilitator, Workshop, WorkshopHeadcount

# (cohort id or None for a facilitator named without a cohort, province code)
Key = tuple[int | None, str]
Counter = Callable[[QuerySet[Facilitator]], dict[Key, int]]

NOT_YET_NOTE = _("counted when social-innovation projects are recorded")


@dataclass
class Stage:
    key: str
    label: str | Promise
    count: Counter | None = None  # None: not counted yet, shown as "—"
    note: str | Promise = ""


def _group(rows: Any, value: str) -> dict[Key, int]:
    return {(r["cohort_id"], r["province"]): int(r[value] or 0) for r in rows}


def count_facilitators(facilitators: QuerySet[Facilitator]) -> dict[Key, int]:
    rows = (
        facilitators.values("cohort_id", province=F("subdistrict__province_id"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _group(rows, "n")


def count_workshops(facilitators: QuerySet[Facilitator]) -> dict[Key, int]:
    rows = (
        Workshop.objects.filter(facilitator__in=facilitators.values("pk"))
        .values(
            cohort_id=F("facilitator__cohort_id"),
            province=F("facilitator__subdistrict__province_id"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _group(rows, "n")


def count_participants(facilitators: QuerySet[Facilitator]) -> dict[Key, int]:
    """Participants counted by age band and sex plus those named by their account."""
    in_scope = Q(workshop__facilitator__in=facilitators.values("pk"))
    counted = (
        WorkshopHeadcount.objects.filter(in_scope)
        .values(
            cohort_id=F("workshop__facilitator__cohort_id"),
            province=F("workshop__facilitator__subdistrict__province_id"),
        )
        .annotate(n=Sum("count"))
        .order_by()
    )
    known = (
        Workshop.participants_known.through.objects.filter(in_scope)
        .values(
            cohort_id=F("workshop__facilitator__cohort_id"),
            province=F("workshop__facilitator__subdistrict__province_id"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = _group(counted, "n")
    for key, n in _group(known, "n").items():
        totals[key] = totals.get(key, 0) + n
    return totals


STAGES: list[Stage] = [
    Stage("facilitators", _("Facilitators certified"), count_facilitators),
    Stage("workshops", _("Workshops run"), count_workshops),
    Stage("participants", _("Participants reached"), count_participants),
    Stage("innovators", _("Social innovators"), note=NOT_YET_NOTE),
    Stage("teams", _("Teams"), note=NOT_YET_NOTE),
    Stage("projects", _("Social-innovation projects"), note=NOT_YET_NOTE),
    Stage("people_helped", _("People helped"), note=NOT_YET_NOTE),
]


def set_stage_counter(key: str, count: Counter, *, note: str | Promise = "") -> None:
    """Give a stage its counter (the innovation app calls this from its AppConfig.ready())."""
    stage = next(s for s in STAGES if s.key == key)
    stage.count = count
    stage.note = note


def add_stage(stage: Stage, *, after: str) -> None:
    """Insert a new stage after the one keyed `after`."""
    index = next(i for i, s in enumerate(STAGES) if s.key == after)
    STAGES.insert(index + 1, stage)


@dataclass
class CascadeRow:
    cohort: Cohort | None
    province: Province
    values: dict[str, int | None]


@dataclass
class CascadeTable:
    stages: list[Stage]
    rows: list[CascadeRow] = field(default_factory=list)

    def ordered(self, values: dict[str, int | None]) -> list[int | None]:
        """The values of one line in the order of the stages (None: not counted yet)."""
        return [values[s.key] for s in self.stages]

    def totals(self, rows: list[CascadeRow] | None = None) -> dict[str, int | None]:
        chosen = self.rows if rows is None else rows
        return {
            s.key: None if s.count is None else sum(r.values[s.key] or 0 for r in chosen)
            for s in self.stages
        }

    def by_cohort(self) -> list[tuple[Cohort | None, dict[str, int | None]]]:
        """One line per cohort (its provinces summed), in the order of the rows."""
        groups: dict[int | None, list[CascadeRow]] = {}
        for row in self.rows:
            groups.setdefault(row.cohort.pk if row.cohort else None, []).append(row)
        return [(rows[0].cohort, self.totals(rows)) for rows in groups.values()]

    def by_province(self) -> list[tuple[Province, dict[str, int | None]]]:
        """One line per province (its cohorts summed), by province name."""
        groups: dict[str, list[CascadeRow]] = {}
        for row in self.rows:
            groups.setdefault(row.province.code, []).append(row)
        lines = [(rows[0].province, self.totals(rows)) for rows in groups.values()]
        return sorted(lines, key=lambda line: line[0].name_th)


def facilitators_in_scope(user: Any) -> QuerySet[Facilitator]:
    """Facilitators the user may count: everywhere for national admins, else in their area."""
    return policy.scope_to_user(Facilitator.objects.all(), user, area_field="subdistrict")


def cascade(*, user: Any, cohort: Cohort | None = None) -> CascadeTable:
    """The cascade per (cohort, province) over the facilitators in the user's scope."""
    facilitators = facilitators_in_scope(user)
    if cohort is not None:
        facilitators = facilitators.filter(cohort=cohort)
    stages = list(STAGES)
    counts = {s.key: s.count(facilitators) for s in stages if s.count is not None}
    keys = sorted({key for per_stage in counts.values() for key in per_stage}, key=str)
    cohorts = Cohort.objects.select_related("course").in_bulk([k[0] for k in keys if k[0]])
    provinces = Province.objects.in_bulk([k[1] for k in keys])
    rows = [
        CascadeRow(
            cohort=cohorts.get(cohort_id) if cohort_id else None,
            province=provinces[province],
            values={
                s.key: (counts[s.key].get((cohort_id, province), 0) if s.count else None)
                for s in stages
            },
        )
        for cohort_id, province in keys
    ]
    rows.sort(key=_row_order)
    return CascadeTable(stages=stages, rows=rows)


def _row_order(row: CascadeRow) -> tuple[Any, ...]:
    cohort = row.cohort
    if cohort is None:
        return (1, "", 0, row.province.name_th)
    return (0, cohort.course.code, cohort.number, row.province.name_th)


def cohorts_with_facilitators(user: Any) -> QuerySet[Cohort]:
    """The cohorts that certified a facilitator in the user's scope (for the cohort filter)."""
    ids = facilitators_in_scope(user).exclude(cohort=None).values("cohort_id")
    return Cohort.objects.select_related("course").filter(pk__in=ids).order_by("course", "number")
