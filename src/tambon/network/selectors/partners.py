"""Reads of partners: what a user sees (policy.py as querysets), lists, one partner."""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from tambon.accounts.policy import area_prefixes, scope_to_user
from tambon.accounts.roles import Role
from tambon.network.models import Partner, PartnerArea, PartnerContact, WelfareService
from tambon.network.selectors.areas import overlap_condition, serving_condition

OFFICER_ROLES = (Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER)


def _active_role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(user.role)


def partners_of(user: Any) -> QuerySet[Partner]:
    """The partners a user acts for (is a member of, with the role “network partner”)."""
    if _active_role(user) != Role.PARTNER:
        return Partner.objects.none()
    return Partner.objects.filter(members=user).order_by("name", "pk")


def visible_partners(user: Any) -> QuerySet[Partner]:
    """Every partner whose page a user may open (see network.policy)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Partner.objects.none()
    if user.is_national_admin:
        return Partner.objects.all()
    role = _active_role(user)
    if role == Role.PARTNER:
        return Partner.objects.filter(
            Exists(
                Partner.members.through.objects.filter(partner_id=OuterRef("pk"), user_id=user.pk)
            )
        )
    if role not in OFFICER_ROLES:
        return Partner.objects.none()
    prefixes = area_prefixes(user) or []
    if not prefixes:
        return Partner.objects.none()
    located = scope_to_user(Partner.objects.all(), user).values("pk")
    covering = Exists(
        PartnerArea.objects.filter(overlap_condition(prefixes), partner=OuterRef("pk"))
    )
    return Partner.objects.filter(Q(pk__in=located) | covering)


@dataclass(frozen=True)
class PartnerFilters:
    q: str = ""
    sector: str = ""
    area_code: str = ""
    active: bool | None = None


def with_service_count(qs: QuerySet[Partner]) -> QuerySet[Partner]:
    """Annotate `service_count` (active services) as a subquery: no query per row."""
    services = (
        WelfareService.objects.filter(partner=OuterRef("pk"), active=True)
        .order_by()
        .values("partner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        service_count=Coalesce(Subquery(services, output_field=IntegerField()), Value(0))
    )


def partner_list(*, user: Any, filters: PartnerFilters) -> QuerySet[Partner]:
    """The partners a user sees, filtered by name, sector and area, with their counts."""
    qs = visible_partners(user)
    text = filters.q.strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(name_en__icontains=text))
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.area_code:
        code = filters.area_code[:6]
        located = Q(subdistrict__code__startswith=code)
        qs = qs.filter(
            located
            | Exists(PartnerArea.objects.filter(serving_condition(code), partner=OuterRef("pk")))
        )
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    qs = qs.select_related("subdistrict__district", "subdistrict__province").prefetch_related(
        Prefetch("areas", queryset=PartnerArea.objects.order_by("code"))
    )
    return with_service_count(qs).order_by("-active", "name", "pk")


def partner_detail(*, user: Any, pk: int) -> Partner | None:
    """One partner the user may see, with its place, areas, contacts and members loaded."""
    return (
        visible_partners(user)
        .select_related("subdistrict__district", "subdistrict__province")
        .prefetch_related(
            Prefetch("areas", queryset=PartnerArea.objects.order_by("code")),
            Prefetch("contacts", queryset=PartnerContact.objects.order_by("name", "pk")),
            "members",
        )
        .filter(pk=pk)
        .first()
    )


def partner_services(partner: Partner) -> QuerySet[WelfareService]:
    """Every service of a partner (inactive ones last) with what a list shows."""
    return (
        WelfareService.objects.filter(partner=partner)
        .select_related("service_type")
        .prefetch_related("target_groups", "problem_types", "areas")
        .order_by("-active", "name", "pk")
    )


def partner_contact(*, partner: Partner, pk: int) -> PartnerContact | None:
    return PartnerContact.objects.filter(partner=partner, pk=pk).first()
