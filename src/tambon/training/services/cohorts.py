"""Every write to cohorts: creating one with its sessions, editing it, quotas, sessions."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts.policy import covers
from tambon.core import thai
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import Province
from tambon.training.models import Cohort, CohortSession, Course, Enrollment
from tambon.training.selectors.cohorts import next_cohort_number

MORNING = (dt.time(9, 0), dt.time(12, 0))
AFTERNOON = (dt.time(13, 0), dt.time(16, 30))
MAX_DAYS = 31  # a longer "cohort" is a typing mistake, not a course

MSG_COURSE_INACTIVE = gettext_noop("This course is no longer used: choose another one.")
MSG_NUMBER_TAKEN = gettext_noop("This course already has a cohort number %(number)s.")
MSG_DATES_ORDER = gettext_noop("The last day is before the first day.")
MSG_TOO_LONG = gettext_noop("A cohort lasts at most %(days)s days.")
MSG_CLOSE_AFTER_END = gettext_noop("Nominations must close on or before the last day.")
MSG_PROVINCE_OUTSIDE = gettext_noop("You may hold cohorts only in your own province.")
MSG_VENUE_REQUIRED = gettext_noop("Say where the cohort is held.")
MSG_CAPACITY = gettext_noop("The capacity must be at least 1.")
MSG_CAPACITY_BELOW_APPROVED = gettext_noop(
    "%(count)s trainees are already approved: the capacity cannot be lower."
)
MSG_INACTIVE_USER = gettext_noop("%(name)s cannot sign in any more: choose someone else.")
MSG_SESSION_OUTSIDE = gettext_noop("The session must be on one of the cohort's days.")
MSG_SESSION_TIMES = gettext_noop("The session must end after it starts.")
MSG_SESSION_TAKEN = gettext_noop("There is already a %(period)s session on that day.")
MSG_SESSION_ATTENDED = gettext_noop(
    "Trainees have already checked in to this session, so it cannot be removed."
)
MSG_DAYS_ATTENDED = gettext_noop(
    "Trainees have already checked in on %(date)s: keep that day inside the cohort's dates."
)
MSG_QUOTA = gettext_noop("A quota is a whole number of places from 0 to the capacity.")
MSG_QUOTA_PROVINCE = gettext_noop("No province has the code %(code)s.")


def _days(starts_on: dt.date, ends_on: dt.date) -> list[dt.date]:
    return [starts_on + dt.timedelta(days=i) for i in range((ends_on - starts_on).days + 1)]


def _validate_dates(
    starts_on: dt.date, ends_on: dt.date, nominations_close_on: dt.date | None
) -> None:
    if ends_on < starts_on:
        raise ValidationError(_(MSG_DATES_ORDER), field="ends_on")
    if (ends_on - starts_on).days >= MAX_DAYS:
        raise ValidationError(_(MSG_TOO_LONG) % {"days": MAX_DAYS}, field="ends_on")
    if nominations_close_on and nominations_close_on > ends_on:
        raise ValidationError(_(MSG_CLOSE_AFTER_END), field="nominations_close_on")


def _validate_people(organiser: Any, trainers: Iterable[Any]) -> None:
    for user, field in [(organiser, "organiser"), *((t, "trainers") for t in trainers)]:
        if not user.is_active:
            raise ValidationError(_(MSG_INACTIVE_USER) % {"name": user}, field=field)


def _check_province(by: Any, province: Province) -> None:
    if not by.is_national_admin and not covers(by, province.code):
        raise PermissionDenied(_(MSG_PROVINCE_OUTSIDE), field="province")


def _default_sessions(cohort: Cohort, days: Iterable[dt.date]) -> list[CohortSession]:
    rows = []
    for day in days:
        for period, (start, end) in (
            (CohortSession.Period.MORNING, MORNING),
            (CohortSession.Period.AFTERNOON, AFTERNOON),
        ):
            rows.append(
                CohortSession(cohort=cohort, date=day, period=period, starts_at=start, ends_at=end)
            )
    # One save per session (a few at most), so that the change history records each one.
    for session in rows:
        session.save()
    return rows


@transaction.atomic
def create_cohort(
    *,
    by: Any,
    course: Course,
    starts_on: dt.date,
    ends_on: dt.date,
    venue: str,
    province: Province,
    number: int | None = None,
    title: str = "",
    capacity: int = 60,
    organiser: Any = None,
    trainers: Iterable[Any] = (),
    nominations_close_on: dt.date | None = None,
) -> Cohort:
    """Create a cohort and its sessions: each day a morning and an afternoon."""
    if not by.has_perm("training.create_cohort"):
        raise PermissionDenied()
    _check_province(by, province)
    if not course.is_active:
        raise ValidationError(_(MSG_COURSE_INACTIVE), field="course")
    _validate_dates(starts_on, ends_on, nominations_close_on)
    if not venue.strip():
        raise ValidationError(_(MSG_VENUE_REQUIRED), field="venue")
    if capacity < 1:
        raise ValidationError(_(MSG_CAPACITY), field="capacity")
    organiser = organiser or by
    trainers = list(trainers)
    _validate_people(organiser, trainers)
    # Lock the course so that two cohorts created at once don't take the same number.
    Course.objects.select_for_update().filter(pk=course.pk).first()
    number = number or next_cohort_number(course)
    if Cohort.objects.filter(course=course, number=number).exists():
        raise ValidationError(_(MSG_NUMBER_TAKEN) % {"number": number}, field="number")
    cohort = Cohort(
        course=course,
        number=number,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue.strip(),
        province=province,
        capacity=capacity,
        organiser=organiser,
        nominations_close_on=nominations_close_on,
        created_by=by,
        updated_by=by,
    )
    cohort.full_clean()
    cohort.save()
    cohort.trainers.set(trainers)
    _default_sessions(cohort, _days(starts_on, ends_on))
    return cohort


COHORT_FIELDS = (
    "number",
    "title",
    "starts_on",
    "ends_on",
    "venue",
    "province",
    "capacity",
    "organiser",
    "nominations_close_on",
)


def _approved(cohort: Cohort) -> int:
    return cohort.enrollments.filter(status=Enrollment.Status.APPROVED).count()


def _move_days(cohort: Cohort, old: tuple[dt.date, dt.date]) -> None:
    """Drop the sessions of days no longer in the cohort and add those of its new days."""
    new_days = set(_days(cohort.starts_on, cohort.ends_on))
    gone = cohort.sessions.exclude(date__in=new_days)
    attended = gone.filter(attendance__isnull=False).order_by("date").first()
    if attended is not None:
        raise ValidationError(
            _(MSG_DAYS_ATTENDED) % {"date": thai.format_date(attended.date, "long")},
            field="starts_on",
        )
    for session in gone:
        session.delete()
    _default_sessions(cohort, sorted(new_days - set(_days(*old))))


@transaction.atomic
def update_cohort(
    *,
    by: Any,
    cohort: Cohort,
    expected_version: int,
    trainers: Iterable[Any] | None = None,
    **changes: Any,
) -> Cohort:
    """Change a cohort's details; a change of dates moves its sessions along."""
    if not by.has_perm("training.manage_cohort", cohort):
        raise PermissionDenied()
    unknown = set(changes) - set(COHORT_FIELDS)
    if unknown:
        raise TypeError(f"update_cohort() got unexpected fields {sorted(unknown)}")
    values = {name: changes.get(name, getattr(cohort, name)) for name in COHORT_FIELDS}
    if values["province"] != cohort.province:
        _check_province(by, values["province"])
    _validate_dates(values["starts_on"], values["ends_on"], values["nominations_close_on"])
    if not str(values["venue"]).strip():
        raise ValidationError(_(MSG_VENUE_REQUIRED), field="venue")
    if values["capacity"] < 1:
        raise ValidationError(_(MSG_CAPACITY), field="capacity")
    approved = _approved(cohort)
    if values["capacity"] < approved:
        raise ValidationError(
            _(MSG_CAPACITY_BELOW_APPROVED) % {"count": approved}, field="capacity"
        )
    trainer_list = list(trainers) if trainers is not None else None
    _validate_people(values["organiser"], trainer_list or [])
    number_taken = (
        Cohort.objects.filter(course_id=cohort.course_id, number=values["number"])
        .exclude(pk=cohort.pk)
        .exists()
    )
    if number_taken:
        raise ValidationError(_(MSG_NUMBER_TAKEN) % {"number": values["number"]}, field="number")
    old_days = (cohort.starts_on, cohort.ends_on)
    for name, value in values.items():
        setattr(cohort, name, value)
    cohort.title, cohort.venue = cohort.title.strip(), cohort.venue.strip()
    cohort.full_clean(exclude=["course"])
    cohort.save_versioned(expected_version=expected_version, by=by, update_fields=[*COHORT_FIELDS])
    if trainer_list is not None:
        cohort.trainers.set(trainer_list)
    if old_days != (cohort.starts_on, cohort.ends_on):
        _move_days(cohort, old_days)
    return cohort


