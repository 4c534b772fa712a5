"""Cases (กรณี) and their timeline. The workflow is a django-fsm-2 state machine on `Case.state`.

The transitions (DOMAIN.md), each a method of `Case`; `transition_case` in cases.services is the
only caller, and the only writer of `state` (the field is protected):

| method            | from                        | to          | reason needed          |
| ----------------- | --------------------------- | ----------- | ---------------------- |
| `screen`          | intake, reopened            | screening   | no                     |
| `assess`          | screening, reopened         | assessment  | no                     |
| `plan`            | assessment, reopened        | planning    | no                     |
| `start_service`   | planning                    | in_service  | no                     |
| `start_follow_up` | in_service                  | follow_up   | no                     |
| `resume_service`  | follow_up                   | in_service  | yes (why more help)    |
| `close`           | every open state            | closed      | unless self-reliant    |
| `reopen`          | closed                      | reopened    | yes                    |

Closing needs an outcome; "self-reliant" only after help was given (in service or follow-up),
and never while a referral is open (`cases.selectors.has_open_referrals`). Reopening clears the
outcome and the closing time: the timeline keeps both. Who may make a transition is
`cases.transition_case` (cases/policy.py).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from tambon.core.models import VersionedModel
from tambon.geo.models import Subdistrict


class State(models.TextChoices):
    INTAKE = "intake", _("intake")
    SCREENING = "screening", _("screening")
    ASSESSMENT = "assessment", _("assessment")
    PLANNING = "planning", _("planning")
    IN_SERVICE = "in_service", _("in service")
    FOLLOW_UP = "follow_up", _("follow-up")
    CLOSED = "closed", _("closed")
    REOPENED = "reopened", _("reopened")


OPEN_STATES = [s for s in State.values if s != State.CLOSED]
# A case is "self-reliant" only once help was given.
SELF_RELIANT_FROM = [State.IN_SERVICE, State.FOLLOW_UP]


def may_transition(instance: Any, user: Any) -> bool:
    """The FSM's permission: the same rule as every page and the API (cases/policy.py)."""
    return bool(user.has_perm("cases.transition_case", instance))


def no_open_referral(instance: Any) -> bool:
    """The FSM's condition on closing: no referral of the case is still open."""
    from tambon.cases.selectors import hooks

    return not hooks.has_open_referrals(instance)


