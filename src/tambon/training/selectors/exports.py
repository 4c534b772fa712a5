"""Reads of one cohort as a whole: its trainees, attendance grid, scores, certificates and summary.

Used by the cohort report (XLSX), the summary PDF for the Department and the API; computed from
the models directly, in a fixed number of queries whatever the size of the cohort.
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import QuerySet

from tambon.geo.models import Province
from tambon.training.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Course,
    Enrollment,
    SurveyQuestion,
    SurveyResponse,
    TestAttempt,
)

APPROVED = Enrollment.Status.APPROVED


# --- which cohorts -----------------------------------------------------------------------


def active_courses() -> QuerySet[Course]:
    return Course.objects.filter(is_active=True).prefetch_related("modules").order_by("code")


# --- the rows of a cohort ----------------------------------------------------------------


@dataclass
class TraineeRow:
    enrollment: Enrollment
    attended: set[int] = field(default_factory=set)  # session ids
    pre: TestAttempt | None = None
    post: TestAttempt | None = None
    certificate: Certificate | None = None

    @property
    def name(self) -> str:
        return self.enrollment.trainee.get_full_name() or self.enrollment.trainee.username

    @property
    def gain(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return self.post.percent - self.pre.percent

    def passed(self, course: Course) -> bool | None:
        """Did the post-test reach the course's pass mark (None: not taken)?"""
        if self.post is None:
            return None
        return self.post.percent >= course.pass_mark_percent


@dataclass
class CohortReport:
    cohort: Cohort
    sessions: list[CohortSession]
    trainees: list[TraineeRow]  # every enrollment, whatever its status
    certificates: list[Certificate]

    @property
    def approved(self) -> list[TraineeRow]:
        return [t for t in self.trainees if t.enrollment.status == APPROVED]


def enrollments_of(cohort: Cohort) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(cohort=cohort)
        .select_related("trainee", "subdistrict__district", "subdistrict__province")
        .order_by("subdistrict__province__name_th", "trainee__first_name", "trainee__last_name")
    )


def attendance_of(cohort: Cohort) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(session__cohort=cohort)
        .select_related("session", "enrollment__trainee")
        .order_by("session__date", "session__starts_at", "enrollment_id")
    )


def certificates_of(cohort: Cohort) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(enrollment__cohort=cohort)
        .select_related("enrollment__trainee", "enrollment__subdistrict__province")
        .order_by("year_be", "serial")
    )


def cohort_report(cohort: Cohort) -> CohortReport:
    """Everything of a cohort for its report, in six queries."""
    enrollments = list(enrollments_of(cohort))
    rows = {e.pk: TraineeRow(enrollment=e) for e in enrollments}
    sessions = list(CohortSession.objects.filter(cohort=cohort).order_by("date", "starts_at"))
    for enrollment_id, session_id in Attendance.objects.filter(
        enrollment__cohort=cohort
    ).values_list("enrollment_id", "session_id"):
        rows[enrollment_id].attended.add(session_id)
    for attempt in TestAttempt.objects.filter(enrollment__cohort=cohort):
        row = rows[attempt.enrollment_id]
        if attempt.kind == TestAttempt.Kind.PRE:
            row.pre = attempt
        else:
            row.post = attempt
    certificates = list(certificates_of(cohort))
    for certificate in certificates:
        rows[certificate.enrollment_id].certificate = certificate
    return CohortReport(
        cohort=cohort, sessions=sessions, trainees=list(rows.values()), certificates=certificates
    )


# --- the summary for the Department ------------------------------------------------------


@dataclass
class ProvinceCount:
    province: Province
    trainees: int


@dataclass
class CohortSummary:
    cohort: Cohort
    sessions: int
    trainees: int  # approved
    by_province: list[ProvinceCount]
    attendance_rate: float | None  # percent of (approved trainee × session) attended
    pre_mean: float | None  # percent
    post_mean: float | None
    gain_mean: float | None  # percentage points, over trainees who took both
    passed: int
    certified: int  # valid certificates
    revoked: int
    satisfaction_mean: float | None  # 1–5
    survey_responses: int


def _mean(values: list[float]) -> float | None:
    return round(mean(values), 1) if values else None


def _ratings(responses: list[SurveyResponse], rating_ids: set[int]) -> list[float]:
    ratings: list[float] = []
    for response in responses:
        for key, value in (response.answers or {}).items():
            if not str(key).isdigit() or int(key) not in rating_ids:
                continue
            try:
                rating = float(value)
            except (TypeError, ValueError):
                continue
            if 1 <= rating <= 5:
                ratings.append(rating)
    return ratings


def cohort_summary(cohort: Cohort) -> CohortSummary:
    """The figures of the summary PDF, computed from the cohort's records."""
    report = cohort_report(cohort)
    approved = report.approved
    course = cohort.course
    provinces = Counter(t.enrollment.subdistrict.province for t in approved)
    by_province = [
        ProvinceCount(province, n)
        for province, n in sorted(provinces.items(), key=lambda item: (-item[1], item[0].name_th))
    ]
    session_ids = {s.pk for s in report.sessions}
    possible = len(approved) * len(session_ids)
    attended = sum(len(t.attended & session_ids) for t in approved)
    rating_ids = set(
        SurveyQuestion.objects.filter(course=course, kind=SurveyQuestion.Kind.RATING).values_list(
            "pk", flat=True
        )
    )
    responses = list(
        SurveyResponse.objects.filter(enrollment__cohort=cohort, enrollment__status=APPROVED)
    )
    gains = [t.gain for t in approved if t.gain is not None]
    return CohortSummary(
        cohort=cohort,
        sessions=len(session_ids),
        trainees=len(approved),
        by_province=by_province,
        attendance_rate=round(100 * attended / possible, 1) if possible else None,
        pre_mean=_mean([t.pre.percent for t in approved if t.pre]),
        post_mean=_mean([t.post.percent for t in approved if t.post]),
        gain_mean=_mean([g for g in gains if g is not None]),
        passed=sum(1 for t in approved if t.passed(course)),
        certified=sum(1 for c in report.certificates if c.is_valid),
        revoked=sum(1 for c in report.certificates if not c.is_valid),
        satisfaction_mean=_mean(_ratings(responses, rating_ids)),
        survey_responses=len(responses),
    )


# --- public verification -----------------------------------------------------------------


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code (for the public check), or None."""
    if not code or len(code) > 32:
        return None
    return (
        Certificate.objects.select_related("enrollment__trainee", "enrollment__cohort__course")
        .filter(verification_code=code)
        .first()
    )
