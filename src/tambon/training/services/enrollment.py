"""Every write to enrollments: nominations, applications, and the organiser's decisions."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from tambon.accounts import services as account_services
from tambon.accounts.models import User
from tambon.accounts.policy import covers
from tambon.accounts.roles import ALLOWED_AREA_LEVELS, Role
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict
from tambon.training.models import Cohort, Enrollment
from tambon.training.selectors.cohorts import nominations_are_open
from tambon.training.selectors.enrollment import nominable_users, waiting_list

Status = Enrollment.Status

MSG_CLOSED = gettext_noop("Nominations to this cohort are closed.")
MSG_ALREADY = gettext_noop("%(name)s is already in this cohort (%(status)s).")
MSG_OUTSIDE_AREA = gettext_noop("%(name)s does not work in your area: you cannot nominate them.")
MSG_SUBDISTRICT_REQUIRED = gettext_noop("Choose the sub-district the trainee comes from.")
MSG_SUBDISTRICT_UNKNOWN = gettext_noop("No sub-district has the code %(code)s.")
MSG_SUBDISTRICT_OUTSIDE = gettext_noop("The sub-district %(name)s is outside your area.")
MSG_SUBDISTRICT_NOT_THEIRS = gettext_noop("%(name)s does not work in the sub-district %(place)s.")
MSG_TRAINEE_ROLE = gettext_noop("A trainee cannot be given the role “%(role)s”.")
MSG_NOT_NOW = gettext_noop("This enrollment is %(status)s: it cannot be %(action)s.")
MSG_FULL = gettext_noop(
    "The cohort is full: %(approved)s of %(capacity)s places are taken. "
    "Put the trainee on the waiting list instead, or raise the capacity."
)
MSG_QUOTA_FULL = gettext_noop(
    "The quota of %(province)s is full: %(approved)s of %(quota)s places are taken. "
    "Put the trainee on the waiting list instead, or change the quota."
)
MSG_REASON_REQUIRED = gettext_noop("Say why the nomination is not accepted.")
MSG_NO_WAITING = gettext_noop("Nobody on the waiting list fits the free places.")

ACTIONS = {
    "approve": gettext_noop("approved"),
    "waitlist": gettext_noop("put on the waiting list"),
    "reject": gettext_noop("rejected"),
    "withdraw": gettext_noop("withdrawn"),
}


def _already(cohort: Cohort, trainee: User) -> None:
    existing = cohort.enrollments.filter(trainee=trainee).first()
    if existing is not None:
        raise ValidationError(
            _(MSG_ALREADY) % {"name": trainee, "status": existing.get_status_display()},
            field="trainee",
        )


def _subdistrict(code: str | None, trainee: User) -> Subdistrict:
    """The chosen sub-district, or the trainee's own when they work in exactly one."""
    if not code:
        own = [c for c in trainee.area_codes() if len(c) == 6]
        if len(own) != 1:
            raise ValidationError(_(MSG_SUBDISTRICT_REQUIRED), field="subdistrict")
        code = own[0]
    subdistrict = Subdistrict.objects.select_related("province").filter(pk=code).first()
    if subdistrict is None:
        raise ValidationError(_(MSG_SUBDISTRICT_UNKNOWN) % {"code": code}, field="subdistrict")
    return subdistrict


def _check_trainee_area(trainee: User, subdistrict: Subdistrict) -> None:
    codes = trainee.area_codes()
    if codes and not any(subdistrict.code.startswith(c) for c in codes):
        raise ValidationError(
            _(MSG_SUBDISTRICT_NOT_THEIRS) % {"name": trainee, "place": subdistrict.name_th},
            field="subdistrict",
        )


