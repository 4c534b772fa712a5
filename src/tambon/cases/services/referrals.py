"""Writes of closed-loop referrals (การส่งต่อ): refer a case to a partner's welfare service, the
partner's answers, withdrawing, and the daily escalation of unanswered referrals.

Every change of state goes through the state machine of `Referral` (cases/models/referrals.py;
no state is written directly), is versioned (a stale `expected_version` raises Conflict), adds
one event to the case's timeline and notifies who must act next: the partner's members when a
referral is sent (or withdrawn, or overdue), the case's officer when the partner answers.
Notifications never carry the person's name or national ID: they name the case's reference.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import TransitionNotAllowed, can_proceed

from tambon.accounts.models import User
from tambon.cases.models import CarePlanAction, Case, Referral, ReferralState
from tambon.cases.models.referrals import ReferralEvent
from tambon.cases.selectors import referrals as selectors
from tambon.cases.selectors.queue_counts_cache import queues_changed
from tambon.cases.services.care_plans import complete_action_of_delivered_referral
from tambon.cases.services.events import record_event
from tambon.cases.services.fieldwork import check_not_too_far
from tambon.core import thai
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.network.models import WelfareService
from tambon.notifications.services import notify
from tambon.registry.models import Consent

# The partner has a week to answer unless the officer sets another date.
DEFAULT_ANSWER_DAYS = 7
# A partner reminded of an overdue referral has this many days before the officer is told.
ESCALATE_AFTER_DAYS = 3
REQUEST_MAX = 2000
NOTE_MAX = 2000

MSG_NOT_ALLOWED = gettext_noop("You may not refer this case.")
MSG_CLOSED = gettext_noop("The case is closed: reopen it before referring it.")
MSG_REQUEST_EMPTY = gettext_noop("Say what the partner is asked to do.")
MSG_SERVICE_NOT_SERVING = gettext_noop(
    "“%(service)s” is not an active service that serves the case's sub-district."
)
MSG_DUPLICATE = gettext_noop(
    "The case is already referred to “%(service)s” and waiting for its answer."
)
MSG_DUE_PAST = gettext_noop("The answer date cannot be in the past.")
MSG_ACTION_OTHER = gettext_noop("This action is not in the case's care plan.")
MSG_NO_PERSON = gettext_noop(
    "Personal data can be shared only for a case of a person (this case is of a household)."
)
MSG_NO_CONSENT = gettext_noop(
    "%(person)s has no current consent to share data with network partners: record the "
    "consent on the person's page first, or send the referral without personal data."
)
MSG_ANSWER_NOT_ALLOWED = gettext_noop("Only the partner the referral was sent to may answer it.")
MSG_WITHDRAW_NOT_ALLOWED = gettext_noop("Only the officers of the case may withdraw a referral.")
MSG_ILLEGAL = gettext_noop("A referral cannot go from “%(from)s” to “%(to)s”.")
MSG_UNKNOWN_ACTION = gettext_noop("“%(action)s” is not an answer to a referral.")
MSG_REASON_REQUIRED = gettext_noop("Say why the referral is declined.")
MSG_RESULT_REQUIRED = gettext_noop("Say why the service could not be given.")

SUBJECT_SENT = gettext_noop("New referral: %(service)s (case %(reference)s)")
BODY_SENT = gettext_noop(
    "Case %(reference)s in %(place)s is referred to your service “%(service)s”. "
    "Please answer by %(due)s."
)
SUBJECT_ANSWERED = gettext_noop("Referral %(state)s: %(service)s (case %(reference)s)")
BODY_ANSWERED = gettext_noop(
    "%(partner)s has answered the referral of case %(reference)s to “%(service)s”: %(state)s."
)
SUBJECT_WITHDRAWN = gettext_noop("Referral withdrawn: %(service)s (case %(reference)s)")
BODY_WITHDRAWN = gettext_noop(
    "The referral of case %(reference)s to “%(service)s” was withdrawn: no answer is needed."
)
SUBJECT_REMINDER = gettext_noop("Reminder: referral waiting for your answer (case %(reference)s)")
BODY_REMINDER = gettext_noop(
    "The referral of case %(reference)s to “%(service)s” was due for an answer on %(due)s. "
    "Please accept or decline it."
)
SUBJECT_ESCALATED = gettext_noop("Referral without answer: %(service)s (case %(reference)s)")
BODY_ESCALATED = gettext_noop(
    "%(partner)s has not answered the referral of case %(reference)s to “%(service)s” "
    "(due %(due)s), %(days)s days after a reminder. Call them or refer the case elsewhere."
)


def _text(value: Any) -> str:
    return thai.format_date(value) if isinstance(value, dt.date) else str(value)


def _interpolate(message: str, params: dict[str, Any]) -> str:
    return _(message) % {k: _text(v) for k, v in params.items()}


# Each recipient reads a notification in their own language: translate when it is rendered.
translated = lazy(_interpolate, str)


def _state_label(state: str) -> str:
    return str(ReferralState(state).label) if state in ReferralState.values else state


def _message_params(referral: Referral) -> dict[str, Any]:
    case = referral.case
    return {
        "reference": case.reference,
        "service": referral.service.name,
        "partner": referral.partner.name,
        "place": case.subdistrict.name,
        "due": referral.answer_due,
    }


def _url(referral: Referral) -> str:
    return reverse("cases:referral_detail", args=[referral.pk])


def partner_members(referral: Referral) -> list[User]:
    """The active partner accounts acting for the referral's partner."""
    return list(referral.partner.members.filter(is_active=True, role="partner").order_by("pk"))


