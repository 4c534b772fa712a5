"""Attendance: QR check-in with signed, time-limited codes, the trainer's roster and paper sheet.

A check-in code is `django.core.signing.dumps({"s": session, "c": cohort, "t": issued at})`
with its own salt. It is accepted only when its signature holds, it is younger than
`checkin_max_age()` seconds, the session it names is open now (30 minutes before it starts
until it ends, Bangkok time), and the person checking in is an approved trainee of that
session's cohort. A second check-in to the same session writes nothing new.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tambon.core.errors import NotFound, PermissionDenied, ValidationError
from tambon.training.models import Attendance, CohortSession, Enrollment

CHECKIN_SALT = "training.checkin"
# Seconds a code stays valid after it is shown; the screen shows a new one every 30 s.
DEFAULT_CHECKIN_MAX_AGE = 120
# Trainees may check in from this long before a session starts until it ends.
CHECKIN_OPENS_BEFORE = dt.timedelta(minutes=30)
# A code never comes from the future; allow for clocks of two servers a little apart.
CLOCK_SKEW = dt.timedelta(seconds=30)

MSG_INVALID_CODE = _("This check-in code is not valid. Scan the code on the trainer's screen.")
MSG_EXPIRED_CODE = _(
    "This check-in code has expired. Scan the new code on the trainer's screen again."
)
MSG_SESSION_GONE = _("The session of this check-in code no longer exists.")
MSG_SESSION_CLOSED = _("Check-in for this session is not open now.")
MSG_NOT_TRAINEE = _("You are not an approved trainee of this cohort, so you cannot check in.")
MSG_NOT_PERMITTED = _("You may not take attendance for this cohort.")
MSG_WRONG_COHORT = _("This trainee is not enrolled in the cohort of this session.")
MSG_NOT_APPROVED = _("Only approved trainees can be marked present.")


def checkin_max_age() -> int:
    """Seconds a check-in code stays valid (setting TAMBON_CHECKIN_MAX_AGE, default 120)."""
    return int(getattr(settings, "TAMBON_CHECKIN_MAX_AGE", DEFAULT_CHECKIN_MAX_AGE))


def session_window(session: CohortSession) -> tuple[dt.datetime, dt.datetime]:
    """When trainees may check in to `session`: aware datetimes in the project's time zone."""
    zone = timezone.get_default_timezone()
    starts = timezone.make_aware(dt.datetime.combine(session.date, session.starts_at), zone)
    ends = timezone.make_aware(dt.datetime.combine(session.date, session.ends_at), zone)
    return starts - CHECKIN_OPENS_BEFORE, ends


def session_is_open(session: CohortSession, *, now: dt.datetime | None = None) -> bool:
    opens, closes = session_window(session)
    return opens <= (now or timezone.now()) <= closes


def _require_run_sessions(by: Any, cohort: Any) -> None:
    if not by.has_perm("training.run_sessions", cohort):
        raise PermissionDenied(MSG_NOT_PERMITTED)


# --- QR check-in -------------------------------------------------------------------------


def issue_checkin_code(*, session: CohortSession, by: Any, now: dt.datetime | None = None) -> str:
    """A new signed check-in code for `session`, to show on the trainer's screen."""
    _require_run_sessions(by, session.cohort)
    issued = now or timezone.now()
    payload = {"s": session.pk, "c": session.cohort_id, "t": int(issued.timestamp())}
    return signing.dumps(payload, salt=CHECKIN_SALT)


@dataclass(frozen=True)
class CheckInCode:
    """What a check-in code says, once its signature is verified."""

    session_id: int
    cohort_id: int
    issued_at: dt.datetime