@transaction.atomic
def nominate(
    *,
    by: Any,
    cohort: Cohort,
    trainee: User,
    subdistrict_code: str | None = None,
    note: str = "",
) -> Enrollment:
    """Nominate a person of the officer's area to a cohort whose nominations are open."""
    if not by.has_perm("training.nominate"):
        raise PermissionDenied()
    if not nominations_are_open(cohort) and not by.has_perm("training.manage_cohort", cohort):
        raise ValidationError(_(MSG_CLOSED))
    if not nominable_users(by).filter(pk=trainee.pk).exists():
        raise PermissionDenied(_(MSG_OUTSIDE_AREA) % {"name": trainee}, field="trainee")
    _already(cohort, trainee)
    subdistrict = _subdistrict(subdistrict_code, trainee)
    if not covers(by, subdistrict.code):
        raise PermissionDenied(
            _(MSG_SUBDISTRICT_OUTSIDE) % {"name": subdistrict.name_th}, field="subdistrict"
        )
    _check_trainee_area(trainee, subdistrict)
    return Enrollment.objects.create(
        cohort=cohort,
        trainee=trainee,
        channel=Enrollment.Channel.NOMINATION,
        subdistrict=subdistrict,
        nominated_by=by,
        note=note.strip()[:300],
        created_by=by,
        updated_by=by,
    )


def trainee_roles(by: Any) -> list[tuple[str, str]]:
    """The roles an officer may give a new trainee account."""
    from tambon.accounts.policy import invitable_roles

    return [(v, label) for v, label in invitable_roles(by) if v != Role.NATIONAL_ADMIN]


@transaction.atomic
def create_trainee_account(
    *,
    by: Any,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    subdistrict_code: str,
    organisation: str = "",
    phone: str = "",
) -> User:
    """Create (invite) the account of a new trainee in a sub-district of the officer's area."""
    if not by.has_perm("training.nominate"):
        raise PermissionDenied()
    if role not in dict(trainee_roles(by)):
        label = Role(role).label if role in Role.values else role
        raise PermissionDenied(_(MSG_TRAINEE_ROLE) % {"role": label}, field="role")
    # The account's area: the sub-district, or its province for a provincial role.
    levels = ALLOWED_AREA_LEVELS[role]
    area = subdistrict_code if 6 in levels else subdistrict_code[: max(levels)]
    return account_services.invite_user(
        by=by,
        username=username.strip(),
        email=email.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        area_codes=[area],
        organisation=organisation,
        phone=phone,
    )


@transaction.atomic
def nominate_new_account(
    *,
    by: Any,
    cohort: Cohort,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    subdistrict_code: str,
    organisation: str = "",
    phone: str = "",
    note: str = "",
) -> Enrollment:
    """Create the account of someone new and nominate them, all or nothing."""
    if not by.has_perm("training.nominate"):
        raise PermissionDenied()
    if not nominations_are_open(cohort) and not by.has_perm("training.manage_cohort", cohort):
        raise ValidationError(_(MSG_CLOSED))
    trainee = create_trainee_account(
        by=by,
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        subdistrict_code=subdistrict_code,
        organisation=organisation,
        phone=phone,
    )
    return nominate(
        by=by, cohort=cohort, trainee=trainee, subdistrict_code=subdistrict_code, note=note
    )


@transaction.atomic
def apply(
    *, by: Any, cohort: Cohort, subdistrict_code: str | None = None, note: str = ""
) -> Enrollment:
    """Apply oneself to a cohort whose nominations are open."""
    if not by.has_perm("training.apply"):
        raise PermissionDenied()
    if not nominations_are_open(cohort):
        raise ValidationError(_(MSG_CLOSED))
    _already(cohort, by)
    subdistrict = _subdistrict(subdistrict_code, by)
    if not covers(by, subdistrict.code):
        raise ValidationError(
            _(MSG_SUBDISTRICT_NOT_THEIRS) % {"name": by, "place": subdistrict.name_th},
            field="subdistrict",
        )
    return Enrollment.objects.create(
        cohort=cohort,
        trainee=by,
        channel=Enrollment.Channel.APPLICATION,
        subdistrict=subdistrict,
        note=note.strip()[:300],
        created_by=by,
        updated_by=by,
    )


# --- the organiser's decisions ----------------------------------------------------------------


def _locked(enrollment: Enrollment) -> tuple[Cohort, Enrollment]:
    """The cohort and the enrollment, locked, so that two approvals can't both take the last
    place (on SQLite the write transaction itself serialises them)."""
    cohort = Cohort.objects.select_for_update().get(pk=enrollment.cohort_id)
    fresh = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("subdistrict__province")
        .get(pk=enrollment.pk)
    )
    return cohort, fresh


