"""Shapes of the needs-assessment API: assessments, their answers, the 4S mapping in use."""

import datetime as dt

from ninja import Field, Schema

from tambon.registry.models import MappingRule, NeedsAssessment


class AnswerOut(Schema):
    indicator: str = Field(..., description="The indicator's code.", examples=["income_household"])
    dimension: str
    met: bool | None = Field(..., description="true met, false not met, null not applicable.")


class ProblemOut(Schema):
    code: str = Field(..., examples=["poverty"])
    name_th: str
    name_en: str


class AssessmentOut(Schema):
    id: int
    household_id: int | None
    person_id: int | None
    subdistrict_code: str = Field(..., examples=["500101"])
    assessed_on: dt.date
    mapping_version: int = Field(..., description="The 4S mapping version it was scored with.")
    scores: dict[str, float | None] = Field(
        ..., description="% of answered indicators met per dimension (null: none answered)."
    )
    four_s_scores: dict[str, float | None] = Field(
        ..., description="Weighted % of mapped indicators met per 4S dimension."
    )
    problems: list[ProblemOut]

    @staticmethod
    def resolve_subdistrict_code(obj: NeedsAssessment) -> str:
        return str(obj.subdistrict_id)

    @staticmethod
    def resolve_mapping_version(obj: NeedsAssessment) -> int:
        return obj.mapping_version.number

    @staticmethod
    def resolve_problems(obj: NeedsAssessment) -> list[ProblemOut]:
        return [
            ProblemOut(code=p.code, name_th=p.name_th, name_en=p.name_en)
            for p in obj.problems.all()
        ]


class AssessmentDetailOut(AssessmentOut):
    note: str
    answers: list[AnswerOut]

    @staticmethod
    def resolve_answers(obj: NeedsAssessment) -> list[AnswerOut]:
        return [
            AnswerOut(indicator=a.indicator.code, dimension=a.indicator.dimension, met=a.met)
            for a in obj.answers.all()
        ]


class AssessmentIn(Schema):
    household_id: int | None = Field(None, description="The household assessed (or person_id).")
    person_id: int | None = Field(None, description="The person assessed (or household_id).")
    assessed_on: dt.date
    answers: dict[str, bool | None] = Field(
        ...,
        description="{indicator code: true met / false not met / null not applicable}.",
        examples=[{"income_household": False, "living_drinking_water": True}],
    )
    note: str = Field("", max_length=2000)


class RuleOut(Schema):
    indicator: str
    dimension: str
    four_s: str
    weight: float
    problem_type: str | None

    @staticmethod
    def resolve_indicator(obj: MappingRule) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_dimension(obj: MappingRule) -> str:
        return obj.indicator.dimension

    @staticmethod
    def resolve_weight(obj: MappingRule) -> float:
        return float(obj.weight)

    @staticmethod
    def resolve_problem_type(obj: MappingRule) -> str | None:
        return obj.problem_type.code if obj.problem_type else None


class MappingOut(Schema):
    number: int
    note: str
    published_at: dt.datetime | None
    rules: list[RuleOut]
