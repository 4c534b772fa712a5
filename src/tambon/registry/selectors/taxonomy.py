"""Reads of the taxonomies (target groups, problem types, indicators) and the 4S mapping.

Other apps read problem types through here (the training app's workshops store their codes).
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tambon.registry.models import (
    AssessmentAnswer,
    Indicator,
    MappingRule,
    MappingVersion,
    NeedsAssessment,
    Person,
    ProblemType,
    TargetGroup,
)

Term = TargetGroup | ProblemType | Indicator


def active_problem_types() -> QuerySet[ProblemType]:
    """Problem types in use, in the taxonomy's order."""
    return ProblemType.objects.filter(active=True).order_by("position", "code")


def problem_type_choices() -> list[tuple[str, str]]:
    """(code, name in the active language) of the problem types in use, for a form."""
    return [(p.code, p.name) for p in active_problem_types()]


def problem_type_codes() -> list[str]:
    """Every problem type code, retired ones too, in the taxonomy's order."""
    return list(ProblemType.objects.order_by("position", "code").values_list("code", flat=True))


def problem_type_choices_with(codes: Iterable[str]) -> list[tuple[str, str]]:
    """The choices in use plus any of `codes` that were retired since they were chosen."""
    wanted = set(codes)
    return [
        (p.code, p.name)
        for p in ProblemType.objects.filter(Q(active=True) | Q(code__in=wanted)).order_by(
            "position", "code"
        )
    ]


def problem_type_names(codes: Iterable[str]) -> list[str]:
    """Names of the given codes in the taxonomy's order (retired ones too; unknown: the code)."""
    wanted = list(dict.fromkeys(codes))
    known = {p.code: p for p in ProblemType.objects.filter(code__in=wanted)}
    ordered = sorted(
        wanted,
        key=lambda c: (0, known[c].position, c) if c in known else (1, 0, c),
    )
    return [known[c].name if c in known else c for c in ordered]


def active_indicators() -> QuerySet[Indicator]:
    """The survey's indicators in use, by dimension and order."""
    return Indicator.objects.filter(active=True).order_by("dimension", "position", "code")


# --- the admin pages ---------------------------------------------------------------------


def _used(model: type[Term]) -> Any:
    if model is TargetGroup:
        return Exists(Person.target_groups.through.objects.filter(targetgroup_id=OuterRef("pk")))
    if model is ProblemType:
        return Exists(
            NeedsAssessment.problems.through.objects.filter(problemtype_id=OuterRef("pk"))
        ) | Exists(MappingRule.objects.filter(problem_type_id=OuterRef("pk")))
    return Exists(AssessmentAnswer.objects.filter(indicator_id=OuterRef("pk"))) | Exists(
        MappingRule.objects.filter(indicator_id=OuterRef("pk"))
    )


def terms(model: type[Term]) -> QuerySet:
    """Every entry of a taxonomy (retired ones last), annotated `in_use`."""
    order = ["-active", "position", "code"]
    if model is Indicator:
        order = ["-active", "dimension", "position", "code"]
    return model.objects.annotate(in_use=_used(model)).order_by(*order)


def is_in_use(term: Term) -> bool:
    """Whether records point at this entry: then its code can no longer change."""
    return type(term).objects.filter(pk=term.pk).filter(_used(type(term))).exists()


def mapping_versions() -> QuerySet[MappingVersion]:
    """Every mapping version, newest first, with `rule_count` and `assessment_count`."""
    rules = (
        MappingRule.objects.filter(version=OuterRef("pk"))
        .order_by()
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")
    )
    scored = (
        NeedsAssessment.objects.filter(mapping_version=OuterRef("pk"))
        .order_by()
        .values("mapping_version")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return MappingVersion.objects.annotate(
        rule_count=Coalesce(Subquery(rules, output_field=IntegerField()), Value(0)),
        assessment_count=Coalesce(Subquery(scored, output_field=IntegerField()), Value(0)),
    ).order_by("-number")


def mapping_draft() -> MappingVersion | None:
    """The version being prepared (not yet published), if any."""
    return MappingVersion.objects.filter(published_at__isnull=True).order_by("-number").first()


def indicators_for_mapping(version: MappingVersion) -> list[Indicator]:
    """The indicators a mapping form shows: those in use and any the version still maps."""
    mapped = MappingRule.objects.filter(version=version).values("indicator_id")
    return list(
        Indicator.objects.filter(Q(active=True) | Q(pk__in=mapped)).order_by(
            "dimension", "position", "code"
        )
    )
