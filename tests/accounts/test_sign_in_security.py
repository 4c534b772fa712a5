"""Sign-in security: TOTP for national and provincial staff, and the login rate limits."""

from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tests.accounts.helpers import th
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HOME = reverse("home")
LOGIN = reverse("account_login")
ACTIVATE_TOTP = reverse("mfa_activate_totp")
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """The rate limits count in the (locmem) cache: start and leave it empty."""
    cache.clear()
    yield
    cache.clear()


def test_a_provincial_officer_without_totp_is_sent_to_set_it_up(
    client: Client, cm_officer: User
) -> None:
    client.force_login(cm_officer)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP


def test_a_national_admin_without_totp_is_sent_to_set_it_up(client: Client, admin: User) -> None:
    client.force_login(admin)
    assert client.get(reverse("accounts:list"))["Location"] == ACTIVATE_TOTP


def test_signing_in_leads_them_to_the_totp_set_up_page(client: Client, cm_officer: User) -> None:
    response = sign_in(client, "cm_officer", PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == ACTIVATE_TOTP
    # allauth asks for the password again before adding an authenticator: no redirect loop.
    set_up = client.get(ACTIVATE_TOTP, follow=True)
    assert set_up.status_code == 200
    assert set_up.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_a_subdistrict_officer_needs_no_totp(client: Client, siphum_officer: User) -> None:
    client.force_login(siphum_officer)
    assert client.get(HOME).status_code == 200


def test_a_provincial_officer_with_totp_passes(client: Client, cm_officer: User) -> None:
    TOTP.activate(cm_officer, generate_totp_secret())
    assert Authenticator.objects.filter(user=cm_officer, type=Authenticator.Type.TOTP).exists()
    client.force_login(cm_officer)
    assert client.get(HOME).status_code == 200
    assert client.get(reverse("accounts:list")).status_code == 200


def sign_in(client: Client, login: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"login": login, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_signs_in(client: Client, siphum_officer: User) -> None:
    response = sign_in(client, "siphum_officer", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_after_five_failed_sign_ins_the_right_password_is_refused_too(
    client: Client, siphum_officer: User
) -> None:
    for _ in range(5):
        assert sign_in(client, "siphum_officer", "wrong-password").status_code == 200
    response = sign_in(client, "siphum_officer", PASSWORD)
    assert not signed_in(client)
    assert response.status_code == 200
    assert th(TOO_MANY) in response.context["form"].non_field_errors()


def test_failed_sign_ins_for_one_user_do_not_lock_out_another(
    client: Client, siphum_officer: User, bkk_officer: User
) -> None:
    for _ in range(5):
        sign_in(client, "siphum_officer", "wrong-password")
    sign_in(client, "bkk_officer", PASSWORD)
    assert signed_in(client)


def test_ten_failed_sign_ins_a_minute_from_one_address_block_every_account(
    client: Client, siphum_officer: User, make_user
) -> None:  # type: ignore[no-untyped-def]
    for n in range(10):
        sign_in(client, f"nobody{n}", "wrong-password")
    response = sign_in(client, "siphum_officer", PASSWORD)
    assert not signed_in(client)
    assert th(TOO_MANY) in response.context["form"].non_field_errors()


def test_too_many_sign_in_attempts_a_minute_get_allauths_429(
    client: Client, siphum_officer: User, settings
) -> None:  # type: ignore[no-untyped-def]
    # The per-address limit on the sign-in page ("login": 30/m/ip) answers 429 Too Many Requests.
    for n in range(30):
        sign_in(client, f"nobody{n % 3}", "wrong-password")
    response = sign_in(client, "siphum_officer", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_api_answers_json_when_a_required_second_factor_is_missing(
    client: Client, cm_officer: User
) -> None:
    # Given a provincial officer signed in without TOTP (no MFA flag in the session)
    client.force_login(cm_officer)
    # When they call the API with their session
    response = client.get("/api/v1/me")
    # Then they get a JSON refusal, not a redirect to a page
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_a_role_that_requires_totp_cannot_switch_it_off(cm_officer: User) -> None:
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.create(
        user=cm_officer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    assert get_adapter().can_delete_authenticator(totp) is False
