"""Change history of the case records (django-auditlog)."""

from tambon.cases import models
from tambon.core.audit import audit_model

audit_model(models.Case, m2m_fields=("problem_types",))
for model in (
    models.CaseEvent,
    models.CarePlan,
    models.CarePlanGoal,
    models.CarePlanAction,
    models.CaseCounter,
):
    audit_model(model)
audit_model(models.Referral)
for fieldwork_model in (models.HomeVisit, models.Assistance, models.FollowUp):
    audit_model(fieldwork_model)
audit_model(models.HelpRequest)
