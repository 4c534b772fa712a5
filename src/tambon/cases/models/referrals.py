"""Closed-loop referrals (การส่งต่อ): a case's person sent to a partner's welfare service.

| method          | from              | to             |
| --------------- | ----------------- | -------------- |
| `accept`        | sent              | accepted       |
| `decline`       | sent              | declined       |
| `deliver`       | accepted          | delivered      |
| `not_deliver`   | accepted          | not_delivered  |
| `withdraw`      | sent, accepted    | withdrawn      |

`sent` and `accepted` are open: a case with an open referral cannot be closed. The partner
answers (accept, decline, deliver, not_deliver); the sending officer may withdraw. A referral
unanswered past `answer_due` is escalated: a reminder to the partner, then a flag on the
officer's queue (`reminded_at`, `escalated_at`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from tambon.cases.models.cases import InCaseArea, register_event_kind
from tambon.core.models import VersionedModel


class ReferralState(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    DELIVERED = "delivered", _("delivered")
    NOT_DELIVERED = "not_delivered", _("not delivered")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_REFERRAL_STATES = [ReferralState.SENT, ReferralState.ACCEPTED]


class Referral(FSMModelMixin, InCaseArea, VersionedModel):
    """A referral of a case to a partner's welfare service, answered by the partner."""

    State = ReferralState

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals"
    )
    action = models.ForeignKey(
        "cases.CarePlanAction",
        verbose_name=_("care-plan action"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    service = models.ForeignKey(
        "network.WelfareService",
        verbose_name=_("welfare service"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # Copied from the service when sent: the partner's inbox and its access check use it.
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=ReferralState.choices,
        default=ReferralState.SENT,
        protected=True,
    )
    # What the partner is asked to do; shown to the partner.
    request = models.TextField(_("what is asked"))
    # Whether the person's name, contact and address go to the partner (needs consent to
    # share with partners); without it the partner sees the request and the area only.
    shares_personal_data = models.BooleanField(_("personal data shared"), default=False)
    consent = models.ForeignKey(
        "registry.Consent",
        verbose_name=_("consent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    answer_due = models.DateField(_("answer due"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    result_note = models.TextField(_("result"), blank=True)
    reminded_at = models.DateTimeField(_("partner reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "state"]),
            models.Index(fields=["case", "state"]),
            models.Index(fields=["state", "answer_due"]),
            # The officers' queue lists late and escalated referrals by answer date: walked in
            # this order, it stops at a page's worth instead of sorting every match.
            models.Index(fields=["answer_due", "id"], name="referral_by_answer_due"),
            models.Index(fields=["subdistrict", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=ReferralState.DECLINED) | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.service_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REFERRAL_STATES

    @transition(field=state, source=ReferralState.SENT, target=ReferralState.ACCEPTED)
    def accept(self) -> None:
        """The partner takes the referral on."""

    @transition(field=state, source=ReferralState.SENT, target=ReferralState.DECLINED)
    def decline(self, *, reason: str) -> None:
        """The partner cannot help; the reason goes back to the officer."""
        self.decline_reason = reason
        self.closed_at = timezone.now()

    @transition(field=state, source=ReferralState.ACCEPTED, target=ReferralState.DELIVERED)
    def deliver(self) -> None:
        """The partner gave the service."""
        self.closed_at = timezone.now()

    @transition(field=state, source=ReferralState.ACCEPTED, target=ReferralState.NOT_DELIVERED)
    def not_deliver(self) -> None:
        """The partner accepted but the service could not be given."""
        self.closed_at = timezone.now()

    @transition(field=state, source=OPEN_REFERRAL_STATES, target=ReferralState.WITHDRAWN)
    def withdraw(self) -> None:
        """The sending officer calls the referral back."""
        self.closed_at = timezone.now()


class ReferralEvent:
    """The timeline kinds of referrals (CaseEvent.kind; no migration: the column has no choices)."""

    SENT = register_event_kind(
        "referral_sent", _("referral sent"), detail_template="cases/events/referral_sent.html"
    )
    ACCEPTED = register_event_kind(
        "referral_accepted",
        _("referral accepted"),
        detail_template="cases/events/referral_answer.html",
    )
    DECLINED = register_event_kind(
        "referral_declined",
        _("referral declined"),
        detail_template="cases/events/referral_answer.html",
    )
    DELIVERED = register_event_kind(
        "referral_delivered",
        _("referral delivered"),
        detail_template="cases/events/referral_answer.html",
    )
    NOT_DELIVERED = register_event_kind(
        "referral_not_delivered",
        _("referral not delivered"),
        detail_template="cases/events/referral_answer.html",
    )
    WITHDRAWN = register_event_kind(
        "referral_withdrawn",
        _("referral withdrawn"),
        detail_template="cases/events/referral_answer.html",
    )
    REMINDED = register_event_kind(
        "referral_reminded",
        _("partner reminded of a referral"),
        detail_template="cases/events/referral_overdue.html",
    )
    ESCALATED = register_event_kind(
        "referral_escalated",
        _("referral escalated"),
        detail_template="cases/events/referral_overdue.html",
    )
