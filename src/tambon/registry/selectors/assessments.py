"""Reads of needs assessments: scoped lists, a subject's latest problems, area summaries.

"Latest" means the assessment with the newest `assessed_on` (ties: the one recorded last) of a
household or a person; the problems of a person are those of their own latest assessment and
of their household's latest one.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery

from tambon.registry.models import (
    Household,
    MappingRule,
    MappingVersion,
    NeedsAssessment,
    Person,
    ProblemType,
)
from tambon.registry.policy import readable

ProblemLinks = NeedsAssessment.problems.through


def latest_mapping() -> MappingVersion | None:
    """The newest published mapping version: the one new assessments are scored with."""
    return MappingVersion.objects.filter(published_at__isnull=False).order_by("-number").first()


def mapping_rules(version: MappingVersion) -> QuerySet[MappingRule]:
    """The rules of a mapping version with their indicator and problem type, in survey order."""
    return (
        MappingRule.objects.filter(version=version)
        .select_related("indicator", "problem_type")
        .order_by("indicator__dimension", "indicator__position", "indicator__code", "four_s")
    )


# --- lists and details -------------------------------------------------------------------


def visible_assessments(user: Any) -> QuerySet[NeedsAssessment]:
    """The assessments of the user's area (all for national admins; none for roles outside
    the registry)."""
    return readable(NeedsAssessment.objects.all(), user)


def assessment_list(
    *,
    user: Any,
    area_code: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    problem: str = "",
    household: Household | None = None,
    person: Person | None = None,
) -> QuerySet[NeedsAssessment]:
    """The assessments a user sees, newest first, filtered; ready for a list page (no N+1)."""
    qs = visible_assessments(user)
    if area_code:
        qs = qs.filter(subdistrict__code__startswith=area_code[:6])
        if len(area_code) == 8:
            qs = qs.filter(Q(household__village_id=area_code) | Q(person__village_id=area_code))
    if date_from is not None:
        qs = qs.filter(assessed_on__gte=date_from)
    if date_to is not None:
        qs = qs.filter(assessed_on__lte=date_to)
    if problem:
        qs = qs.filter(problems__code=problem)
    if household is not None:
        qs = qs.filter(household=household)
    if person is not None:
        qs = qs.filter(person=person)
    return (
        qs.select_related(
            "household__village",
            "person",
            "subdistrict__district",
            "mapping_version",
        )
        .prefetch_related("problems")
        .order_by("-assessed_on", "-id")
    )


def assessment_detail(*, user: Any, pk: int) -> NeedsAssessment | None:
    """One assessment the user may see, with its answers and problems; None otherwise."""
    return (
        visible_assessments(user)
        .select_related(
            "household__village",
            "person__household",
            "subdistrict__district__province",
            "mapping_version",
            "assessed_by",
        )
        .prefetch_related("problems", "answers__indicator")
        .filter(pk=pk)
        .first()
    )


def answers_by_dimension(assessment: NeedsAssessment) -> list[tuple[str, list[Any]]]:
    """The assessment's answers grouped by dimension code, in survey order."""
    from tambon.registry.models import Dimension

    grouped: dict[str, list[Any]] = {d: [] for d in Dimension.values}
    answers = sorted(
        assessment.answers.all(), key=lambda a: (a.indicator.position, a.indicator.code)
    )
    for answer in answers:
        grouped.setdefault(answer.indicator.dimension, []).append(answer)
    return [(d, items) for d, items in grouped.items() if items]


# --- latest problems ---------------------------------------------------------------------


def _newest_first() -> tuple[str, str]:
    return ("-assessed_on", "-id")


def _of_person(person: Any) -> Q:
    """A person's own assessments and those of the records merged into them (up to two
    merges deep: A into B, then B into C): after a merge they are the person's needs."""
    return (
        Q(person=person)
        | Q(person__merged_into=person)
        | Q(person__merged_into__merged_into=person)
    )


def _latest_of_person() -> Subquery:
    return Subquery(
        NeedsAssessment.objects.filter(_of_person(OuterRef("pk")))
        .order_by(*_newest_first())
        .values("pk")[:1],
        output_field=IntegerField(),
    )


def _latest_of_household(household_ref: str) -> Subquery:
    return Subquery(
        NeedsAssessment.objects.filter(household=OuterRef(household_ref), person__isnull=True)
        .order_by(*_newest_first())
        .values("pk")[:1],
        output_field=IntegerField(),
    )


def latest_assessment_of(subject: Household | Person) -> NeedsAssessment | None:
    """The newest assessment of a household (of the household itself) or of a person."""
    if isinstance(subject, Person):
        qs = NeedsAssessment.objects.filter(_of_person(subject))
    else:
        qs = NeedsAssessment.objects.filter(household=subject, person__isnull=True)
    return qs.order_by(*_newest_first()).first()


