"""Work queues (issue 4, item 6): what is waiting for a user, per role, scoped by the policy.

| queue        | who                    | what                                                     |
| ------------ | ---------------------- | -------------------------------------------------------- |
| `mine`       | admin, officers, vol.  | open cases whose assigned officer or volunteer is me     |
| `intakes`    | admin, officers        | cases in intake in my area                               |
| `requests`   | admin, officers        | public requests for help received, not yet handled there |
| `follow-ups` | admin, officers, vol.  | open follow-ups due before today of cases I see (a       |
|              |                        | volunteer: those assigned to them)                       |
| `referrals`  | admin, officers,       | officers: referrals of the cases they see unanswered     |
|              | partners               | past their deadline, or escalated; partners: referrals   |
|              |                        | to their organisation sent or accepted (not delivered)   |
| `urgency`    | admin, officers        | open cases in my area, critical first, then oldest       |

Every queue starts from `visible_cases(user)` (or, for partners, the organisations they act
for), so a queue never shows or counts a record its page would refuse. List querysets load
what a row shows up front (select_related / prefetch_related / subquery annotations): a page
costs the same number of queries whatever its size. `queue_counts` counts every queue of a
role in at most four queries.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tambon.accounts import policy
from tambon.accounts.roles import Role
from tambon.cases.models import OPEN_STATES, Case, FollowUp, HelpRequest, Referral, State
from tambon.cases.models.referrals import OPEN_REFERRAL_STATES, ReferralState
from tambon.cases.selectors.cases import through_visible_case, visible_cases
from tambon.cases.selectors.queue_counts_cache import kept_counts
from tambon.network.selectors.partners import partners_of
from tambon.registry.models import ProblemType


class Queue(models.TextChoices):
    MY_CASES = "mine", _("My cases")
    NEW_INTAKES = "intakes", _("New intakes")
    HELP_REQUESTS = "requests", _("Requests for help")
    OVERDUE_FOLLOW_UPS = "follow-ups", _("Overdue follow-ups")
    REFERRALS_WAITING = "referrals", _("Referrals waiting")
    BY_URGENCY = "urgency", _("Open cases by urgency")


OFFICER_QUEUES = list(Queue)
VOLUNTEER_QUEUES = [Queue.MY_CASES, Queue.OVERDUE_FOLLOW_UPS]
PARTNER_QUEUES = [Queue.REFERRALS_WAITING]

# What a queue lists: cases, follow-ups, referrals or public requests.
CASES, FOLLOW_UPS, REFERRALS, REQUESTS = "cases", "follow_ups", "referrals", "requests"
KIND = {
    Queue.MY_CASES: CASES,
    Queue.NEW_INTAKES: CASES,
    Queue.BY_URGENCY: CASES,
    Queue.OVERDUE_FOLLOW_UPS: FOLLOW_UPS,
    Queue.REFERRALS_WAITING: REFERRALS,
    Queue.HELP_REQUESTS: REQUESTS,
}


def queues_for(user: Any) -> list[Queue]:
    """The queues of the user's role, in the order of the tabs; none for other roles."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_national_admin or user.role in (Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER):
        return OFFICER_QUEUES
    if user.role == Role.VOLUNTEER:
        return VOLUNTEER_QUEUES
    if user.role == Role.PARTNER:
        return PARTNER_QUEUES
    return []


# --- sorting: whitelisted keys per kind of queue -----------------------------------------

SORT_LABELS: dict[str, str | Promise] = {
    "urgency": _("Most urgent first"),
    "-urgency": _("Least urgent first"),
    "opened": _("Oldest first"),
    "-opened": _("Newest first"),
    "due": _("Due date, earliest first"),
    "-due": _("Due date, latest first"),
}
SORTS = {
    CASES: ["urgency", "-urgency", "opened", "-opened", "due", "-due"],
    FOLLOW_UPS: ["due", "-due", "urgency", "-urgency", "opened", "-opened"],
    REFERRALS: ["due", "-due", "urgency", "-urgency", "opened", "-opened"],
    REQUESTS: ["opened", "-opened"],
}
DEFAULT_SORT = {
    Queue.MY_CASES: "urgency",
    Queue.NEW_INTAKES: "opened",
    Queue.BY_URGENCY: "urgency",
    Queue.OVERDUE_FOLLOW_UPS: "due",
    Queue.REFERRALS_WAITING: "due",
    Queue.HELP_REQUESTS: "opened",
}


