"""Reads of welfare services: the directory (also used by the cases app to refer people) and
one service as a user may see it."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from tambon.accounts.policy import area_prefixes
from tambon.network.models import PartnerArea, ServiceArea, ServiceType, WelfareService
from tambon.network.selectors.areas import overlap_condition, serving_condition
from tambon.network.selectors.partners import OFFICER_ROLES, visible_partners
from tambon.registry.models import ProblemType, TargetGroup


def _code(value: Any) -> str:
    return str(getattr(value, "code", value) or "")


def serving(qs: QuerySet[WelfareService], area_code: str) -> QuerySet[WelfareService]:
    """Services that serve the area `area_code`: by their own areas, or (having none) by their
    partner's coverage."""
    own = ServiceArea.objects.filter(service=OuterRef("pk"))
    partner_covers = PartnerArea.objects.filter(
        serving_condition(area_code), partner=OuterRef("partner_id")
    )
    return qs.filter(
        Exists(own.filter(serving_condition(area_code))) | (~Exists(own) & Exists(partner_covers))
    )


def with_directory_data(qs: QuerySet[WelfareService]) -> QuerySet[WelfareService]:
    """Load what a directory entry shows, in a fixed number of queries for any page size."""
    return qs.select_related(
        "service_type", "partner__subdistrict__district", "partner__subdistrict__province"
    ).prefetch_related(
        "target_groups",
        "problem_types",
        Prefetch("areas", queryset=ServiceArea.objects.order_by("code")),
        Prefetch("partner__areas", queryset=PartnerArea.objects.order_by("code")),
    )


def services_for(
    *,
    user: Any,
    subdistrict_code: str | None = None,
    problem_type: ProblemType | str | None = None,
    target_group: TargetGroup | str | None = None,
    q: str | None = None,
    service_type: ServiceType | str | None = None,
    age: int | None = None,
) -> QuerySet[WelfareService]:
    """Active services of active partners that serve a place, by need, target group and text.

    `subdistrict_code` is any area code (a village code counts as its sub-district); the
    problem type, target group and service type are instances or codes; `q` searches the
    service's and the partner's names; `age` keeps services whose age range includes it. The
    directory is the same for every user who may read it (network.view_directory); anyone
    else gets nothing.
    """
    if not user.has_perm("network.view_directory"):
        return WelfareService.objects.none()
    qs = WelfareService.objects.filter(active=True, partner__active=True)
    if subdistrict_code:
        qs = serving(qs, subdistrict_code)
    if problem_type:
        problems = WelfareService.problem_types.through
        qs = qs.filter(
            Exists(
                problems.objects.filter(
                    welfareservice_id=OuterRef("pk"), problemtype__code=_code(problem_type)
                )
            )
        )
    if target_group:
        groups = WelfareService.target_groups.through
        qs = qs.filter(
            Exists(
                groups.objects.filter(
                    welfareservice_id=OuterRef("pk"), targetgroup__code=_code(target_group)
                )
            )
        )
    if service_type:
        qs = qs.filter(service_type__code=_code(service_type))
    if age is not None:
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=age))
        qs = qs.filter(Q(max_age__isnull=True) | Q(max_age__gte=age))
    text = (q or "").strip()
    if text:
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(partner__name__icontains=text)
            | Q(partner__name_en__icontains=text)
        )
    return with_directory_data(qs).order_by("name", "pk")


def visible_services(user: Any) -> QuerySet[WelfareService]:
    """Every service whose page a user may open (network.view_service as a queryset)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return WelfareService.objects.none()
    if user.is_national_admin:
        return WelfareService.objects.all()
    condition: Any = Q(partner__in=visible_partners(user).values("pk"))
    prefixes = area_prefixes(user) or []
    if prefixes and user.role in OFFICER_ROLES:
        condition |= Exists(
            ServiceArea.objects.filter(overlap_condition(prefixes), service=OuterRef("pk"))
        )
    if user.has_perm("network.view_directory"):
        condition |= Q(active=True, partner__active=True)
    return WelfareService.objects.filter(condition)


def service_detail(*, user: Any, pk: int) -> WelfareService | None:
    """One service the user may see, with its partner and taxonomy loaded."""
    return with_directory_data(visible_services(user)).filter(pk=pk).first()


def active_service_types() -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(active=True).order_by("position", "code")


def service_type_choices_with(current: ServiceType | None) -> QuerySet[ServiceType]:
    """The types in use, plus the one a service already has (even if retired since)."""
    condition = Q(active=True)
    if current is not None:
        condition |= Q(pk=current.pk)
    return ServiceType.objects.filter(condition).order_by("position", "code")
