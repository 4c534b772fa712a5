import pytest
from django.test import Client
from django.urls import reverse

from tambon.geo.forms import AreaSelectForm

pytestmark = pytest.mark.django_db


def test_choosing_a_province_lists_its_districts(client: Client) -> None:
    response = client.get(reverse("geo:area_select"), {"province": "50"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "เมืองเชียงใหม่" in html
    assert "เมืองลำพูน" not in html


def test_choosing_a_district_lists_its_subdistricts(client: Client) -> None:
    response = client.get(reverse("geo:area_select"), {"province": "50", "district": "5001"})
    assert "ศรีภูมิ" in response.content.decode()


def test_a_district_of_another_province_clears_the_subdistricts(client: Client) -> None:
    response = client.get(reverse("geo:area_select"), {"province": "51", "district": "5001"})
    assert "ศรีภูมิ" not in response.content.decode()


def test_the_form_gives_the_most_specific_code() -> None:
    form = AreaSelectForm({"province": "50", "district": "5001", "subdistrict": "500101"})
    assert form.is_valid(), form.errors
    assert form.area_code() == "500101"


def test_the_form_refuses_a_subdistrict_outside_the_district() -> None:
    form = AreaSelectForm({"province": "50", "district": "5001", "subdistrict": "510101"})
    assert not form.is_valid()
    assert "subdistrict" in form.errors
