from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.utils import timezone

from tambon.accounts.models import ApiToken, User
from tambon.accounts.services import revoke_api_token
from tambon.api.auth import BrowserSessionAuth, CsrfFailed
from tests.api.conftest import TokenFor, bearer
from tests.conftest import login

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
PROVINCES = "/api/v1/geo/provinces"


def test_it_answers_401_json_without_credentials(client: Client) -> None:
    response = client.get(PROVINCES)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["code"] == "unauthorized"
    assert response.json()["message"]


def test_it_answers_401_to_a_token_that_does_not_exist(client: Client) -> None:
    response = client.get(PROVINCES, headers=bearer("tbn_" + "x" * 43))

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_a_valid_token_acts_as_its_owner(
    client: Client, siphum_officer: User, token_for: TokenFor
) -> None:
    response = client.get(ME, headers=bearer(token_for(siphum_officer)))

    assert response.status_code == 200
    assert response.json() == {
        "username": "siphum_officer",
        "full_name": "สมชาย ใจดี",
        "role": "subdistrict_officer",
        "area_codes": ["500101"],
    }


def test_a_token_records_when_it_was_last_used(
    client: Client, siphum_officer: User, token_for: TokenFor
) -> None:
    client.get(ME, headers=bearer(token_for(siphum_officer)))

    assert ApiToken.objects.get(user=siphum_officer).last_used_at is not None


def test_a_revoked_token_is_refused(
    client: Client, siphum_officer: User, token_for: TokenFor
) -> None:
    raw = token_for(siphum_officer)
    token = ApiToken.objects.get(user=siphum_officer)
    revoke_api_token(user=siphum_officer, token_id=token.pk)

    response = client.get(ME, headers=bearer(raw))

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_an_expired_token_is_refused(
    client: Client, siphum_officer: User, token_for: TokenFor
) -> None:
    raw = token_for(siphum_officer, days=30)
    ApiToken.objects.filter(user=siphum_officer).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.get(ME, headers=bearer(raw))

    assert response.status_code == 401


def test_the_token_of_a_deactivated_user_is_refused(
    client: Client, siphum_officer: User, token_for: TokenFor
) -> None:
    raw = token_for(siphum_officer)
    User.objects.filter(pk=siphum_officer.pk).update(is_active=False)

    response = client.get(ME, headers=bearer(raw))

    assert response.status_code == 401


def test_the_token_is_stored_only_as_a_hash(siphum_officer: User, token_for: TokenFor) -> None:
    raw = token_for(siphum_officer)

    row = ApiToken.objects.values().get(user=siphum_officer)
    assert all(raw not in str(value) for value in row.values())
    assert raw[len("tbn_") :] not in str(row)
    assert row["prefix"] == raw[:10]


def test_the_browser_session_works_for_get(client: Client, siphum_volunteer: User) -> None:
    login(client, siphum_volunteer)

    response = client.get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == "siphum_volunteer"


def test_a_session_of_a_national_role_works_after_mfa(client: Client, admin: User) -> None:
    login(client, admin)

    response = client.get(ME)

    assert response.status_code == 200
    assert response.json()["role"] == "national_admin"


def test_a_session_write_without_the_csrf_token_is_refused(siphum_officer: User) -> None:
    request = RequestFactory().post("/api/v1/geo/provinces")
    request.user = siphum_officer

    with pytest.raises(CsrfFailed):
        BrowserSessionAuth()(request)


def test_an_anonymous_write_is_unauthenticated_not_a_csrf_failure() -> None:
    request = RequestFactory().post("/api/v1/geo/provinces")
    request.user = AnonymousUser()

    assert BrowserSessionAuth()(request) is None
