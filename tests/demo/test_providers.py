import geothai
import pytest
from django.core.management import call_command

from tambon.demo.registry import DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx() -> DemoContext:
    return DemoContext.create(scale="small", seed=1)


def test_an_address_has_the_real_postal_code_of_its_subdistrict(ctx: DemoContext) -> None:
    for _ in range(50):
        address = ctx.area_provider.thai_address()
        subdistrict = geothai.subdistrict(address.subdistrict_code)
        assert subdistrict is not None
        assert address.postal_code in subdistrict.postal_codes
        assert address.subdistrict == subdistrict.name_th


def test_an_address_lies_inside_the_demo_area(ctx: DemoContext) -> None:
    for _ in range(50):
        assert ctx.area_provider.thai_address().subdistrict_code in ctx.subdistrict_codes
        assert ctx.area_provider.subdistrict_code() in ctx.subdistrict_codes


def test_an_address_names_its_district_and_province(ctx: DemoContext) -> None:
    address = ctx.area_provider.thai_address(subdistrict_code="500101")
    assert (address.district, address.province, address.postal_code) == (
        "เมืองเชียงใหม่",
        "เชียงใหม่",
        "50200",
    )
    assert str(address).endswith("ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200")


def test_an_address_uses_a_village_of_its_subdistrict_once_villages_exist(
    ctx: DemoContext,
) -> None:
    call_command("demo", scale="small", seed=1, only=["geo.villages"], stdout=None)
    ctx.area_provider.thai_area_reload()
    address = ctx.area_provider.thai_address()
    assert address.village_code.startswith(address.subdistrict_code)
    assert address.village_name.startswith("บ้าน")
    assert f"หมู่ที่ {address.village_number} {address.village_name}" in str(address)


def test_the_same_seed_gives_the_same_addresses() -> None:
    first = DemoContext.create(scale="small", seed=7)
    second = DemoContext.create(scale="small", seed=7)
    first.reseed("test")
    second.reseed("test")
    assert [first.area_provider.thai_address() for _ in range(5)] == [
        second.area_provider.thai_address() for _ in range(5)
    ]


def test_faker_offers_the_thai_address(ctx: DemoContext) -> None:
    assert ctx.fake.thai_address().subdistrict_code in ctx.subdistrict_codes