def _refuse_transition(enrollment: Enrollment, action: str) -> None:
    raise ValidationError(
        _(MSG_NOT_NOW) % {"status": enrollment.get_status_display(), "action": _(ACTIONS[action])}
    )


def _check_room(cohort: Cohort, enrollment: Enrollment) -> None:
    approved = cohort.enrollments.filter(status=Status.APPROVED)
    taken = approved.count()
    if taken >= cohort.capacity:
        raise ValidationError(
            _(MSG_FULL) % {"approved": taken, "capacity": cohort.capacity}, field="capacity"
        )
    province_code = enrollment.subdistrict.province_id
    quota = (cohort.province_quotas or {}).get(province_code)
    if quota is not None:
        in_province = approved.filter(subdistrict__province_id=province_code).count()
        if in_province >= int(quota):
            raise ValidationError(
                _(MSG_QUOTA_FULL)
                % {
                    "province": enrollment.subdistrict.province.name_th,
                    "approved": in_province,
                    "quota": quota,
                },
                field="quota",
            )


def _decide(enrollment: Enrollment, by: Any, note: str | None = None) -> Enrollment:
    enrollment.decided_at = timezone.now()
    enrollment.updated_by = by
    fields = ["status", "decided_at", "updated_by", "updated_at"]
    if note is not None:
        enrollment.note = note[:300]
        fields.append("note")
    enrollment.save(update_fields=fields)
    return enrollment


def _require_organiser(by: Any, enrollment: Enrollment) -> None:
    if not by.has_perm("training.manage_cohort", enrollment.cohort):
        raise PermissionDenied()


@transaction.atomic
def approve(*, by: Any, enrollment: Enrollment) -> Enrollment:
    """Give a nominee or someone waiting a place, within the capacity and province quota."""
    _require_organiser(by, enrollment)
    cohort, enrollment = _locked(enrollment)
    if not can_proceed(enrollment.approve):
        _refuse_transition(enrollment, "approve")
    _check_room(cohort, enrollment)
    enrollment.approve()
    return _decide(enrollment, by)


@transaction.atomic
def waitlist(*, by: Any, enrollment: Enrollment) -> Enrollment:
    """Put a nominee on the waiting list."""
    _require_organiser(by, enrollment)
    enrollment = _locked(enrollment)[1]
    if not can_proceed(enrollment.waitlist):
        _refuse_transition(enrollment, "waitlist")
    enrollment.waitlist()
    return _decide(enrollment, by)


@transaction.atomic
def reject(*, by: Any, enrollment: Enrollment, reason: str) -> Enrollment:
    """Turn down a nomination or application, saying why."""
    _require_organiser(by, enrollment)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_(MSG_REASON_REQUIRED), field="reason")
    enrollment = _locked(enrollment)[1]
    if not can_proceed(enrollment.reject):
        _refuse_transition(enrollment, "reject")
    enrollment.reject()
    return _decide(enrollment, by, note=reason)


@transaction.atomic
def withdraw(*, by: Any, enrollment: Enrollment, reason: str = "") -> Enrollment:
    """Withdraw a trainee (the organiser, or the trainee themselves)."""
    if enrollment.trainee_id != by.pk:
        _require_organiser(by, enrollment)
    enrollment = _locked(enrollment)[1]
    if not can_proceed(enrollment.withdraw):
        _refuse_transition(enrollment, "withdraw")
    enrollment.withdraw()
    return _decide(enrollment, by, note=reason.strip() or None)


@transaction.atomic
def promote_from_waiting_list(*, by: Any, cohort: Cohort) -> Enrollment:
    """Approve the first person on the waiting list who fits the free places."""
    if not by.has_perm("training.manage_cohort", cohort):
        raise PermissionDenied()
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    for candidate in waiting_list(cohort).select_related("subdistrict__province"):
        try:
            _check_room(cohort, candidate)
        except ValidationError as exc:
            if exc.field == "capacity":
                raise
            continue
        candidate.approve()
        return _decide(candidate, by)
    raise ValidationError(_(MSG_NO_WAITING))