def latest_problems_of(subject: Household | Person) -> list[ProblemType]:
    """The problems of the subject's latest assessment; for a person, with those of their
    household's latest assessment. In taxonomy order, once each."""
    ids: list[int] = []
    latest = latest_assessment_of(subject)
    if latest is not None:
        ids.append(latest.pk)
    if isinstance(subject, Person) and subject.household_id is not None:
        household_latest = (
            NeedsAssessment.objects.filter(household_id=subject.household_id, person__isnull=True)
            .order_by(*_newest_first())
            .values_list("pk", flat=True)
            .first()
        )
        if household_latest is not None:
            ids.append(household_latest)
    if not ids:
        return []
    return list(
        ProblemType.objects.filter(
            pk__in=ProblemLinks.objects.filter(needsassessment_id__in=ids).values("problemtype_id")
        ).order_by("position", "code")
    )


def problems_by_person_ids(ids: Iterable[int]) -> dict[int, list[ProblemType]]:
    """{person id: problems of their latest assessment and their household's} for many people
    in two queries (for list pages); people without problems are absent."""
    rows = (
        Person.objects.filter(pk__in=list(ids))
        .annotate(own=_latest_of_person(), of_household=_latest_of_household("household"))
        .values_list("pk", "own", "of_household")
    )
    assessments_of: dict[int, list[int]] = defaultdict(list)
    for person_id, own, of_household in rows:
        for assessment_id in (own, of_household):
            if assessment_id is not None:
                assessments_of[assessment_id].append(person_id)
    if not assessments_of:
        return {}
    links = (
        ProblemLinks.objects.filter(needsassessment_id__in=list(assessments_of))
        .select_related("problemtype")
        .order_by("problemtype__position", "problemtype__code")
    )
    result: dict[int, list[ProblemType]] = defaultdict(list)
    for link in links:
        for person_id in assessments_of[link.needsassessment_id]:
            if link.problemtype not in result[person_id]:
                result[person_id].append(link.problemtype)
    return dict(result)


def people_with_problem(qs: QuerySet[Person], problem_code: str) -> QuerySet[Person]:
    """The people of `qs` whose latest assessment, or their household's, lists the problem."""
    with_problem = ProblemLinks.objects.filter(problemtype__code=problem_code)
    return qs.annotate(
        _own=_latest_of_person(), _of_household=_latest_of_household("household")
    ).filter(
        Exists(with_problem.filter(needsassessment_id=OuterRef("_own")))
        | Exists(with_problem.filter(needsassessment_id=OuterRef("_of_household")))
    )


def households_with_problem(qs: QuerySet[Household], problem_code: str) -> QuerySet[Household]:
    """The households of `qs` whose latest (household) assessment lists the problem."""
    with_problem = ProblemLinks.objects.filter(problemtype__code=problem_code)
    return qs.annotate(_latest=_latest_of_household("pk")).filter(
        Exists(with_problem.filter(needsassessment_id=OuterRef("_latest")))
    )


def latest_assessments() -> QuerySet[NeedsAssessment]:
    """Each household's and each person's newest assessment (no newer one of the same subject)."""
    newer = NeedsAssessment.objects.filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
    )
    newer_of_person = newer.filter(person=OuterRef("person"))
    newer_of_household = newer.filter(person__isnull=True, household=OuterRef("household"))
    return NeedsAssessment.objects.filter(
        (Q(person__isnull=False) & ~Exists(newer_of_person))
        | (Q(person__isnull=True) & ~Exists(newer_of_household))
    )


def summary_for_area(area_code: str = "") -> list[tuple[ProblemType, int]]:
    """How many households and people of an area (a DOPA code prefix; "" for the country)
    have each problem in their latest assessment: every active problem type, in order.

    Raw counts: a public page must suppress small ones itself.
    """
    latest = latest_assessments()
    if area_code:
        latest = latest.filter(subdistrict__code__startswith=area_code[:6])
        if len(area_code) == 8:
            latest = latest.filter(
                Q(household__village_id=area_code) | Q(person__village_id=area_code)
            )
    rows = (
        ProblemLinks.objects.filter(needsassessment_id__in=latest.values("pk"))
        .values("problemtype_id")
        .annotate(n=Count("needsassessment_id"))
    )
    counts = {row["problemtype_id"]: row["n"] for row in rows}
    return [
        (problem, counts.get(problem.pk, 0))
        for problem in ProblemType.objects.filter(active=True).order_by("position", "code")
    ]
