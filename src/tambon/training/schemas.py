"""Shapes of the training API: courses, cohorts and their records, certificates, workshops."""

import datetime as dt

from ninja import Field, Schema

from tambon.training.models import (
    Attendance,
    Certificate,
    Cohort,
    Course,
    Enrollment,
    Workshop,
    WorkshopHeadcount,
)


class ModuleOut(Schema):
    order: int
    title: str
    objectives: str
    hours: float


class CourseOut(Schema):
    id: int
    code: str = Field(..., examples=["shift-and-share-facilitator"])
    name_th: str
    name_en: str
    min_attendance_percent: int = Field(..., description="Attendance needed to complete (%).")
    pass_mark_percent: int = Field(..., description="Post-test score needed to pass (%).")
    is_active: bool


class CourseDetailOut(CourseOut):
    description: str
    objectives: str
    hours: float
    modules: list[ModuleOut]
    questions: int = Field(..., description="Questions in the pre/post test (not their answers).")
    survey_questions: int

    @staticmethod
    def resolve_modules(obj: Course) -> list[ModuleOut]:
        return [
            ModuleOut(order=m.order, title=m.title, objectives=m.objectives, hours=float(m.hours))
            for m in obj.modules.all()
        ]

    @staticmethod
    def resolve_questions(obj: Course) -> int:
        return obj.questions.count()

    @staticmethod
    def resolve_survey_questions(obj: Course) -> int:
        return obj.survey_questions.count()


class CohortOut(Schema):
    id: int
    course_id: int
    course_name: str
    number: int = Field(..., description="รุ่นที่ (cohort number within the course).")
    title: str
    starts_on: dt.date
    ends_on: dt.date
    venue: str
    province_code: str = Field(..., examples=["50"])
    capacity: int

    @staticmethod
    def resolve_course_name(obj: Cohort) -> str:
        return obj.course.name_th

    @staticmethod
    def resolve_province_code(obj: Cohort) -> str:
        return str(obj.province_id)


class SessionOut(Schema):
    id: int
    date: dt.date
    period: str = Field(..., examples=["morning"])
    title: str
    starts_at: dt.time
    ends_at: dt.time


class CohortDetailOut(CohortOut):
    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(obj: Cohort) -> list[SessionOut]:
        return [SessionOut.from_orm(s) for s in obj.sessions.all()]


class EnrollmentOut(Schema):
    id: int
    trainee_id: int
    name: str
    subdistrict_code: str
    province_code: str
    status: str = Field(..., examples=["approved"])
    channel: str = Field(..., examples=["nomination"])
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_name(obj: Enrollment) -> str:
        return obj.trainee.get_full_name() or obj.trainee.username

    @staticmethod
    def resolve_subdistrict_code(obj: Enrollment) -> str:
        return str(obj.subdistrict_id)

    @staticmethod
    def resolve_province_code(obj: Enrollment) -> str:
        return str(obj.subdistrict_id)[:2]


class AttendanceOut(Schema):
    session_id: int
    date: dt.date
    period: str
    enrollment_id: int
    trainee_name: str
    method: str = Field(..., examples=["qr"])
    at: dt.datetime

    @staticmethod
    def resolve_date(obj: Attendance) -> dt.date:
        return obj.session.date

    @staticmethod
    def resolve_period(obj: Attendance) -> str:
        return obj.session.period

    @staticmethod
    def resolve_trainee_name(obj: Attendance) -> str:
        trainee = obj.enrollment.trainee
        return trainee.get_full_name() or trainee.username


class CertificateOut(Schema):
    number: str = Field(..., examples=["SS 2564/0001"])
    enrollment_id: int
    name: str
    issued_on: dt.date
    valid: bool
    revoked_at: dt.datetime | None
    verification_code: str

    @staticmethod
    def resolve_name(obj: Certificate) -> str:
        trainee = obj.enrollment.trainee
        return trainee.get_full_name() or trainee.username

    @staticmethod
    def resolve_valid(obj: Certificate) -> bool:
        return obj.is_valid


class VerificationOut(Schema):
    """What the public may know of a certificate: whether it is valid, and whose it is."""

    valid: bool
    name: str
    course: str
    cohort: int = Field(..., description="The cohort number (รุ่นที่).")
    issued_on: dt.date
    revoked_at: dt.datetime | None


class HeadcountIO(Schema):
    age_band: WorkshopHeadcount.AgeBand
    sex: WorkshopHeadcount.Sex
    count: int = Field(..., ge=0, le=100_000)


class WorkshopOut(Schema):
    id: int
    version: int
    facilitator_id: int
    facilitator_name: str
    subdistrict_code: str
    village_code: str | None
    date: dt.date
    kind: str
    title: str
    topics: str
    problems: list[str]
    headcounts: list[HeadcountIO]
    participant_ids: list[int]
    reached: int = Field(..., description="Counted participants plus those named by account.")

    @staticmethod
    def resolve_facilitator_name(obj: Workshop) -> str:
        user = obj.facilitator.user
        return user.get_full_name() or user.username

    @staticmethod
    def resolve_subdistrict_code(obj: Workshop) -> str:
        return str(obj.subdistrict_id)

    @staticmethod
    def resolve_village_code(obj: Workshop) -> str | None:
        return obj.village_id

    @staticmethod
    def resolve_headcounts(obj: Workshop) -> list[HeadcountIO]:
        return [
            HeadcountIO(
                age_band=WorkshopHeadcount.AgeBand(h.age_band),
                sex=WorkshopHeadcount.Sex(h.sex),
                count=h.count,
            )
            for h in obj.headcounts.all()
        ]

    @staticmethod
    def resolve_participant_ids(obj: Workshop) -> list[int]:
        return [u.pk for u in obj.participants_known.all()]

    @staticmethod
    def resolve_reached(obj: Workshop) -> int:
        return int(getattr(obj, "reached", 0) or 0)


class WorkshopIn(Schema):
    subdistrict_code: str = Field(..., pattern=r"^\d{6}$", examples=["500101"])
    village_code: str | None = Field(None, pattern=r"^\d{8}$", examples=["50010103"])
    date: dt.date
    kind: Workshop.Kind
    title: str = Field(..., min_length=1, max_length=200)
    topics: str = ""
    problems: list[str] = Field(default_factory=list, examples=[["poverty", "elderly"]])
    headcounts: list[HeadcountIO] = Field(default_factory=list)
    participant_ids: list[int] = Field(default_factory=list)