def case_officers(referral: Referral) -> list[User]:
    """Who hears the partner's answer: the case's officer, else who sent the referral."""
    officer = referral.case.assigned_officer or referral.created_by
    return [officer] if officer is not None else []


def _notify(
    recipients: list[User], subject: str, body: str, referral: Referral, **extra: Any
) -> None:
    params = {**_message_params(referral), **extra}
    notify(
        recipients=recipients,
        subject=translated(subject, params),
        body=translated(body, params),
        url=_url(referral),
    )


def _event(referral: Referral, by: Any, kind: str, *, reason: str = "", **data: Any) -> None:
    record_event(
        case=referral.case,
        by=by,
        kind=kind,
        reason=reason,
        data={
            "referral": referral.pk,
            "service": referral.service.name,
            "partner": referral.partner.name,
            **data,
        },
    )


# --- sending -------------------------------------------------------------------------------


def current_consent(case: Case) -> Consent | None:
    """The person's current (not withdrawn) consent to share data with network partners."""
    if case.person_id is None:
        return None
    return (
        Consent.objects.filter(
            person_id=case.person_id,
            purpose=Consent.Purpose.SHARE_WITH_PARTNERS,
            withdrawn_on__isnull=True,
            given_on__lte=timezone.localdate(),
        )
        .order_by("-given_on", "-pk")
        .first()
    )


def _check_referral(
    *, by: Any, case: Case, service: WelfareService, action: CarePlanAction | None
) -> None:
    if not by.has_perm("cases.view_case", case) or not by.has_perm("cases.refer_case", case):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    if not case.is_open:
        raise ValidationError(_(MSG_CLOSED))
    serving = selectors.referable_services(user=by, case=case)
    if not serving.filter(pk=service.pk).exists():
        raise ValidationError(
            _(MSG_SERVICE_NOT_SERVING) % {"service": service.name}, field="service"
        )
    if selectors.open_referral_to(case, service) is not None:
        raise ValidationError(_(MSG_DUPLICATE) % {"service": service.name}, field="service")
    if (
        action is not None
        and not CarePlanAction.objects.filter(pk=action.pk, goal__plan__case=case).exists()
    ):
        raise ValidationError(_(MSG_ACTION_OTHER), field="action")