def sort_choices(queue: Queue) -> list[tuple[str, str | Promise]]:
    """The sorts a queue allows, its default first."""
    default = DEFAULT_SORT[queue]
    keys = [default, *(key for key in SORTS[KIND[queue]] if key != default)]
    return [(key, SORT_LABELS[key]) for key in keys]


def sort_key(queue: Queue, asked: str) -> str:
    """The sort key asked for if the queue allows it, else the queue's default."""
    return asked if asked in SORTS[KIND[queue]] else DEFAULT_SORT[queue]


def _order(qs: QuerySet[Any], key: str, fields: dict[str, str]) -> QuerySet[Any]:
    """Order by the sort `key`; `fields` maps "opened", "urgency", "due" to this model's paths.

    Ties go to the oldest, then the primary key, so pages never overlap.
    """
    descending = key.startswith("-")
    name = key.lstrip("-")
    if name == "urgency":
        # Case.urgency_rank: 0 for critical … 3 for low, indexed with the opening time.
        rank = F(fields["urgency"])
        return qs.order_by(
            rank.desc() if descending else rank.asc(), F(fields["opened"]).asc(), "pk"
        )
    column = F(fields[name])
    first = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return qs.order_by(first, "-pk" if descending else "pk")


# --- filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    area_code: str = ""  # a province, district, sub-district or village code
    problem_type: ProblemType | None = None
    urgency: str = ""
    sort: str = ""


def _case_area(area_code: str, prefix: str = "") -> Q:
    """Cases (through `prefix`) of an area; a village is where the case's subject lives."""
    if len(area_code) == 8:
        return Q(**{f"{prefix}person__village_id": area_code}) | Q(
            **{f"{prefix}household__village_id": area_code}
        )
    return policy.code_within(f"{prefix}subdistrict__code", area_code)


def _has_problem(problem_type: ProblemType, case_ref: str) -> Exists:
    # Exists, not a join: a join on the many-to-many would repeat a row per matching problem.
    through = Case.problem_types.through
    return Exists(through.objects.filter(case_id=OuterRef(case_ref), problemtype=problem_type))


def _filter_through_case(qs: QuerySet[Any], filters: QueueFilters, prefix: str) -> QuerySet[Any]:
    """Filter rows by their case (`prefix` is "" for cases, "case__" for related rows)."""
    if filters.area_code:
        qs = qs.filter(_case_area(filters.area_code, prefix))
    if filters.problem_type is not None:
        qs = qs.filter(_has_problem(filters.problem_type, f"{prefix}pk" if prefix else "pk"))
    if filters.urgency:
        qs = qs.filter(**{f"{prefix}urgency": filters.urgency})
    return qs


def _filter_requests(qs: QuerySet[HelpRequest], filters: QueueFilters) -> QuerySet[HelpRequest]:
    if len(filters.area_code) == 8:
        qs = qs.filter(village_id=filters.area_code)
    elif filters.area_code:
        qs = qs.filter(policy.code_within("subdistrict__code", filters.area_code))
    if filters.problem_type is not None:
        qs = qs.filter(problem_type=filters.problem_type)
    return qs


# --- membership: one definition, used by the lists and by the counts ----------------------


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _mine(user: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}state__in": OPEN_STATES}) & (
        Q(**{f"{prefix}assigned_officer": user}) | Q(**{f"{prefix}assigned_volunteer": user})
    )


def _intake(prefix: str = "") -> Q:
    return Q(**{f"{prefix}state": State.INTAKE})


def _open(prefix: str = "") -> Q:
    return Q(**{f"{prefix}state__in": OPEN_STATES})


def _overdue(today: dt.date) -> Q:
    return Q(status=FollowUp.Status.OPEN, due_on__lt=today)


def _late_or_escalated(today: dt.date) -> Q:
    """Officers chase referrals unanswered past their deadline and those escalated."""
    return Q(state=ReferralState.SENT, answer_due__lt=today) | Q(
        state__in=OPEN_REFERRAL_STATES, escalated_at__isnull=False
    )


