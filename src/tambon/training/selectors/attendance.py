"""Reads of attendance: the cohort grid, per-trainee summaries and the sign-in sheet rows.

Each function runs a fixed number of queries, however many trainees and sessions a cohort has.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from tambon.training.models import Attendance, Cohort, CohortSession, Enrollment


def cohort_sessions(cohort: Cohort) -> list[CohortSession]:
    return list(CohortSession.objects.filter(cohort=cohort).order_by("date", "starts_at"))


def approved_enrollments(cohort: Cohort) -> QuerySet[Enrollment]:
    """The approved trainees of a cohort with what a roster shows of them, by name."""
    return (
        Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.APPROVED)
        .select_related("trainee", "subdistrict__district", "subdistrict__province")
        .order_by("trainee__first_name", "trainee__last_name", "pk")
    )


def percent(attended: int, total: int) -> float:
    return 100.0 * attended / total if total else 0.0


def attendance_summary(cohort: Cohort) -> dict[int, tuple[int, int, float]]:
    """{enrollment id: (sessions attended, sessions in the cohort, percent)} for every enrollment.

    Two queries. Enrollments of every status are included, so a lookup never misses.
    """
    total = CohortSession.objects.filter(cohort=cohort).count()
    attended = dict(
        Enrollment.objects.filter(cohort=cohort)
        .annotate(n=Count("attendance", distinct=True))
        .values_list("pk", "n")
    )
    return {pk: (n, total, percent(n, total)) for pk, n in attended.items()}


@dataclass(frozen=True)
class GridCell:
    session: CohortSession
    attendance: Attendance | None


@dataclass
class GridRow:
    enrollment: Enrollment
    cells: list[GridCell]
    attended: int
    percent: float
    meets_minimum: bool


@dataclass(frozen=True)
class SessionTotal:
    session: CohortSession
    present: int


@dataclass
class AttendanceGrid:
    cohort: Cohort
    sessions: list[CohortSession]
    rows: list[GridRow]
    session_totals: list[SessionTotal]
    min_percent: int
    meeting_minimum: int = field(default=0)

    @property
    def trainee_count(self) -> int:
        return len(self.rows)


def grid_row(
    enrollment: Enrollment,
    sessions: list[CohortSession],
    recorded: dict[tuple[int, int], Attendance],
    min_percent: int,
) -> GridRow:
    cells = [GridCell(s, recorded.get((enrollment.pk, s.pk))) for s in sessions]
    attended = sum(1 for c in cells if c.attendance is not None)
    share = percent(attended, len(sessions))
    return GridRow(
        enrollment=enrollment,
        cells=cells,
        attended=attended,
        percent=share,
        meets_minimum=bool(sessions) and share >= min_percent,
    )


def attendance_grid(cohort: Cohort) -> AttendanceGrid:
    """Approved trainees × sessions with each attendance record, row shares and column totals.

    Three queries (sessions, trainees, attendance); `cohort.course` should already be loaded.
    """
    sessions = cohort_sessions(cohort)
    enrollments = list(approved_enrollments(cohort))
    recorded = {
        (a.enrollment_id, a.session_id): a
        for a in Attendance.objects.filter(
            session__cohort=cohort, enrollment__status=Enrollment.Status.APPROVED
        ).only("pk", "session_id", "enrollment_id", "method", "at")
    }
    min_percent = cohort.course.min_attendance_percent
    rows = [grid_row(e, sessions, recorded, min_percent) for e in enrollments]
    per_session = Counter(session_id for (_e, session_id) in recorded)
    return AttendanceGrid(
        cohort=cohort,
        sessions=sessions,
        rows=rows,
        session_totals=[SessionTotal(s, per_session[s.pk]) for s in sessions],
        min_percent=min_percent,
        meeting_minimum=sum(1 for r in rows if r.meets_minimum),
    )


def trainee_row(enrollment: Enrollment, sessions: list[CohortSession]) -> GridRow:
    """One row of the grid, as after a roster toggle: one query."""
    recorded = {
        (a.enrollment_id, a.session_id): a
        for a in Attendance.objects.filter(enrollment=enrollment).only(
            "pk", "session_id", "enrollment_id", "method", "at"
        )
    }
    return grid_row(enrollment, sessions, recorded, enrollment.cohort.course.min_attendance_percent)


def session_attendance(session: CohortSession) -> dict[int, Attendance]:
    """{enrollment id: attendance record} of one session."""
    return {a.enrollment_id: a for a in Attendance.objects.filter(session=session)}


def session_count(session: CohortSession) -> int:
    """How many approved trainees are recorded present in a session."""
    return Attendance.objects.filter(
        session=session, enrollment__status=Enrollment.Status.APPROVED
    ).count()


def recent_checkins(session: CohortSession, *, limit: int = 5) -> list[Attendance]:
    """The latest people recorded present in a session, newest first, for the trainer's screen."""
    return list(
        Attendance.objects.filter(session=session)
        .select_related("enrollment__trainee")
        .order_by("-at", "-pk")[:limit]
    )


# Empty numbered rows at the end of a sign-in sheet, for people who come unannounced.
SIGN_IN_BLANK_ROWS = 5


@dataclass(frozen=True)
class SignInRow:
    name: str
    organisation: str
    subdistrict: str
    province: str


def sign_in_rows(cohort: Cohort) -> list[SignInRow]:
    """The approved trainees of a cohort as rows of the printed sign-in sheet (one query)."""
    return [
        SignInRow(
            name=e.trainee.get_full_name() or e.trainee.username,
            organisation=e.trainee.organisation,
            subdistrict=f"{e.subdistrict.name}, {e.subdistrict.district.name}",
            province=e.subdistrict.province.name,
        )
        for e in approved_enrollments(cohort)
    ]
