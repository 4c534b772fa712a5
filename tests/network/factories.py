"""Network records of real shape: Thai partner names, real sub-district codes."""

import factory

from tambon.network.models import (
    Partner,
    PartnerArea,
    PartnerContact,
    Sector,
    ServiceArea,
    ServiceType,
    WelfareService,
)
from tambon.registry.models import ProblemType, TargetGroup

SIPHUM = "500101"  # ศรีภูมิ, เมืองเชียงใหม่, เชียงใหม่
PHRA_SING = "500102"  # พระสิงห์, เมืองเชียงใหม่
PHRA_BOROM = "100101"  # พระบรมมหาราชวัง, พระนคร, กรุงเทพมหานคร


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"องค์การบริหารส่วนตำบลศรีภูมิ {n}")
    sector = Sector.LOCAL_GOVERNMENT
    subdistrict_id = SIPHUM
    phone = "053 221 456"

    @factory.post_generation
    def coverage(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        """The areas covered (default: its own sub-district)."""
        for code in extracted or [str(self.subdistrict_id)]:
            PartnerArea.objects.create(partner=self, code=code)

    @factory.post_generation
    def members(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if extracted:
            self.members.set(extracted)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    name = "นางสมศรี ใจงาม"
    position = "นักพัฒนาชุมชน"
    phone = "081-234-5678"


def service_type(code: str = "home_care") -> ServiceType:
    return ServiceType.objects.get(code=code)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WelfareService
        skip_postgeneration_save = True

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"เยี่ยมบ้านดูแลผู้ป่วยติดเตียง {n}")
    service_type = factory.LazyFunction(service_type)
    how_to_request = "แจ้ง อสม. ประจำหมู่บ้าน"
    capacity_per_month = 10

    @factory.post_generation
    def problems(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if extracted:
            self.problem_types.set(ProblemType.objects.filter(code__in=extracted))

    @factory.post_generation
    def groups(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if extracted:
            self.target_groups.set(TargetGroup.objects.filter(code__in=extracted))

    @factory.post_generation
    def areas(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for code in extracted or []:
            ServiceArea.objects.create(service=self, code=code)