@transaction.atomic
def refer_case(
    *,
    case: Case,
    service: WelfareService,
    request: str,
    share_personal_data: bool,
    by: Any,
    answer_due: dt.date | None = None,
    action: CarePlanAction | None = None,
) -> Referral:
    """Refer the case to a partner's service serving its area; sharing the person's name,
    phone and address needs their current consent to share with partners."""
    _check_referral(by=by, case=case, service=service, action=action)
    request = (request or "").strip()[:REQUEST_MAX]
    if not request:
        raise ValidationError(_(MSG_REQUEST_EMPTY), field="request")
    today = timezone.localdate()
    answer_due = answer_due or today + dt.timedelta(days=DEFAULT_ANSWER_DAYS)
    if answer_due < today:
        raise ValidationError(_(MSG_DUE_PAST), field="answer_due")
    check_not_too_far(answer_due, "answer_due")
    consent = None
    if share_personal_data:
        if case.person is None:
            raise ValidationError(_(MSG_NO_PERSON), field="share_personal_data")
        consent = current_consent(case)
        if consent is None:
            raise ValidationError(
                _(MSG_NO_CONSENT) % {"person": case.person.full_name},
                field="share_personal_data",
            )
    referral = Referral.objects.create(
        case=case,
        action=action,
        service=service,
        partner=service.partner,
        request=request,
        shares_personal_data=consent is not None,
        consent=consent,
        answer_due=answer_due,
        created_by=by,
        updated_by=by,
    )
    _event(
        referral,
        by,
        ReferralEvent.SENT,
        answer_due=answer_due.isoformat(),
        shares_personal_data=referral.shares_personal_data,
    )
    _notify(partner_members(referral), SUBJECT_SENT, BODY_SENT, referral)
    return referral


# --- the partner's answers and withdrawing -------------------------------------------------

ANSWERS = {
    # action → (FSM method, target state, event kind)
    "accept": ("accept", ReferralState.ACCEPTED, ReferralEvent.ACCEPTED),
    "decline": ("decline", ReferralState.DECLINED, ReferralEvent.DECLINED),
    "deliver": ("deliver", ReferralState.DELIVERED, ReferralEvent.DELIVERED),
    "not_deliver": ("not_deliver", ReferralState.NOT_DELIVERED, ReferralEvent.NOT_DELIVERED),
}
SAVED_FIELDS = [
    "state",
    "answered_at",
    "answered_by",
    "decline_reason",
    "result_note",
    "closed_at",
]


def _move(
    referral: Referral,
    *,
    method_name: str,
    target: str,
    by: Any,
    expected_version: int,
    **kwargs: Any,
) -> str:
    """Run one transition of the state machine and save it against `expected_version`."""
    source = referral.state
    method = getattr(referral, method_name)
    illegal = ValidationError(
        _(MSG_ILLEGAL) % {"from": _state_label(source), "to": _state_label(target)},
        field="action",
    )
    if not can_proceed(method):
        raise illegal
    try:
        method(**kwargs)
    except TransitionNotAllowed:
        raise illegal from None
    referral.save_versioned(expected_version=expected_version, by=by, update_fields=SAVED_FIELDS)
    return source


def _answer(
    *,
    referral: Referral,
    action: str,
    by: Any,
    expected_version: int,
    reason: str = "",
    result_note: str = "",
) -> Referral:
    if not by.has_perm("cases.view_referral", referral):
        raise PermissionDenied(_(MSG_ANSWER_NOT_ALLOWED))
    if not by.has_perm("cases.answer_referral", referral):
        raise PermissionDenied(_(MSG_ANSWER_NOT_ALLOWED))
    if action not in ANSWERS:
        raise ValidationError(_(MSG_UNKNOWN_ACTION) % {"action": action}, field="action")
    method_name, target, kind = ANSWERS[action]
    reason = " ".join((reason or "").split())[:NOTE_MAX]
    result_note = (result_note or "").strip()[:NOTE_MAX]
    kwargs: dict[str, Any] = {}
    if action == "decline":
        if referral.state == ReferralState.SENT and not reason:
            raise ValidationError(_(MSG_REASON_REQUIRED), field="reason")
        kwargs["reason"] = reason
    if action == "not_deliver" and referral.state == ReferralState.ACCEPTED and not result_note:
        raise ValidationError(_(MSG_RESULT_REQUIRED), field="result_note")
    if action in ("deliver", "not_deliver"):
        referral.result_note = result_note
    if referral.state == ReferralState.SENT:
        referral.answered_at = timezone.now()
        referral.answered_by = by
    source = _move(
        referral,
        method_name=method_name,
        target=target,
        by=by,
        expected_version=expected_version,
        **kwargs,
    )
    _event(
        referral,
        by,
        kind,
        reason=reason,
        from_state=source,
        to_state=referral.state,
        **({"result": result_note} if result_note else {}),
    )
    if referral.state == ReferralState.DELIVERED:
        complete_action_of_delivered_referral(referral=referral, by=by)
    _notify(
        case_officers(referral),
        SUBJECT_ANSWERED,
        BODY_ANSWERED,
        referral,
        state=translated_state(referral.state),
    )
    return referral


