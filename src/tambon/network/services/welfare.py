"""Writes of welfare services: create one for a partner, change it, take it out of the
directory or bring it back."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core.errors import PermissionDenied, ValidationError
from tambon.network.models import Partner, ServiceArea, ServiceType, WelfareService
from tambon.network.services.areas import clean_codes
from tambon.network.services.partners import full_clean
from tambon.registry.models import ProblemType, TargetGroup

MSG_NOT_ALLOWED = gettext_noop("You may not change the services of this partner.")
MSG_NAME_REQUIRED = gettext_noop("Give the service's name.")
MSG_TYPE_REQUIRED = gettext_noop("Choose the type of service.")
MSG_TYPE_RETIRED = gettext_noop("The service type “%(name)s” is retired: choose another one.")
MSG_AGE_RANGE = gettext_noop("The age range is reversed: “from age” is above “to age”.")
MSG_INACTIVE_PARTNER = gettext_noop(
    "This partner is inactive: make it active again before adding services."
)

SERVICE_FIELDS = [
    "name",
    "description",
    "service_type",
    "min_age",
    "max_age",
    "capacity_per_month",
    "how_to_request",
]


@dataclass
class ServiceData:
    """What a user types about a service; no `area_codes` means the partner's coverage."""

    name: str
    service_type: ServiceType | None
    description: str = ""
    target_groups: list[TargetGroup] = field(default_factory=list)
    problem_types: list[ProblemType] = field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None
    capacity_per_month: int | None = None
    how_to_request: str = ""
    area_codes: list[str] = field(default_factory=list)


def _apply(service: WelfareService, data: ServiceData) -> list[str]:
    if not data.name.strip():
        raise ValidationError(_(MSG_NAME_REQUIRED), field="name")
    if data.service_type is None:
        raise ValidationError(_(MSG_TYPE_REQUIRED), field="service_type")
    if not data.service_type.active and data.service_type.pk != service.service_type_id:
        raise ValidationError(
            _(MSG_TYPE_RETIRED) % {"name": data.service_type.name}, field="service_type"
        )
    lo, hi = data.min_age, data.max_age
    if lo is not None and hi is not None and lo > hi:
        raise ValidationError(_(MSG_AGE_RANGE), field="max_age")
    service.name = " ".join(data.name.split())
    service.description = data.description.strip()
    service.service_type = data.service_type
    service.min_age, service.max_age = lo, hi
    service.capacity_per_month = data.capacity_per_month
    service.how_to_request = data.how_to_request.strip()
    full_clean(service, exclude=["partner"])
    return clean_codes(data.area_codes, field="area_codes")


def _set_relations(service: WelfareService, data: ServiceData, codes: Iterable[str]) -> None:
    service.target_groups.set(data.target_groups)
    service.problem_types.set(data.problem_types)
    wanted = set(codes)
    current = {a.code: a for a in ServiceArea.objects.filter(service=service)}
    for code, area in current.items():
        if code not in wanted:
            area.delete()
    for code in sorted(wanted - set(current)):
        ServiceArea.objects.create(service=service, code=code)


@transaction.atomic
def create_service(*, by: Any, partner: Partner, data: ServiceData) -> WelfareService:
    """Add a welfare service to a partner (its officers, its members, national admins)."""
    if not by.has_perm("network.change_partner", partner):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    if not partner.active:
        raise ValidationError(_(MSG_INACTIVE_PARTNER))
    service = WelfareService(partner=partner, created_by=by, updated_by=by)
    codes = _apply(service, data)
    service.save()
    _set_relations(service, data, codes)
    return service


@transaction.atomic
def update_service(
    *, by: Any, service: WelfareService, expected_version: int, data: ServiceData
) -> WelfareService:
    """Change a service; raises Conflict if someone saved it since `expected_version`."""
    if not by.has_perm("network.change_service", service):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    codes = _apply(service, data)
    service.save_versioned(expected_version=expected_version, by=by, update_fields=SERVICE_FIELDS)
    _set_relations(service, data, codes)
    return service


@transaction.atomic
def set_service_active(
    *, by: Any, service: WelfareService, active: bool, expected_version: int | None = None
) -> WelfareService:
    """Take a service out of the directory (deactivate) or bring it back."""
    if not by.has_perm("network.change_service", service):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    if service.active != active:
        service.active = active
        service.save_versioned(
            expected_version=service.version if expected_version is None else expected_version,
            by=by,
            update_fields=["active"],
        )
    return service
