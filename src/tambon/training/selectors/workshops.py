"""Reads of workshops (กิจกรรม): scoped lists, participant totals, the people one may name."""

from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tambon.accounts import policy
from tambon.accounts.models import AreaAssignment, User
from tambon.training.models import Workshop, WorkshopHeadcount


def area_participants(subdistrict_code: str) -> QuerySet[User]:
    """Active users who work in a sub-district (assigned it or a village of it): the
    participants a facilitator may name."""
    user_ids = AreaAssignment.objects.filter(area_code__startswith=subdistrict_code).values(
        "user_id"
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by(
        "first_name", "last_name", "pk"
    )


def with_participant_totals(qs: QuerySet[Workshop]) -> QuerySet[Workshop]:
    """Annotate `counted` (sum of headcounts), `known` (participants with an account) and
    `reached` (both): subqueries, so the two sums never multiply each other."""
    counted = (
        WorkshopHeadcount.objects.filter(workshop=OuterRef("pk"))
        .values("workshop")
        .annotate(total=Sum("count"))
        .values("total")
    )
    known = (
        User.objects.filter(workshop=OuterRef("pk"))
        .order_by()
        .values("workshop")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return qs.annotate(
        counted=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
        known=Coalesce(Subquery(known, output_field=IntegerField()), Value(0)),
    ).annotate(reached=F("counted") + F("known"))


def _base() -> QuerySet[Workshop]:
    return Workshop.objects.select_related(
        "facilitator__user",
        "subdistrict__district",
        "subdistrict__province",
        "village",
    )


def visible_workshops(user: Any) -> QuerySet[Workshop]:
    """Workshops in the user's area (officers; national admins see all) and their own."""
    prefixes = policy.area_prefixes(user)
    if prefixes is policy.EVERYWHERE:
        return _base()
    in_area = policy.scope_to_user(Workshop.objects.all(), user, area_field="subdistrict")
    own = Q(facilitator__user=user) if getattr(user, "is_authenticated", False) else Q(pk=None)
    return _base().filter(Q(pk__in=in_area.values("pk")) | own)


def workshop_list(
    *,
    user: Any,
    mine: bool = False,
    area_code: str = "",
    search: str = "",
    kind: str = "",
) -> QuerySet[Workshop]:
    """The workshops a user sees, newest first, with their participant totals."""
    qs = visible_workshops(user)
    if mine:
        qs = qs.filter(facilitator__user=user)
    if area_code:
        qs = qs.filter(subdistrict__code__startswith=area_code[:6])
        if len(area_code) == 8:
            qs = qs.filter(village_id=area_code)
    if kind:
        qs = qs.filter(kind=kind)
    text = search.strip()
    if text:
        qs = qs.filter(
            Q(title__icontains=text)
            | Q(topics__icontains=text)
            | Q(facilitator__user__first_name__icontains=text)
            | Q(facilitator__user__last_name__icontains=text)
        )
    return with_participant_totals(qs).order_by("-date", "-pk")


def workshop_detail(*, user: Any, pk: int) -> Workshop | None:
    """One workshop the user may see, with its headcounts and named participants loaded."""
    return (
        with_participant_totals(visible_workshops(user))
        .prefetch_related("headcounts", "participants_known")
        .filter(pk=pk)
        .first()
    )


def headcount_grid(workshop: Workshop) -> dict[tuple[str, str], int]:
    """{(age band, sex): count} of a workshop (prefetched headcounts are used)."""
    return {(h.age_band, h.sex): h.count for h in workshop.headcounts.all()}
