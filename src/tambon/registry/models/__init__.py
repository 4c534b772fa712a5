from tambon.registry.models.assessments import (
    AssessmentAnswer,
    Dimension,
    FourS,
    Indicator,
    MappingRule,
    MappingVersion,
    NeedsAssessment,
)
from tambon.registry.models.dedupe import DuplicateCandidate, Merge
from tambon.registry.models.imports import ImportBatch
from tambon.registry.models.people import Consent, Household, Person, VolunteerAssignment
from tambon.registry.models.taxonomy import ProblemType, TargetGroup

__all__ = [
    "AssessmentAnswer",
    "Consent",
    "Dimension",
    "DuplicateCandidate",
    "FourS",
    "Household",
    "ImportBatch",
    "Indicator",
    "MappingRule",
    "MappingVersion",
    "Merge",
    "NeedsAssessment",
    "Person",
    "ProblemType",
    "TargetGroup",
    "VolunteerAssignment",
]