# Follow-ups and referrals carry their case's sub-district: counted without reading cases.
OWN_AREA = "subdistrict"


def _follow_ups_of(user: Any, today: dt.date) -> QuerySet[FollowUp]:
    qs = through_visible_case(FollowUp.objects.filter(_overdue(today)), user, area_field=OWN_AREA)
    if user.role == Role.VOLUNTEER:
        qs = qs.filter(assigned_to=user)
    return qs


def _referrals_of(user: Any, today: dt.date) -> QuerySet[Referral]:
    if getattr(user, "role", "") == Role.PARTNER:
        return Referral.objects.filter(
            state__in=OPEN_REFERRAL_STATES, partner__in=partners_of(user).values("pk")
        )
    late = Referral.objects.filter(_late_or_escalated(today))
    return through_visible_case(late, user, area_field=OWN_AREA)


def _requests_of(user: Any) -> QuerySet[HelpRequest]:
    if not user.is_national_admin and user.role not in (
        Role.PROVINCIAL_OFFICER,
        Role.SUBDISTRICT_OFFICER,
    ):
        return HelpRequest.objects.none()
    qs = HelpRequest.objects.filter(status=HelpRequest.Status.RECEIVED)
    return policy.scope_to_user(qs, user, area_field="subdistrict")


# --- what a row shows, loaded up front -------------------------------------------------------

CASE_ROW = ("person", "household", "subdistrict", "assigned_officer", "assigned_volunteer")
# The district and province of a row's sub-district come in two small queries of their own:
# joined too, they doubled the tables of a queue's query, and PostgreSQL then spent some
# 30 ms planning it for under 2 ms of running it (100,000 cases).
CASE_PLACES = ("subdistrict__district", "subdistrict__province")


