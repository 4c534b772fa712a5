"""Change history of every training record."""

from tambon.core.audit import audit_model
from tambon.training import models

for model in (
    models.Course,
    models.CourseModule,
    models.Question,
    models.SurveyQuestion,
    models.Cohort,
    models.CohortSession,
    models.Enrollment,
    models.Attendance,
    models.TestAttempt,
    models.TestAnswer,
    models.SurveyResponse,
    models.Certificate,
    models.Signatory,
    models.Facilitator,
    models.Workshop,
    models.WorkshopHeadcount,
):
    audit_model(model)