def read_checkin_code(code: str) -> CheckInCode:
    """Verify the signature of `code` and return what it names; ValidationError otherwise."""
    try:
        payload = signing.loads(code, salt=CHECKIN_SALT)
        return CheckInCode(
            session_id=int(payload["s"]),
            cohort_id=int(payload["c"]),
            issued_at=dt.datetime.fromtimestamp(int(payload["t"]), tz=dt.UTC),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        raise ValidationError(MSG_INVALID_CODE, field="code") from None


def check_code_is_fresh(
    code: CheckInCode, *, now: dt.datetime | None = None, seen_at: dt.datetime | None = None
) -> None:
    """Refuse a code older than the maximum age at `seen_at` (when it was scanned) or now."""
    moment = seen_at or now or timezone.now()
    if code.issued_at > moment + CLOCK_SKEW:
        raise ValidationError(MSG_INVALID_CODE, field="code")
    if moment - code.issued_at > dt.timedelta(seconds=checkin_max_age()):
        raise ValidationError(MSG_EXPIRED_CODE, field="code")


@dataclass(frozen=True)
class CheckIn:
    attendance: Attendance
    created: bool  # False when the trainee had already been recorded present


@transaction.atomic
def check_in(
    *,
    code: str,
    trainee: Any,
    now: dt.datetime | None = None,
    seen_at: dt.datetime | None = None,
) -> CheckIn:
    """Check `trainee` in to the session a QR code names (idempotent for the same trainee).

    `seen_at` is when the trainee first opened the code (before signing in), as recorded by the
    server; the code's age is measured at that moment, the session window always at `now`.
    """
    now = now or timezone.now()
    parsed = read_checkin_code(code)
    check_code_is_fresh(parsed, now=now, seen_at=seen_at)
    session = (
        CohortSession.objects.select_related("cohort__course")
        .filter(pk=parsed.session_id, cohort_id=parsed.cohort_id)
        .first()
    )
    if session is None:
        raise NotFound(MSG_SESSION_GONE)
    if not session_is_open(session, now=now):
        raise ValidationError(MSG_SESSION_CLOSED)
    enrollment = Enrollment.objects.filter(
        cohort_id=session.cohort_id, trainee_id=trainee.pk, status=Enrollment.Status.APPROVED
    ).first()
    if enrollment is None:
        raise PermissionDenied(MSG_NOT_TRAINEE)
    attendance, created = Attendance.objects.get_or_create(
        session=session,
        enrollment=enrollment,
        defaults={"method": Attendance.Method.QR, "at": now, "recorded_by": trainee},
    )
    return CheckIn(attendance=attendance, created=created)


# --- the trainer's roster and the paper sheet -------------------------------------------


def _check_enrollment(session: CohortSession, enrollment: Enrollment) -> None:
    if enrollment.cohort_id != session.cohort_id:
        raise ValidationError(MSG_WRONG_COHORT)
    if enrollment.status != Enrollment.Status.APPROVED:
        raise ValidationError(MSG_NOT_APPROVED)


@transaction.atomic
def mark_attendance(
    *,
    session: CohortSession,
    enrollment: Enrollment,
    present: bool,
    by: Any,
    method: str = Attendance.Method.ROSTER,
    now: dt.datetime | None = None,
) -> Attendance | None:
    """Mark a trainee present (keeping an earlier record as it is) or absent (deleting it)."""
    _require_run_sessions(by, session.cohort)
    _check_enrollment(session, enrollment)
    existing = Attendance.objects.filter(session=session, enrollment=enrollment).first()
    if not present:
        if existing is not None:
            existing.delete()  # one by one, so that the change history records it
        return None
    if existing is not None:
        return existing
    attendance = Attendance(
        session=session,
        enrollment=enrollment,
        method=method,
        at=now or timezone.now(),
        recorded_by=by,
    )
    attendance.full_clean(validate_unique=False, validate_constraints=False)
    attendance.save()
    return attendance


@dataclass(frozen=True)
class SheetResult:
    added: int
    removed: int


@transaction.atomic
def record_paper_sheet(
    *,
    session: CohortSession,
    present: Iterable[int],
    by: Any,
    now: dt.datetime | None = None,
) -> SheetResult:
    """Make the session's attendance match the signed paper sheet: `present` enrollment ids.

    Trainees already recorded (by QR or the roster) keep their record; those not ticked lose it.
    """
    _require_run_sessions(by, session.cohort)
    wanted = set(present)
    approved = {
        e.pk: e
        for e in Enrollment.objects.filter(
            cohort_id=session.cohort_id, status=Enrollment.Status.APPROVED
        )
    }
    if wanted - approved.keys():
        raise ValidationError(MSG_NOT_APPROVED)
    recorded = {a.enrollment_id: a for a in Attendance.objects.filter(session=session)}
    removed = 0
    for enrollment_id, attendance in recorded.items():
        if enrollment_id not in wanted:
            attendance.delete()
            removed += 1
    at = now or timezone.now()
    added = 0
    for enrollment_id in sorted(wanted - recorded.keys()):
        # Saved one by one (not bulk_create) so that each row gets its change-history entry.
        Attendance.objects.create(
            session=session,
            enrollment=approved[enrollment_id],
            method=Attendance.Method.PAPER,
            at=at,
            recorded_by=by,
        )
        added += 1
    return SheetResult(added=added, removed=removed)


# --- for other parts of the app ---------------------------------------------------------


def attendance_percent(enrollment: Enrollment) -> float:
    """The share of the cohort's sessions this trainee attended, in percent (0 with no sessions)."""
    total = CohortSession.objects.filter(cohort_id=enrollment.cohort_id).count()
    if not total:
        return 0.0
    attended = Attendance.objects.filter(
        enrollment=enrollment, session__cohort_id=enrollment.cohort_id
    ).count()
    return 100.0 * attended / total