@transaction.atomic
def set_province_quotas(
    *, by: Any, cohort: Cohort, expected_version: int, quotas: dict[str, int | None]
) -> Cohort:
    """Set the places per province (a province without a number has no quota)."""
    if not by.has_perm("training.manage_cohort", cohort):
        raise PermissionDenied()
    cleaned: dict[str, int] = {}
    known = set(Province.objects.filter(code__in=list(quotas)).values_list("code", flat=True))
    for code, places in quotas.items():
        if code not in known:
            raise ValidationError(_(MSG_QUOTA_PROVINCE) % {"code": code}, field="quotas")
        if places is None:
            continue
        if not isinstance(places, int) or not 0 <= places <= cohort.capacity:
            raise ValidationError(_(MSG_QUOTA), field="quotas")
        cleaned[code] = places
    cohort.province_quotas = dict(sorted(cleaned.items()))
    cohort.save_versioned(
        expected_version=expected_version, by=by, update_fields=["province_quotas"]
    )
    return cohort


# --- sessions ---------------------------------------------------------------------------------


def _validate_session(
    cohort: Cohort,
    *,
    date: dt.date,
    period: str,
    starts_at: dt.time,
    ends_at: dt.time,
    pk: int | None,
) -> None:
    if not cohort.starts_on <= date <= cohort.ends_on:
        raise ValidationError(_(MSG_SESSION_OUTSIDE), field="date")
    if ends_at <= starts_at:
        raise ValidationError(_(MSG_SESSION_TIMES), field="ends_at")
    if period not in CohortSession.Period.values:
        raise ValidationError(field="period")
    same = cohort.sessions.filter(date=date, period=period)
    if pk is not None:
        same = same.exclude(pk=pk)
    if same.exists():
        label = CohortSession.Period(period).label
        raise ValidationError(_(MSG_SESSION_TAKEN) % {"period": label}, field="period")


