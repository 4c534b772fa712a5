import pytest
from django.test import Client

from tambon.accounts.models import User
from tests.api.conftest import TokenFor, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(siphum_officer: User, token_for: TokenFor) -> dict[str, str]:
    return bearer(token_for(siphum_officer))


def test_an_unknown_code_is_a_404_json_in_thai_by_default(
    client: Client, headers: dict[str, str]
) -> None:
    response = client.get("/api/v1/geo/subdistricts/999999", headers=headers)

    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert body["message"] == "ไม่พบข้อมูลตามที่อยู่หรือรหัสนี้"


def test_an_unknown_code_is_a_404_json_in_english_when_asked(
    client: Client, headers: dict[str, str]
) -> None:
    response = client.get("/api/v1/geo/provinces/99", headers={**headers, "Accept-Language": "en"})

    assert response.status_code == 404
    assert response.json()["message"] == "Nothing was found at this address or with this code."


def test_the_401_message_is_thai_by_default_and_english_when_asked(client: Client) -> None:
    thai = client.get("/api/v1/geo/provinces").json()["message"]
    english = client.get("/api/v1/geo/provinces", headers={"Accept-Language": "en"}).json()

    assert "โทเคน" in thai
    assert english["message"].startswith("Sign in")


def test_an_invalid_parameter_is_a_422_listing_the_field(
    client: Client, headers: dict[str, str]
) -> None:
    response = client.get("/api/v1/geo/districts", {"province": "5x"}, headers=headers)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["field"] == "province"
    assert body["details"][0]["field"] == "province"
    assert body["details"][0]["location"] == "query"


def test_an_address_no_route_serves_is_a_404_json(client: Client, headers: dict[str, str]) -> None:
    response = client.get("/api/v1/no-such-thing", headers=headers)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