class InCaseArea(models.Model):
    """A row of a case (follow-up, referral) that carries the case's sub-district, copied when
    the row is made (a case never moves): the queues scope and count such rows by it without
    reading the cases of a whole province. bulk_create callers set it themselves."""

    subdistrict = models.ForeignKey(
        "geo.Subdistrict",
        verbose_name=_("sub-district"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.subdistrict_id:
            self.subdistrict_id = self.case.subdistrict_id  # type: ignore[attr-defined]
        super().save(*args, **kwargs)


# Case.Urgency's values, most urgent first (plain strings: the migration states them as such).
URGENCY_ORDER = ("critical", "high", "normal", "low")


class Case(FSMModelMixin, VersionedModel):
    """A case (กรณี) of a person or a household facing a social problem."""

    State = State

    class Channel(models.TextChoices):
        SURVEY = "survey", _("survey")
        HOTLINE_1300 = "hotline_1300", _("hotline 1300")
        WALK_IN = "walk_in", _("walk-in")
        REFERRAL_IN = "referral_in", _("referral from another agency")
        VOLUNTEER_VISIT = "volunteer_visit", _("volunteer visit")
        PUBLIC_REQUEST = "public_request", _("public request for help")

    class Urgency(models.TextChoices):
        LOW = "low", _("low")
        NORMAL = "normal", _("normal")
        HIGH = "high", _("high")
        CRITICAL = "critical", _("critical")

    class Outcome(models.TextChoices):
        SELF_RELIANT = "self_reliant", _("self-reliant")
        REFERRED_OUT = "referred_out", _("referred out")
        MOVED = "moved", _("moved away")
        DECEASED = "deceased", _("deceased")
        DECLINED = "declined", _("declined help")

    reference = models.CharField(_("reference number"), max_length=40, unique=True)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    # Copied from the subject when the case is opened: the area every access check uses.
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    problem_types = models.ManyToManyField(
        "registry.ProblemType", verbose_name=_("problem types"), related_name="+"
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    # 0 for critical … 3 for low, kept by the database: the queues sort on it through an index
    # instead of sorting every open case of a province on a CASE expression.
    urgency_rank = models.GeneratedField(
        expression=models.Case(
            *[
                models.When(urgency=value, then=models.Value(rank))
                for rank, value in enumerate(URGENCY_ORDER)
            ],
            default=models.Value(len(URGENCY_ORDER)),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
        verbose_name=_("urgency rank"),
    )
    summary = models.TextField(_("summary"), blank=True)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned volunteer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = FSMField(
        _("state"), max_length=20, choices=State.choices, default=State.INTAKE, protected=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    needs_assessment = models.ForeignKey(
        "registry.NeedsAssessment",
        verbose_name=_("needs assessment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["subdistrict", "state"]),
            models.Index(fields=["assigned_officer", "state"]),
            models.Index(fields=["assigned_volunteer", "state"]),
            models.Index(fields=["urgency_rank", "opened_at", "id"], name="case_by_urgency"),
            models.Index(fields=["opened_at", "id"], name="case_by_opening"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(household__isnull=False),
                name="case_has_subject",
            ),
            models.CheckConstraint(
                condition=(Q(state=State.CLOSED, closed_at__isnull=False) & ~Q(outcome=""))
                | (~Q(state=State.CLOSED) & Q(outcome="", closed_at__isnull=True)),
                name="case_closed_iff_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    # --- the state machine (see the table above) -----------------------------------------

    @transition(
        field=state,
        source=[State.INTAKE, State.REOPENED],
        target=State.SCREENING,
        permission=may_transition,
    )
    def screen(self) -> None:
        """Check who the person is and whether the program is the right help."""

    @transition(
        field=state,
        source=[State.SCREENING, State.REOPENED],
        target=State.ASSESSMENT,
        permission=may_transition,
    )
    def assess(self) -> None:
        """Assess the needs (the five dimensions)."""

    @transition(
        field=state,
        source=[State.ASSESSMENT, State.REOPENED],
        target=State.PLANNING,
        permission=may_transition,
    )
    def plan(self) -> None:
        """Write the care plan."""

    @transition(
        field=state, source=State.PLANNING, target=State.IN_SERVICE, permission=may_transition
    )
    def start_service(self) -> None:
        """Help is being given."""

    @transition(
        field=state, source=State.IN_SERVICE, target=State.FOLLOW_UP, permission=may_transition
    )
    def start_follow_up(self) -> None:
        """Help was given; watch that it lasts."""

    @transition(
        field=state, source=State.FOLLOW_UP, target=State.IN_SERVICE, permission=may_transition
    )
    def resume_service(self) -> None:
        """The follow-up found that more help is needed."""

    @transition(
        field=state,
        source=OPEN_STATES,
        target=State.CLOSED,
        permission=may_transition,
        conditions=[no_open_referral],
    )
    def close(self, *, outcome: str) -> None:
        """Close with an outcome."""
        self.outcome = outcome
        self.closed_at = timezone.now()

    @transition(field=state, source=State.CLOSED, target=State.REOPENED, permission=may_transition)
    def reopen(self) -> None:
        """Open a closed case again; its old outcome stays in the timeline."""
        self.outcome = ""
        self.closed_at = None


class CaseCounter(models.Model):
    """The last sequence number of the cases of a sub-district in a Buddhist-era year."""

    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "year"], name="case_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subdistrict_id}/{self.year}: {self.last}"


# Kinds of timeline events. The set is open: later parts (referrals, visits, assistance) add
# theirs with `register_event_kind`, and the column has no choices, so no migration is needed.
EVENT_KINDS: dict[str, str | Promise] = {}
# How a kind's row says what happened: a template under cases/events/ that reads the event's
# `data` snapshot (cases/_events.html includes it; kinds without one get events/generic.html).
EVENT_DETAIL_TEMPLATES: dict[str, str] = {}
GENERIC_DETAIL_TEMPLATE = "cases/events/generic.html"


def register_event_kind(kind: str, label: str | Promise, *, detail_template: str = "") -> str:
    """Name a kind of timeline event, and the template that renders its detail."""
    EVENT_KINDS.setdefault(kind, label)
    if detail_template:
        EVENT_DETAIL_TEMPLATES.setdefault(kind, detail_template)
    return kind


class CaseEvent(models.Model):
    """One dated, attributed step of a case: its timeline (ไทม์ไลน์)."""

    class Kind:
        OPENED = register_event_kind(
            "opened", _("opened"), detail_template="cases/events/opened.html"
        )
        CHANGED = register_event_kind(
            "changed", _("details changed"), detail_template="cases/events/changed.html"
        )
        ASSIGNED = register_event_kind(
            "assigned", _("assigned"), detail_template="cases/events/assigned.html"
        )
        TRANSITION = register_event_kind(
            "transition", _("moved on"), detail_template="cases/events/transition.html"
        )
        NOTE = register_event_kind("note", _("note"), detail_template="cases/events/note.html")
        PLAN_CHANGED = register_event_kind(
            "plan_changed", _("care plan changed"), detail_template="cases/events/plan.html"
        )

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d}"

    @property
    def kind_label(self) -> str:
        return str(EVENT_KINDS.get(self.kind, self.kind))

    @property
    def outcome_label(self) -> str:
        value = (self.data or {}).get("outcome", "")
        return str(Case.Outcome(value).label) if value in Case.Outcome.values else ""

    @property
    def detail_template(self) -> str:
        """The template that says what happened (its kind's, else the generic one)."""
        return EVENT_DETAIL_TEMPLATES.get(self.kind, GENERIC_DETAIL_TEMPLATE)

    @property
    def day(self) -> dt.date:
        """The local date of the event."""
        return timezone.localtime(self.at).date()
