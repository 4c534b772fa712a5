"""Every named user can create a token and read the geography through it; nobody else can."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import bearer
from tests.conftest import login

pytestmark = pytest.mark.django_db

NAMED_USERS = ["admin", "cm_officer", "siphum_officer", "siphum_volunteer", "bkk_officer"]
RAW_TOKEN = re.compile(r"tbn_[A-Za-z0-9_-]{40,}")


@pytest.mark.parametrize("username", NAMED_USERS)
def test_each_named_user_can_create_a_token_and_read_geo_through_it(
    request: pytest.FixtureRequest, username: str
) -> None:
    user = request.getfixturevalue(username)
    browser = login(Client(), user)
    html = browser.post(reverse("tokens:create"), {"name": "ระบบรายงาน", "expiry": "30"})
    raw = RAW_TOKEN.search(html.content.decode())
    assert raw is not None

    response = Client().get("/api/v1/geo/subdistricts/500101", headers=bearer(raw.group()))

    assert response.status_code == 200
    assert response.json()["name_th"] == "ศรีภูมิ"


@pytest.mark.parametrize(
    "path", ["/api/v1/geo/provinces", "/api/v1/geo/subdistricts/500101", "/api/v1/me"]
)
def test_an_anonymous_client_cannot_read(path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
