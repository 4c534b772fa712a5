"""Reads of field work: a case's visits, assistance (with totals by source) and follow-ups, the
field-work section of a case's page, and a user's "My visits".

The case itself is always found through `cases.selectors.cases.visible_cases` (the policy as
a query) first; these read the rows of a case the caller already may see.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from tambon.cases.models import OPEN_STATES, Assistance, Case, FollowUp, HomeVisit
from tambon.cases.selectors.cases import visible_cases

# How many rows of each kind the case page shows (the rest are on the part's own pages).
SECTION_VISITS = 5
SECTION_DONE_FOLLOW_UPS = 3
CENT = Decimal("0.01")


def visits_of(case: Case) -> QuerySet[HomeVisit]:
    """The case's visits, newest first, with their visitor."""
    return (
        HomeVisit.objects.filter(case=case).select_related("visitor").order_by("-visited_on", "-pk")
    )


def visit_of(case: Case, pk: int) -> HomeVisit | None:
    return HomeVisit.objects.filter(case=case, pk=pk).select_related("case", "visitor").first()


def assistance_of(case: Case) -> QuerySet[Assistance]:
    """What the case was given, newest first, with the giving partner."""
    return (
        Assistance.objects.filter(case=case)
        .select_related("partner", "created_by")
        .order_by("-given_on", "-pk")
    )


@dataclass(frozen=True)
class SourceTotal:
    source: str
    label: str
    amount: Decimal
    count: int


def assistance_totals(case: Case) -> list[SourceTotal]:
    """The amounts given, summed by source in the database (one query), in the sources' order."""
    rows = {
        row["source"]: row
        for row in Assistance.objects.filter(case=case)
        .order_by()
        .values("source")
        .annotate(amount=Sum("amount"), count=Count("pk"))
    }
    return [
        SourceTotal(
            source=value,
            label=str(label),
            amount=(rows[value]["amount"] or Decimal("0")).quantize(CENT),
            count=rows[value]["count"],
        )
        for value, label in Assistance.Source.choices
        if value in rows
    ]


def follow_ups_of(case: Case) -> QuerySet[FollowUp]:
    """The case's follow-ups: open ones first by due date, then the rest newest first."""
    return FollowUp.objects.filter(case=case).select_related("assigned_to", "done_by", "visit")


def follow_up_of(case: Case, pk: int) -> FollowUp | None:
    return (
        FollowUp.objects.filter(case=case, pk=pk)
        .select_related("case", "assigned_to", "done_by")
        .first()
    )


@dataclass
class Fieldwork:
    """What the field-work section of a case's page shows."""

    visits: list[HomeVisit] = field(default_factory=list)
    visit_count: int = 0
    last_visit_on: dt.date | None = None
    totals: list[SourceTotal] = field(default_factory=list)
    total_amount: Decimal = Decimal("0")
    assistance_count: int = 0
    open_follow_ups: list[FollowUp] = field(default_factory=list)
    done_follow_ups: list[FollowUp] = field(default_factory=list)
    today: dt.date = field(default_factory=timezone.localdate)


def fieldwork_of(case: Case) -> Fieldwork:
    """The case page's section: a fixed number of queries, however many visits there are."""
    visits = visits_of(case)
    summary = visits.order_by().aggregate(n=Count("pk"), last=Max("visited_on"))
    totals = assistance_totals(case)
    follow_ups = follow_ups_of(case)
    return Fieldwork(
        visits=list(visits[:SECTION_VISITS]),
        visit_count=summary["n"],
        last_visit_on=summary["last"],
        totals=totals,
        total_amount=sum((t.amount for t in totals), Decimal("0")),
        assistance_count=sum(t.count for t in totals),
        open_follow_ups=list(
            follow_ups.filter(status=FollowUp.Status.OPEN).order_by("due_on", "pk")
        ),
        done_follow_ups=list(
            follow_ups.exclude(status=FollowUp.Status.OPEN).order_by("-done_at", "-pk")[
                :SECTION_DONE_FOLLOW_UPS
            ]
        ),
    )


def my_visits(user: Any) -> QuerySet[Case]:
    """The open cases assigned to the user (as volunteer or officer) that they may see, each
    with `last_visit_on` and `next_follow_up_on` (the user's or unassigned open follow-ups);
    the most overdue follow-up first, then the cases not visited for longest."""
    next_due = (
        FollowUp.objects.filter(
            Q(assigned_to=user) | Q(assigned_to__isnull=True),
            case=OuterRef("pk"),
            status=FollowUp.Status.OPEN,
        )
        .order_by()
        .values("case")
        .annotate(first=Min("due_on"))
        .values("first")
    )
    last_visit = (
        HomeVisit.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(last=Max("visited_on"))
        .values("last")
    )
    return (
        visible_cases(user)
        .filter(Q(assigned_volunteer=user) | Q(assigned_officer=user), state__in=OPEN_STATES)
        .annotate(last_visit_on=Subquery(last_visit), next_follow_up_on=Subquery(next_due))
        .select_related("person", "household", "subdistrict")
        .order_by(
            F("next_follow_up_on").asc(nulls_last=True),
            F("last_visit_on").asc(nulls_first=True),
            "pk",
        )
    )
