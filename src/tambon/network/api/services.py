"""The welfare services API (/api/v1/network/services/): the directory and its writes.

The list is the service directory (every reader of the directory sees the same entries); a
service the caller may not see answers 404; a write the caller may not make answers 403; an
update against a stale `version` answers 409.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from tambon.accounts.requests import signed_in_user
from tambon.api.errors import ErrorOut
from tambon.api.pagination import Pagination
from tambon.core.errors import NotFound, PermissionDenied, ValidationError
from tambon.network.api.schemas import (
    ServiceCreateIn,
    ServiceFilters,
    ServiceIn,
    ServiceOut,
    ServiceUpdateIn,
)
from tambon.network.models import ServiceType, WelfareService
from tambon.network.selectors.partners import partner_detail
from tambon.network.selectors.services import service_detail, services_for
from tambon.network.services.welfare import (
    ServiceData,
    create_service,
    set_service_active,
    update_service,
)
from tambon.registry.models import ProblemType, TargetGroup

router = Router(tags=["network"])

READ = {404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
MSG_UNKNOWN_CODES = gettext_noop("Unknown codes: %(codes)s.")
MSG_UNKNOWN_TYPE = gettext_noop("No service type has the code %(code)s.")


def service_out(service: WelfareService) -> dict[str, Any]:
    return {
        "id": service.pk,
        "version": service.version,
        "partner_id": service.partner_id,
        "partner_name": service.partner.name,
        "name": service.name,
        "description": service.description,
        "service_type": service.service_type.code,
        "target_groups": [g.code for g in service.target_groups.all()],
        "problem_types": [p.code for p in service.problem_types.all()],
        "min_age": service.min_age,
        "max_age": service.max_age,
        "capacity_per_month": service.capacity_per_month,
        "how_to_request": service.how_to_request,
        "area_codes": service.effective_area_codes,
        "active": service.active,
        "created_at": service.created_at,
        "updated_at": service.updated_at,
    }


class _Listed(ServiceOut):
    @staticmethod
    def resolve_partner_name(obj: WelfareService) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_service_type(obj: WelfareService) -> str:
        return obj.service_type.code

    @staticmethod
    def resolve_target_groups(obj: WelfareService) -> list[str]:
        return [g.code for g in obj.target_groups.all()]

    @staticmethod
    def resolve_problem_types(obj: WelfareService) -> list[str]:
        return [p.code for p in obj.problem_types.all()]

    @staticmethod
    def resolve_area_codes(obj: WelfareService) -> list[str]:
        return obj.effective_area_codes


@router.get("/", response=list[_Listed], summary="Search the service directory")
@paginate(Pagination)
def list_services(request: HttpRequest, filters: Query[ServiceFilters]) -> QuerySet:
    """Active services of active partners serving an area, by need, target group, type, age
    and name."""
    return services_for(
        user=signed_in_user(request),
        subdistrict_code=filters.area,
        problem_type=filters.problem_type,
        target_group=filters.target_group,
        service_type=filters.service_type,
        age=filters.age,
        q=filters.q,
    )


def _visible(request: HttpRequest, service_id: int) -> WelfareService:
    user = signed_in_user(request)
    service = service_detail(user=user, pk=service_id)
    if service is None or not user.has_perm("network.view_service", service):
        raise NotFound()
    return service


@router.get("/{service_id}", response={200: ServiceOut, **READ}, summary="Get a service")
def get_service(request: HttpRequest, service_id: int) -> ServiceOut:
    """A service the caller may see."""
    return ServiceOut(**service_out(_visible(request, service_id)))


def _terms(model: type[ProblemType | TargetGroup], codes: list[str], field: str) -> list[Any]:
    found = list(model.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {t.code for t in found})
    if unknown:
        raise ValidationError(_(MSG_UNKNOWN_CODES) % {"codes": ", ".join(unknown)}, field=field)
    return found


def _data(payload: ServiceIn) -> ServiceData:
    service_type = ServiceType.objects.filter(code=payload.service_type).first()
    if service_type is None:
        raise ValidationError(
            _(MSG_UNKNOWN_TYPE) % {"code": payload.service_type}, field="service_type"
        )
    return ServiceData(
        name=payload.name,
        service_type=service_type,
        description=payload.description,
        target_groups=_terms(TargetGroup, payload.target_groups, "target_groups"),
        problem_types=_terms(ProblemType, payload.problem_types, "problem_types"),
        min_age=payload.min_age,
        max_age=payload.max_age,
        capacity_per_month=payload.capacity_per_month,
        how_to_request=payload.how_to_request,
        area_codes=payload.area_codes,
    )


@router.post("/", response={201: ServiceOut, **WRITE}, summary="Create a service")
def create(request: HttpRequest, payload: ServiceCreateIn) -> Status[ServiceOut]:
    """Add a service to a partner the caller may change (its officers and members)."""
    user = signed_in_user(request)
    partner = partner_detail(user=user, pk=payload.partner_id)
    if partner is None:
        raise NotFound()
    if not user.has_perm("network.change_partner", partner):
        raise PermissionDenied()
    service = create_service(by=user, partner=partner, data=_data(payload))
    return Status(201, ServiceOut(**service_out(_visible(request, service.pk))))


@router.put("/{service_id}", response={200: ServiceOut, **WRITE}, summary="Update a service")
def update(request: HttpRequest, service_id: int, payload: ServiceUpdateIn) -> ServiceOut:
    """Replace a service's fields; send the `version` you read (409 if someone saved since)."""
    service = _visible(request, service_id)
    update_service(
        by=signed_in_user(request),
        service=service,
        expected_version=payload.version,
        data=_data(payload),
    )
    return ServiceOut(**service_out(_visible(request, service.pk)))


class ActiveIn(Schema):
    active: bool
    version: int


@router.post(
    "/{service_id}/active", response={200: ServiceOut, **WRITE}, summary="Activate or deactivate"
)
def set_active(request: HttpRequest, service_id: int, payload: ActiveIn) -> ServiceOut:
    """Take a service out of the directory (`active: false`) or bring it back."""
    service = _visible(request, service_id)
    set_service_active(
        by=signed_in_user(request),
        service=service,
        active=payload.active,
        expected_version=payload.version,
    )
    return ServiceOut(**service_out(_visible(request, service.pk)))
