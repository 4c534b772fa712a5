"""Needs assessments: the pure scoring of answers and the service that records an assessment.

`score()` is plain computation over plain data (no database), so that the demo generator and the
importer can score thousands of surveys with one mapping loaded once (`load_scoring_table()`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core.errors import PermissionDenied, ValidationError
from tambon.registry.models import (
    AssessmentAnswer,
    Household,
    Indicator,
    MappingRule,
    MappingVersion,
    NeedsAssessment,
    Person,
    ProblemType,
)
from tambon.registry.models.assessments import Dimension, FourS
from tambon.registry.selectors.assessments import latest_mapping

# 1 January 2500 BE: no survey of the program is older; an earlier date is a typing mistake.
EARLIEST_DATE = dt.date(2500 - 543, 1, 1)

MSG_NO_MAPPING = gettext_noop(
    "No 4S mapping is published yet: a national administrator must publish one first."
)
MSG_FORBIDDEN = gettext_noop("You may not record an assessment of this household or person.")
MSG_ONE_SUBJECT = gettext_noop("An assessment is of one household or of one person.")
MSG_MERGED = gettext_noop(
    "This person's record was merged into another one: assess the person on that record."
)
MSG_FUTURE_DATE = gettext_noop("The assessment date is ahead of today: record it once it is done.")
MSG_TOO_OLD = gettext_noop("The assessment date is before 1 January 2500 B.E.: check the year.")
MSG_UNKNOWN_INDICATORS = gettext_noop("These indicators do not exist: %(codes)s.")
MSG_INACTIVE_INDICATORS = gettext_noop("These indicators are no longer in use: %(codes)s.")
MSG_NO_ANSWER = gettext_noop(
    "Answer at least one indicator with met or not met: n.a. everywhere scores nothing."
)
MSG_BAD_ANSWER = gettext_noop(
    "The answer to %(code)s must be met (true), not met (false) or n.a. (null)."
)


@dataclass(frozen=True)
class Rule:
    """One mapping rule as plain data: an unmet `indicator` counts against `four_s` with
    `weight`, and signals `problem_type` (a ProblemType code) when it is not None."""

    indicator: str
    four_s: str
    weight: Decimal | float | int = 1
    problem_type: str | None = None


@dataclass(frozen=True)
class Scores:
    """The result of scoring one survey.

    dimensions: {dimension code: % of answered indicators met (0–100, one decimal) or None when
    none was answered}, with a key for every Dimension.
    four_s: {4S code: weighted % of answered mapped indicators met, or None}, a key for every FourS.
    problems: the ProblemType codes of the rules of unmet indicators, sorted, without repeats.
    """

    dimensions: dict[str, float | None]
    four_s: dict[str, float | None]
    problems: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ScoringTable:
    """A mapping version's rules and every indicator's dimension, loaded once for many scores."""

    version_id: int
    rules: tuple[Rule, ...]
    dimensions: dict[str, str]


def _percent(part: float, whole: float) -> float | None:
    if whole <= 0:
        return None
    return round(100.0 * part / whole, 1)


def score(
    answers: Mapping[str, bool | None],
    rules: Iterable[Rule],
    dimensions: Mapping[str, str],
) -> Scores:
    """Score a survey: answers {indicator code: True met / False not met / None n.a.}.

    rules: the mapping's rules (`Rule`, plain data); dimensions: {indicator code: Dimension
    code} for every indicator that may be answered. Raises ValueError naming any answered code
    that `dimensions` does not know. Pure: no database access, safe to call in bulk.
    """
    unknown = sorted(code for code in answers if code not in dimensions)
    if unknown:
        raise ValueError(f"Unknown indicator codes: {', '.join(unknown)}")

    met_by_dimension = dict.fromkeys(Dimension.values, 0)
    asked_by_dimension = dict.fromkeys(Dimension.values, 0)
    for code, met in answers.items():
        if met is None:
            continue
        dimension = dimensions[code]
        asked_by_dimension[dimension] = asked_by_dimension.get(dimension, 0) + 1
        met_by_dimension[dimension] = met_by_dimension.get(dimension, 0) + (1 if met else 0)

    met_weight = dict.fromkeys(FourS.values, 0.0)
    asked_weight = dict.fromkeys(FourS.values, 0.0)
    problems: set[str] = set()
    for rule in rules:
        met = answers.get(rule.indicator)
        if met is None:
            continue
        weight = float(rule.weight)
        asked_weight[rule.four_s] = asked_weight.get(rule.four_s, 0.0) + weight
        if met:
            met_weight[rule.four_s] = met_weight.get(rule.four_s, 0.0) + weight
        elif rule.problem_type:
            problems.add(rule.problem_type)

    return Scores(
        dimensions={d: _percent(met_by_dimension[d], n) for d, n in asked_by_dimension.items()},
        four_s={s: _percent(met_weight[s], w) for s, w in asked_weight.items()},
        problems=tuple(sorted(problems)),
    )


def load_scoring_table(version: MappingVersion | None = None) -> ScoringTable:
    """The rules of `version` (default: the newest published one) and every indicator's
    dimension, in two queries; pass `.rules` and `.dimensions` to `score()`.

    Raises core.errors.ValidationError when no mapping version is published yet.
    """
    if version is None:
        version = latest_mapping()
        if version is None:
            raise ValidationError(_(MSG_NO_MAPPING))
    rules = tuple(
        Rule(
            indicator=indicator,
            four_s=four_s,
            weight=weight,
            problem_type=problem,
        )
        for indicator, four_s, weight, problem in MappingRule.objects.filter(
            version=version
        ).values_list("indicator__code", "four_s", "weight", "problem_type__code")
    )
    dimensions = dict(Indicator.objects.values_list("code", "dimension"))
    return ScoringTable(version_id=version.pk, rules=rules, dimensions=dimensions)


# --- recording ---------------------------------------------------------------------------


def _subject(household: Household | None, person: Person | None) -> Household | Person:
    if (household is None) == (person is None):
        raise ValidationError(_(MSG_ONE_SUBJECT), field="subject")
    if person is not None:
        if person.merged_into_id is not None:
            raise ValidationError(_(MSG_MERGED), field="person")
        return person
    assert household is not None
    return household


def _validate_answers(answers: Mapping[str, Any]) -> dict[str, Indicator]:
    """The indicators answered, by code; refuses unknown, retired and malformed answers."""
    for code, met in answers.items():
        if met is not None and not isinstance(met, bool):
            raise ValidationError(_(MSG_BAD_ANSWER) % {"code": code}, field="answers")
    indicators = Indicator.objects.in_bulk(list(answers), field_name="code")
    unknown = sorted(code for code in answers if code not in indicators)
    if unknown:
        raise ValidationError(
            _(MSG_UNKNOWN_INDICATORS) % {"codes": ", ".join(unknown)}, field="answers"
        )
    retired = sorted(code for code, indicator in indicators.items() if not indicator.active)
    if retired:
        raise ValidationError(
            _(MSG_INACTIVE_INDICATORS) % {"codes": ", ".join(retired)}, field="answers"
        )
    if all(met is None for met in answers.values()):
        raise ValidationError(_(MSG_NO_ANSWER), field="answers")
    return indicators


def _validate_date(assessed_on: dt.date) -> None:
    if assessed_on > timezone.localdate():
        raise ValidationError(_(MSG_FUTURE_DATE), field="assessed_on")
    if assessed_on < EARLIEST_DATE:
        raise ValidationError(_(MSG_TOO_OLD), field="assessed_on")


@transaction.atomic
def record_assessment(
    *,
    by: Any,
    assessed_on: dt.date,
    answers: Mapping[str, bool | None],
    household: Household | None = None,
    person: Person | None = None,
    note: str = "",
) -> NeedsAssessment:
    """Record a needs assessment of a household or a person, scored with the newest mapping."""
    subject = _subject(household, person)
    if not by.has_perm("registry.record_assessment", subject):
        raise PermissionDenied(_(MSG_FORBIDDEN))
    _validate_date(assessed_on)
    indicators = _validate_answers(answers)
    version = latest_mapping()
    if version is None:
        raise ValidationError(_(MSG_NO_MAPPING))
    table = load_scoring_table(version)
    result = score(answers, table.rules, table.dimensions)
    assessment = NeedsAssessment(
        household=household,
        person=person,
        subdistrict_id=subject.subdistrict_id,
        assessed_on=assessed_on,
        assessed_by=by,
        mapping_version=version,
        scores=result.dimensions,
        four_s_scores=result.four_s,
        note=note.strip(),
        created_by=by,
        updated_by=by,
    )
    assessment.full_clean(exclude=["problems"])
    assessment.save()
    # One save per answer (a survey has a few dozen at most) so that each is in the history.
    for code, met in answers.items():
        AssessmentAnswer.objects.create(assessment=assessment, indicator=indicators[code], met=met)
    if result.problems:
        assessment.problems.set(ProblemType.objects.filter(code__in=result.problems))
    return assessment
