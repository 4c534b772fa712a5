import re

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import ApiToken, User
from tests.api.conftest import TokenFor, bearer
from tests.conftest import MakeUser, login

pytestmark = pytest.mark.django_db

RAW_TOKEN = re.compile(r"tbn_[A-Za-z0-9_-]{40,}")


def create(client: Client, name: str = "สคริปต์รายงาน", expiry: str = "90") -> str:
    response = client.post(reverse("tokens:create"), {"name": name, "expiry": expiry})
    assert response.status_code == 200
    return response.content.decode()


def test_creating_a_token_shows_the_raw_token_once(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)

    html = create(client)

    match = RAW_TOKEN.search(html)
    assert match is not None
    assert client.get("/api/v1/me", headers=bearer(match.group())).status_code == 200


def test_the_page_with_the_raw_token_is_not_cached(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)

    response = client.post(reverse("tokens:create"), {"name": "ระบบ", "expiry": "30"})

    assert "no-store" in response["Cache-Control"]


def test_the_list_never_shows_the_raw_token_again(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)
    raw = RAW_TOKEN.search(create(client, name="สคริปต์รายงาน"))
    assert raw is not None

    html = client.get(reverse("tokens:list")).content.decode()

    assert "สคริปต์รายงาน" in html
    assert raw.group()[:10] in html
    assert raw.group() not in html
    assert RAW_TOKEN.search(html) is None


def test_a_token_that_never_expires_can_be_created(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)

    create(client, expiry="never")

    assert ApiToken.objects.get(user=siphum_officer).expires_at is None


def test_a_token_needs_a_name(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)

    response = client.post(reverse("tokens:create"), {"name": "   ", "expiry": "30"})

    assert RAW_TOKEN.search(response.content.decode()) is None
    assert not ApiToken.objects.filter(user=siphum_officer).exists()


def test_the_list_shows_only_my_tokens(
    client: Client, siphum_officer: User, bkk_officer: User, token_for: TokenFor
) -> None:
    token_for(bkk_officer, name="ระบบของกรุงเทพ")
    login(client, siphum_officer)

    html = client.get(reverse("tokens:list")).content.decode()

    assert "ระบบของกรุงเทพ" not in html


def test_revoking_asks_for_confirmation_first(
    client: Client, siphum_officer: User, token_for: TokenFor
) -> None:
    token_for(siphum_officer)
    token = ApiToken.objects.get(user=siphum_officer)
    login(client, siphum_officer)

    response = client.get(reverse("tokens:revoke", args=[token.pk]))

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    token.refresh_from_db()
    assert token.is_active


def test_i_can_revoke_my_token(client: Client, siphum_officer: User, token_for: TokenFor) -> None:
    raw = token_for(siphum_officer)
    token = ApiToken.objects.get(user=siphum_officer)
    login(client, siphum_officer)

    response = client.post(reverse("tokens:revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_another_user_cannot_revoke_my_token(
    client: Client, siphum_officer: User, bkk_officer: User, token_for: TokenFor
) -> None:
    raw = token_for(siphum_officer)
    token = ApiToken.objects.get(user=siphum_officer)
    login(client, bkk_officer)

    response = client.post(reverse("tokens:revoke", args=[token.pk]))

    assert response.status_code in (403, 404)
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 200


def test_a_user_without_a_role_cannot_create_a_token(client: Client, make_user: MakeUser) -> None:
    nobody = make_user("no_role", "")
    login(client, nobody)

    response = client.post(reverse("tokens:create"), {"name": "ลองดู", "expiry": "30"})

    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=nobody).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("tokens:list"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
