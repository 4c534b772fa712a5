"""Reads of the service-type taxonomy for its admin pages."""

from django.db.models import Exists, OuterRef, QuerySet

from tambon.network.models import ServiceType, WelfareService


def service_types() -> QuerySet[ServiceType]:
    """Every service type (retired ones last), annotated `in_use`."""
    used = Exists(WelfareService.objects.filter(service_type=OuterRef("pk")))
    return ServiceType.objects.annotate(in_use=used).order_by("-active", "position", "code")


def is_in_use(service_type: ServiceType) -> bool:
    return WelfareService.objects.filter(service_type=service_type).exists()
