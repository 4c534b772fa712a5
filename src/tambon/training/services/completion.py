"""The completion rule: who in a cohort has earned a certificate, and if not, why not."""

from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.training.models import Cohort, Course, Enrollment
from tambon.training.selectors.certificates import completion_inputs

MSG_LOW_ATTENDANCE = gettext_noop(
    "Attended %(attended)s of %(sessions)s sessions (%(percent)s%%); %(required)s%% is required."
)
MSG_NO_SESSIONS = gettext_noop("The cohort has no sessions yet.")
MSG_NO_POST_TEST = gettext_noop("Has not taken the post-test.")
MSG_NOT_APPROVED = gettext_noop("Is not an approved trainee of this cohort.")
MSG_LOW_POST_TEST = gettext_noop("Post-test score %(percent)s%%; the pass mark is %(required)s%%.")


class CompletionRow(NamedTuple):
    enrollment: Enrollment
    attendance_pct: float
    post_pct: float | None
    completed: bool
    reasons: list[str]


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def evaluate(
    *, course: Course, sessions: int, attended: int, post_score: int | None, post_max: int | None
) -> tuple[bool, list[str]]:
    """Apply the course's rule; compares in integers so 4 of 5 sessions is exactly 80 %."""
    reasons: list[str] = []
    if sessions == 0 and course.min_attendance_percent > 0:
        reasons.append(_(MSG_NO_SESSIONS))
    elif attended * 100 < course.min_attendance_percent * sessions:
        reasons.append(
            _(MSG_LOW_ATTENDANCE)
            % {
                "attended": attended,
                "sessions": sessions,
                "percent": f"{_percent(attended, sessions):g}",
                "required": course.min_attendance_percent,
            }
        )
    if post_score is None:
        reasons.append(_(MSG_NO_POST_TEST))
    elif post_score * 100 < course.pass_mark_percent * (post_max or 0) or (
        not post_max and course.pass_mark_percent > 0
    ):
        reasons.append(
            _(MSG_LOW_POST_TEST)
            % {
                "percent": f"{_percent(post_score, post_max or 0):g}",
                "required": course.pass_mark_percent,
            }
        )
    return not reasons, reasons


def completion_status(cohort: Cohort, *, enrollment_pk: int | None = None) -> list[CompletionRow]:
    """Every approved trainee of the cohort with attendance %, post-test %, and the verdict.

    Three queries whatever the cohort's size (the course, the session count, the trainees).
    """
    course = cohort.course
    sessions, enrollments = completion_inputs(cohort, enrollment_pk=enrollment_pk)
    rows = []
    for enrollment in enrollments:
        attended = getattr(enrollment, "attended", 0)
        post_score = getattr(enrollment, "post_score", None)
        post_max = getattr(enrollment, "post_max", None)
        completed, reasons = evaluate(
            course=course,
            sessions=sessions,
            attended=attended,
            post_score=post_score,
            post_max=post_max,
        )
        post_pct = None if post_score is None else _percent(post_score, post_max or 0)
        rows.append(
            CompletionRow(enrollment, _percent(attended, sessions), post_pct, completed, reasons)
        )
    return rows


def has_completed(enrollment: Enrollment) -> tuple[bool, list[str]]:
    """The rule for one enrollment (used when issuing a single certificate)."""
    rows = completion_status(enrollment.cohort, enrollment_pk=enrollment.pk)
    if not rows:
        return False, [_(MSG_NOT_APPROVED)]
    return rows[0].completed, rows[0].reasons
