from tambon.training.models.certificates import Certificate, Facilitator, Signatory
from tambon.training.models.cohorts import Cohort, CohortSession, Enrollment
from tambon.training.models.courses import Course, CourseModule, Question, SurveyQuestion
from tambon.training.models.records import Attendance, SurveyResponse, TestAnswer, TestAttempt
from tambon.training.models.workshops import Workshop, WorkshopHeadcount

__all__ = [
    "Attendance",
    "Certificate",
    "Cohort",
    "CohortSession",
    "Course",
    "CourseModule",
    "Enrollment",
    "Facilitator",
    "Question",
    "Signatory",
    "SurveyQuestion",
    "SurveyResponse",
    "TestAnswer",
    "TestAttempt",
    "Workshop",
    "WorkshopHeadcount",
]