def _next_follow_up() -> Subquery:
    """The due date of a case's earliest open follow-up, as a column (no query per row)."""
    due = (
        FollowUp.objects.filter(case=OuterRef("pk"), status=FollowUp.Status.OPEN)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    return Subquery(due, output_field=models.DateField())


def case_rows(qs: QuerySet[Case]) -> QuerySet[Case]:
    return (
        qs.select_related(*CASE_ROW)
        .prefetch_related("problem_types", *CASE_PLACES)
        .annotate(next_follow_up=_next_follow_up())
    )


def follow_up_rows(qs: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    return qs.select_related(*(f"case__{name}" for name in CASE_ROW), "assigned_to")


def referral_rows(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.select_related(
        "case__person",
        "case__household",
        "case__subdistrict",
        "case__assigned_officer",
        "service",
        "partner",
    ).prefetch_related(*(f"case__{name}" for name in CASE_PLACES))


def request_rows(qs: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    return qs.select_related(
        "subdistrict__district", "subdistrict__province", "village", "problem_type"
    )


# The list loaders by kind; the work-queue benchmark swaps them for naive ones.
ROW_LOADERS: dict[str, Callable[[QuerySet[Any]], QuerySet[Any]]] = {
    CASES: case_rows,
    FOLLOW_UPS: follow_up_rows,
    REFERRALS: referral_rows,
    REQUESTS: request_rows,
}


# --- the queues ------------------------------------------------------------------------------


def my_cases(user: Any) -> QuerySet[Case]:
    return visible_cases(user).filter(_mine(user))


def new_intakes(user: Any) -> QuerySet[Case]:
    if Queue.NEW_INTAKES not in queues_for(user):
        return Case.objects.none()
    return visible_cases(user).filter(_intake())


def new_help_requests(user: Any) -> QuerySet[HelpRequest]:
    return _requests_of(user)


def overdue_follow_ups(user: Any, *, today: dt.date | None = None) -> QuerySet[FollowUp]:
    if Queue.OVERDUE_FOLLOW_UPS not in queues_for(user):
        return FollowUp.objects.none()
    return _follow_ups_of(user, _today(today))


def referrals_waiting(user: Any, *, today: dt.date | None = None) -> QuerySet[Referral]:
    if Queue.REFERRALS_WAITING not in queues_for(user):
        return Referral.objects.none()
    return _referrals_of(user, _today(today))


def by_urgency(user: Any) -> QuerySet[Case]:
    if Queue.BY_URGENCY not in queues_for(user):
        return Case.objects.none()
    return visible_cases(user).filter(_open())


def _members(user: Any, queue: Queue, today: dt.date) -> QuerySet[Any]:
    match queue:
        case Queue.MY_CASES:
            return my_cases(user)
        case Queue.NEW_INTAKES:
            return new_intakes(user)
        case Queue.HELP_REQUESTS:
            return new_help_requests(user)
        case Queue.OVERDUE_FOLLOW_UPS:
            return overdue_follow_ups(user, today=today)
        case Queue.REFERRALS_WAITING:
            return referrals_waiting(user, today=today)
        case Queue.BY_URGENCY:
            return by_urgency(user)
    raise ValueError(queue)


SORT_FIELDS = {
    CASES: {"opened": "opened_at", "urgency": "urgency_rank", "due": "next_follow_up"},
    FOLLOW_UPS: {"opened": "case__opened_at", "urgency": "case__urgency_rank", "due": "due_on"},
    REFERRALS: {"opened": "sent_at", "urgency": "case__urgency_rank", "due": "answer_due"},
    REQUESTS: {"opened": "created_at"},
}


def queue_items(
    *, user: Any, queue: Queue, filters: QueueFilters, today: dt.date | None = None
) -> QuerySet[Any]:
    """One queue of the user, filtered and sorted (a whitelisted key), ready for a list page."""
    if queue not in queues_for(user):
        return Case.objects.none()
    kind = KIND[queue]
    qs = _members(user, queue, _today(today))
    if kind == REQUESTS:
        qs = _filter_requests(qs, filters)
    else:
        qs = _filter_through_case(qs, filters, "" if kind == CASES else "case__")
    qs = ROW_LOADERS[kind](qs)
    return _order(qs, sort_key(queue, filters.sort), SORT_FIELDS[kind])


# --- counts for the home page and the tabs ---------------------------------------------------


@dataclass(frozen=True)
class QueueCount:
    queue: Queue
    count: int

    @property
    def label(self) -> str:
        return str(self.queue.label)

    @property
    def icon(self) -> str:
        return ICONS[self.queue]


ICONS = {
    Queue.MY_CASES: "bi-person-workspace",
    Queue.NEW_INTAKES: "bi-inbox",
    Queue.HELP_REQUESTS: "bi-megaphone",
    Queue.OVERDUE_FOLLOW_UPS: "bi-alarm",
    Queue.REFERRALS_WAITING: "bi-send-exclamation",
    Queue.BY_URGENCY: "bi-exclamation-octagon",
}


def queue_counts(user: Any, *, today: dt.date | None = None) -> list[QueueCount]:
    """How many items wait in each of the user's queues (kept in the cache until a change:
    selectors/queue_counts_cache.py)."""
    queues = queues_for(user)
    if not queues:
        return []
    day = _today(today)
    return kept_counts(user, day, lambda: _count(user, queues, day))


def _count(user: Any, queues: list[Queue], day: dt.date) -> list[QueueCount]:
    """The three case queues in one query, then one query per other queue (four at most)."""
    counts: dict[Queue, int] = {}
    conditions = {
        Queue.MY_CASES: _mine(user),
        Queue.NEW_INTAKES: _intake(),
        Queue.BY_URGENCY: _open(),
    }
    wanted = {q: c for q, c in conditions.items() if q in queues}
    if wanted:
        totals = visible_cases(user).aggregate(
            **{q.name: Count("pk", filter=c) for q, c in wanted.items()}
        )
        counts.update({q: totals[q.name] or 0 for q in wanted})
    if Queue.HELP_REQUESTS in queues:
        counts[Queue.HELP_REQUESTS] = _requests_of(user).count()
    if Queue.OVERDUE_FOLLOW_UPS in queues:
        counts[Queue.OVERDUE_FOLLOW_UPS] = _follow_ups_of(user, day).count()
    if Queue.REFERRALS_WAITING in queues:
        counts[Queue.REFERRALS_WAITING] = _referrals_of(user, day).count()
    return [QueueCount(queue=q, count=counts[q]) for q in queues]
