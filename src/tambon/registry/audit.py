"""Change history of every registry record (never the national ID: see core.audit)."""

from tambon.core.audit import audit_model
from tambon.registry import models

for model in (
    models.TargetGroup,
    models.ProblemType,
    models.Household,
    models.Consent,
    models.VolunteerAssignment,
    models.Indicator,
    models.MappingVersion,
    models.MappingRule,
    models.AssessmentAnswer,
    models.ImportBatch,
    models.DuplicateCandidate,
    models.Merge,
):
    audit_model(model)
audit_model(models.Person, exclude=("search_name",), m2m_fields=("target_groups",))
audit_model(models.NeedsAssessment, m2m_fields=("problems",))
