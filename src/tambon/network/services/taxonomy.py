"""Writes of the service-type taxonomy, for national administrators."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core.errors import PermissionDenied, ValidationError
from tambon.network.models import ServiceType
from tambon.network.selectors.taxonomy import is_in_use
from tambon.network.services.partners import full_clean

MSG_FORBIDDEN = gettext_noop("Only national administrators configure the service types.")
MSG_CODE_IN_USE = gettext_noop(
    "The code “%(code)s” is already used by services, so it can no longer change."
)
MSG_CODE_TAKEN = gettext_noop("Another service type already has the code “%(code)s”.")

TERM_FIELDS = ("code", "name_th", "name_en", "position")


@transaction.atomic
def save_service_type(
    *, by: Any, values: Mapping[str, Any], service_type: ServiceType | None = None
) -> ServiceType:
    """Add a service type (`service_type` None) or change one; a used code never changes."""
    if not by.has_perm("network.manage_service_types"):
        raise PermissionDenied(_(MSG_FORBIDDEN))
    values = {k: v for k, v in values.items() if k in TERM_FIELDS}
    if service_type is None:
        service_type = ServiceType()
    elif "code" in values and values["code"] != service_type.code and is_in_use(service_type):
        raise ValidationError(_(MSG_CODE_IN_USE) % {"code": service_type.code}, field="code")
    for name, value in values.items():
        setattr(service_type, name, value.strip() if isinstance(value, str) else value)
    taken = ServiceType.objects.filter(code=service_type.code).exclude(pk=service_type.pk)
    if taken.exists():
        raise ValidationError(_(MSG_CODE_TAKEN) % {"code": service_type.code}, field="code")
    full_clean(service_type)
    service_type.save()
    return service_type


@transaction.atomic
def set_service_type_active(*, by: Any, service_type: ServiceType, active: bool) -> ServiceType:
    """Retire a service type (no longer offered; services keep it) or bring it back."""
    if not by.has_perm("network.manage_service_types"):
        raise PermissionDenied(_(MSG_FORBIDDEN))
    if service_type.active != active:
        service_type.active = active
        service_type.save(update_fields=["active"])
    return service_type
