import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.geo.models import Village
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = reverse("geo:areas")


def test_it_asks_an_anonymous_visitor_to_sign_in(client: Client) -> None:
    response = client.get(URL, {"q": "ศรีภูมิ"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_finds_siphum_by_name(client: Client, siphum_volunteer: User) -> None:
    response = login(client, siphum_volunteer).get(URL, {"q": "ศรีภูมิ"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "500101" in html
    assert "เมืองเชียงใหม่" in html
    assert "50200" in html


def test_it_finds_siphum_by_postal_code(client: Client, siphum_volunteer: User) -> None:
    response = login(client, siphum_volunteer).get(URL, {"q": "50200"})
    html = response.content.decode()
    assert "ศรีภูมิ" in html
    assert "พระสิงห์" in html


def test_it_tolerates_the_sub_district_prefix(client: Client, siphum_volunteer: User) -> None:
    response = login(client, siphum_volunteer).get(URL, {"q": "ต.ศรีภูมิ"})
    assert "500101" in response.content.decode()


def test_it_says_so_when_nothing_matches(client: Client, siphum_volunteer: User) -> None:
    response = login(client, siphum_volunteer).get(URL, {"q": "ไม่มีตำบลนี้แน่นอน"})
    assert 'id="area-empty"' in response.content.decode()


def test_it_pages_a_long_result(client: Client, siphum_volunteer: User) -> None:
    # Every sub-district of Chiang Mai province: far more than one page.
    response = login(client, siphum_volunteer).get(URL, {"q": "เชียงใหม่", "page": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'rel="prev"' in html
    assert "q=%E0%B9%80" in html  # the search is kept in the page links


def test_the_search_page_runs_a_fixed_number_of_queries(
    client: Client, siphum_volunteer: User, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    login(client, siphum_volunteer)
    with django_assert_max_num_queries(12):
        client.get(URL, {"q": "เชียงใหม่"})


def test_choosing_a_district_lists_its_subdistricts(client: Client, siphum_volunteer: User) -> None:
    response = login(client, siphum_volunteer).get(URL, {"province": "50", "district": "5001"})
    html = response.content.decode()
    assert "ศรีภูมิ" in html
    assert "สุเทพ" in html


def test_choosing_a_province_lists_its_districts(client: Client, siphum_volunteer: User) -> None:
    response = login(client, siphum_volunteer).get(URL, {"province": "50"})
    html = response.content.decode()
    assert 'id="district-table"' in html
    assert "เมืองเชียงใหม่" in html
    assert "จอมทอง" in html


def test_choosing_a_subdistrict_shows_its_villages(client: Client, siphum_volunteer: User) -> None:
    Village.objects.create(code="50010103", subdistrict_id="500101", number=3, name_th="บ้านหนองบัว")
    response = login(client, siphum_volunteer).get(
        URL, {"province": "50", "district": "5001", "subdistrict": "500101"}
    )
    html = response.content.decode()
    assert 'id="village-list"' in html
    assert "บ้านหนองบัว" in html
    assert "50010103" in html


def test_the_page_offers_the_area_picker_down_to_villages(
    client: Client, siphum_volunteer: User
) -> None:
    html = login(client, siphum_volunteer).get(URL).content.decode()
    assert 'data-level="village"' in html
    assert reverse("geo:area_select") in html


def test_the_menu_shows_areas_to_every_signed_in_user(
    client: Client, siphum_volunteer: User
) -> None:
    html = login(client, siphum_volunteer).get(URL).content.decode()
    assert f'href="{URL}"' in html
    assert reverse("geo:village_import") not in html


def test_the_menu_shows_the_village_import_to_a_provincial_officer(
    client: Client, cm_officer: User
) -> None:
    html = login(client, cm_officer).get(URL).content.decode()
    assert f'href="{reverse("geo:village_import")}"' in html


def test_the_page_speaks_thai_by_default(client: Client, siphum_volunteer: User) -> None:
    Village.objects.create(code="50010103", subdistrict_id="500101", number=3, name_th="บ้านหนองบัว")
    response = login(client, siphum_volunteer).get(
        URL, {"province": "50", "district": "5001", "subdistrict": "500101"}
    )
    html = response.content.decode()
    assert "ค้นหาตำบล" in html
    assert "หมู่ที่ 3 บ้านหนองบัว" in html
