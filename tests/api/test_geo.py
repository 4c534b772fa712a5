from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tambon.accounts.models import User
from tambon.geo.services import import_villages
from tests.api.conftest import TokenFor, bearer

pytestmark = pytest.mark.django_db

GEO = "/api/v1/geo"


@pytest.fixture
def api(client: Client, bkk_officer: User, token_for: TokenFor) -> Client:
    """A client whose every request carries the token of an officer far from Chiang Mai."""
    client.defaults["HTTP_AUTHORIZATION"] = bearer(token_for(bkk_officer))["Authorization"]
    return client


def test_it_lists_all_77_provinces(api: Client) -> None:
    body = api.get(f"{GEO}/provinces").json()

    assert body["count"] == 77
    assert len(body["items"]) == 77
    assert body["items"][0] == {"code": "10", "name_th": "กรุงเทพมหานคร", "name_en": "Bangkok"}


def test_it_searches_provinces_ignoring_the_prefix(api: Client) -> None:
    body = api.get(f"{GEO}/provinces", {"q": "จ.เชียงใหม่"}).json()

    assert [p["code"] for p in body["items"]] == ["50"]


def test_it_gets_one_province(api: Client) -> None:
    body = api.get(f"{GEO}/provinces/50").json()

    assert body == {"code": "50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai"}


def test_the_districts_of_chiang_mai_include_mueang_chiang_mai(api: Client) -> None:
    body = api.get(f"{GEO}/districts", {"province": "50"}).json()

    assert {
        "code": "5001",
        "name_th": "เมืองเชียงใหม่",
        "name_en": "Mueang Chiang Mai",
        "province_code": "50",
    } in body["items"]
    assert all(d["province_code"] == "50" for d in body["items"])


def test_it_searches_districts_ignoring_the_prefix(api: Client) -> None:
    body = api.get(f"{GEO}/districts", {"province": "50", "q": "อ.เมือง"}).json()

    assert [d["code"] for d in body["items"]] == ["5001"]


def test_a_subdistrict_search_with_the_prefix_finds_si_phum(api: Client) -> None:
    body = api.get(f"{GEO}/subdistricts", {"q": "ต.ศรีภูมิ"}).json()

    si_phum = next(s for s in body["items"] if s["code"] == "500101")
    assert si_phum == {
        "code": "500101",
        "name_th": "ศรีภูมิ",
        "name_en": "Si Phum",
        "district_code": "5001",
        "province_code": "50",
        "postal_codes": ["50200"],
    }


def test_a_subdistrict_search_by_postal_code_is_narrowed_by_district(api: Client) -> None:
    body = api.get(f"{GEO}/subdistricts", {"q": "50200", "district": "5001"}).json()

    assert "500101" in [s["code"] for s in body["items"]]
    assert all(s["district_code"] == "5001" for s in body["items"])


def test_the_subdistricts_of_a_district_are_listed_by_code(api: Client) -> None:
    body = api.get(f"{GEO}/subdistricts", {"district": "5001"}).json()

    codes = [s["code"] for s in body["items"]]
    assert codes[0] == "500101"
    assert codes == sorted(codes)
    assert body["count"] == len(codes)


def test_a_subdistrict_comes_with_its_district_and_province(api: Client) -> None:
    body = api.get(f"{GEO}/subdistricts/500101").json()

    assert body["postal_codes"] == ["50200"]
    assert body["district"] == {
        "code": "5001",
        "name_th": "เมืองเชียงใหม่",
        "name_en": "Mueang Chiang Mai",
    }
    assert body["province"] == {"code": "50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai"}


def test_limit_and_offset_page_through_a_list(api: Client) -> None:
    everything = api.get(f"{GEO}/provinces").json()["items"]

    page = api.get(f"{GEO}/provinces", {"limit": 10, "offset": 70}).json()

    assert page["count"] == 77
    assert page["items"] == everything[70:77]


def test_the_default_page_holds_100_items(api: Client) -> None:
    body = api.get(f"{GEO}/districts").json()

    assert body["count"] == 928
    assert len(body["items"]) == 100


def test_a_limit_above_1000_is_refused(api: Client) -> None:
    response = api.get(f"{GEO}/subdistricts", {"limit": 1001})

    assert response.status_code == 422
    assert response.json()["field"] == "limit"


def test_a_limit_of_1000_is_served(api: Client) -> None:
    body = api.get(f"{GEO}/subdistricts", {"limit": 1000}).json()

    assert body["count"] == 7436
    assert len(body["items"]) == 1000


@pytest.fixture
def si_phum_villages(db) -> None:  # type: ignore[no-untyped-def]
    csv = (
        "subdistrict_code,village_no,name_th,name_en\n"
        "500101,1,บ้านศรีภูมิ,Ban Si Phum\n"
        "500101,2,บ้านเชียงมั่น,Ban Chiang Man\n"
    )
    result = import_villages(data=csv.encode(), by=None)
    assert not result.errors


@pytest.mark.usefixtures("si_phum_villages")
def test_it_lists_the_villages_of_a_subdistrict(api: Client) -> None:
    body = api.get(f"{GEO}/villages", {"subdistrict": "500101"}).json()

    assert body["count"] == 2
    assert body["items"][0] == {
        "code": "50010101",
        "number": 1,
        "name_th": "บ้านศรีภูมิ",
        "name_en": "Ban Si Phum",
        "subdistrict_code": "500101",
    }


@pytest.mark.usefixtures("si_phum_villages")
def test_it_searches_villages_by_name_or_number(api: Client) -> None:
    by_name = api.get(f"{GEO}/villages", {"subdistrict": "500101", "q": "เชียงมั่น"}).json()
    by_number = api.get(f"{GEO}/villages", {"subdistrict": "500101", "q": "หมู่ที่ 2"}).json()

    assert [v["code"] for v in by_name["items"]] == ["50010102"]
    assert [v["code"] for v in by_number["items"]] == ["50010102"]


def test_a_page_of_1000_subdistricts_takes_a_fixed_number_of_queries(
    api: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    with django_assert_max_num_queries(4):
        response = api.get(f"{GEO}/subdistricts", {"limit": 1000})

    assert len(response.json()["items"]) == 1000