def translated_state(state: str) -> Promise | str:
    return ReferralState(state).label if state in ReferralState.values else state


@transaction.atomic
def answer_referral(
    *,
    referral: Referral,
    action: str,
    by: Any,
    expected_version: int,
    reason: str = "",
    result_note: str = "",
) -> Referral:
    """One of the partner's answers by name (accept, decline, deliver, not_deliver): the page
    and the API call this."""
    return _answer(
        referral=referral,
        action=action,
        by=by,
        expected_version=expected_version,
        reason=reason,
        result_note=result_note,
    )


@transaction.atomic
def withdraw_referral(
    *, referral: Referral, by: Any, expected_version: int, reason: str = ""
) -> Referral:
    """The case's officers call an open referral back (sent or accepted → withdrawn)."""
    if not by.has_perm("cases.view_referral", referral):
        raise PermissionDenied(_(MSG_WITHDRAW_NOT_ALLOWED))
    if not by.has_perm("cases.withdraw_referral", referral):
        raise PermissionDenied(_(MSG_WITHDRAW_NOT_ALLOWED))
    reason = " ".join((reason or "").split())[:NOTE_MAX]
    source = _move(
        referral,
        method_name="withdraw",
        target=ReferralState.WITHDRAWN,
        by=by,
        expected_version=expected_version,
    )
    _event(
        referral,
        by,
        ReferralEvent.WITHDRAWN,
        reason=reason,
        from_state=source,
        to_state=referral.state,
    )
    _notify(partner_members(referral), SUBJECT_WITHDRAWN, BODY_WITHDRAWN, referral)
    return referral


# --- escalation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationResult:
    reminded: int
    escalated: int


def _moment(today: dt.date) -> dt.datetime:
    """Now, or the same time of day on `today` (the argument tests and catch-up runs pass)."""
    now = timezone.localtime()
    if today == now.date():
        return now
    return timezone.make_aware(dt.datetime.combine(today, now.time().replace(tzinfo=None)))


def _loaded(qs: Any) -> list[Referral]:
    return list(
        qs.select_related(
            "case__subdistrict", "case__assigned_officer", "created_by", "service", "partner"
        ).order_by("pk")
    )


@transaction.atomic
def escalate_referrals(*, today: dt.date | None = None) -> EscalationResult:
    """Remind the partner of each referral unanswered past its date, and tell the case's
    officer (flagging the referral) when it is still unanswered ESCALATE_AFTER_DAYS days after
    the reminder. Run daily; running it again the same day sends nothing new."""
    today = today or timezone.localdate()
    moment = _moment(today)
    # Reminded on or before this day: escalated today.
    cutoff_day = today - dt.timedelta(days=ESCALATE_AFTER_DAYS - 1)
    cutoff = timezone.make_aware(dt.datetime.combine(cutoff_day, dt.time.min))
    escalated = 0
    for referral in _loaded(selectors.due_for_escalation(cutoff)):
        # Claim the row first: a second run at the same time finds it taken and sends nothing.
        claimed = Referral.objects.filter(pk=referral.pk, escalated_at__isnull=True).update(
            escalated_at=moment
        )
        if not claimed:
            continue
        queues_changed()  # escalated_at is part of the officers' queue; update() sends no signal
        referral.escalated_at = moment
        _event(
            referral,
            None,
            ReferralEvent.ESCALATED,
            answer_due=referral.answer_due.isoformat(),
            days_overdue=(today - referral.answer_due).days,
        )
        _notify(
            case_officers(referral),
            SUBJECT_ESCALATED,
            BODY_ESCALATED,
            referral,
            days=ESCALATE_AFTER_DAYS,
        )
        escalated += 1
    reminded = 0
    for referral in _loaded(selectors.due_for_reminder(today)):
        claimed = Referral.objects.filter(pk=referral.pk, reminded_at__isnull=True).update(
            reminded_at=moment
        )
        if not claimed:
            continue
        referral.reminded_at = moment
        _event(
            referral,
            None,
            ReferralEvent.REMINDED,
            answer_due=referral.answer_due.isoformat(),
            days_overdue=(today - referral.answer_due).days,
        )
        _notify(partner_members(referral), SUBJECT_REMINDER, BODY_REMINDER, referral)
        reminded += 1
    return EscalationResult(reminded=reminded, escalated=escalated)