@transaction.atomic
def add_session(
    *,
    by: Any,
    cohort: Cohort,
    date: dt.date,
    period: str,
    starts_at: dt.time,
    ends_at: dt.time,
    title: str = "",
) -> CohortSession:
    """Add a half-day session to a cohort."""
    if not by.has_perm("training.manage_cohort", cohort):
        raise PermissionDenied()
    _validate_session(
        cohort, date=date, period=period, starts_at=starts_at, ends_at=ends_at, pk=None
    )
    session = CohortSession(
        cohort=cohort,
        date=date,
        period=period,
        starts_at=starts_at,
        ends_at=ends_at,
        title=title.strip(),
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def update_session(
    *,
    by: Any,
    session: CohortSession,
    date: dt.date,
    period: str,
    starts_at: dt.time,
    ends_at: dt.time,
    title: str = "",
) -> CohortSession:
    """Change a session's day, period, times or title."""
    cohort = session.cohort
    if not by.has_perm("training.manage_cohort", cohort):
        raise PermissionDenied()
    _validate_session(
        cohort, date=date, period=period, starts_at=starts_at, ends_at=ends_at, pk=session.pk
    )
    session.date, session.period = date, period
    session.starts_at, session.ends_at, session.title = starts_at, ends_at, title.strip()
    session.full_clean()
    session.save(update_fields=["date", "period", "starts_at", "ends_at", "title"])
    return session


@transaction.atomic
def remove_session(*, by: Any, session: CohortSession) -> None:
    """Remove a session nobody has checked in to."""
    if not by.has_perm("training.manage_cohort", session.cohort):
        raise PermissionDenied()
    if session.attendance.exists():
        raise ValidationError(_(MSG_SESSION_ATTENDED))
    session.delete()
