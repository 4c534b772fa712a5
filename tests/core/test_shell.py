"""The shell: base layout, language switch, error pages, About, pagination and the allauth pages."""

import re
from collections.abc import Iterator

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from tambon.accounts.models import User
from tambon.core import views
from tambon.core.pagination import paginate, querystring_without_page
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

VENDORED = [
    "/static/vendor/bootstrap/bootstrap.min.css",
    "/static/vendor/bootstrap/bootstrap.bundle.min.js",
    "/static/vendor/bootstrap-icons/bootstrap-icons.min.css",
    "/static/vendor/sarabun/400.css",
    "/static/vendor/sarabun/600.css",
    "/static/vendor/sarabun/700.css",
    "/static/vendor/htmx/htmx.min.js",
    "/static/core/tambon.css",
]
ASSET_RE = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"', re.IGNORECASE)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """allauth counts sign-in attempts in the cache: start and leave every test with none."""
    cache.clear()
    yield
    cache.clear()


def assets(html: str) -> list[str]:
    return ASSET_RE.findall(html)


@pytest.mark.parametrize("path", ["/", "/about/", "/accounts/login/", "/accounts/password/reset/"])
def test_every_page_links_the_vendored_static_files(client: Client, path: str) -> None:
    html = client.get(path).content.decode()
    for url in VENDORED:
        assert url in html, f"{path} does not link {url}"


@pytest.mark.parametrize("path", ["/", "/about/", "/accounts/login/", "/no-such-page/"])
def test_no_page_loads_scripts_or_styles_from_elsewhere(client: Client, path: str) -> None:
    html = client.get(path).content.decode()
    for url in assets(html):
        assert url.startswith("/static/"), f"{path} loads {url}"
        assert "//" not in url and "cdn" not in url.lower()


def test_the_500_page_links_only_vendored_files() -> None:
    html = views.server_error(RequestFactory().get("/")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert all(url.startswith("/static/") for url in assets(html))


def test_anonymous_visitors_see_a_sign_in_link_and_no_user_menu(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'id="login-link"' in html
    assert 'id="user-menu"' not in html


def test_signed_in_users_see_their_name_role_and_a_sign_out_button(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    html = client.get("/").content.decode()
    assert 'id="user-menu"' in html
    assert "สมชาย ใจดี" in html
    assert siphum_officer.get_role_display() in html
    assert 'id="logout-button"' in html
    assert "/accounts/2fa/" in html
    assert "/accounts/password/change/" in html


def test_the_sign_out_button_signs_the_user_out(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)
    client.post("/accounts/logout/")
    assert 'id="login-link"' in client.get("/").content.decode()


def test_the_language_form_posts_to_set_language_and_keeps_the_page(client: Client) -> None:
    html = client.get("/about/?tab=1").content.decode()
    form = re.search(
        r'<form action="([^"]+)" method="post" id="language-form".*?</form>', html, re.S
    )
    assert form is not None
    assert form.group(1) == "/i18n/setlang/"
    assert 'name="next" value="/about/?tab=1"' in form.group(0)
    assert 'id="language-select"' in form.group(0)
    assert '<option value="en" lang="en">English</option>' in form.group(0)
    assert 'id="language-submit"' in form.group(0)


def test_switching_to_english_renders_the_home_page_in_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html


def test_switching_to_english_shows_the_role_in_english(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Sub-district officer" in html
    assert "Sign out" in html


def test_pages_are_in_thai_by_default(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบ" in html


def test_the_404_page_is_in_thai(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่คุณต้องการ" in response.content.decode()


def test_the_404_page_follows_the_browser_language(client: Client) -> None:
    response = client.get("/no-such-page/", headers={"accept-language": "en"})
    assert response.status_code == 404
    assert "We cannot find this page" in response.content.decode()


def test_the_404_page_follows_the_language_cookie(client: Client) -> None:
    client.cookies["tambon_language"] = "en"
    response = client.get("/no-such-page/")
    assert "We cannot find this page" in response.content.decode()


def test_the_403_page_explains_and_links_home() -> None:
    request = RequestFactory().get("/people/")
    request.user = AnonymousUser()
    response = views.permission_denied(request, PermissionError())
    html = response.content.decode()
    assert response.status_code == 403
    assert "คุณไม่สามารถเปิดหน้านี้ได้" in html
    assert 'href="/"' in html


def test_the_500_page_renders_without_request_or_context_processors() -> None:
    response = views.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "เกิดข้อผิดพลาด" in html


def test_the_about_page_credits_geothai_under_cc_by(client: Client) -> None:
    import geothai

    html = client.get("/about/").content.decode()
    assert "GeoThai" in html
    assert "Pongsakorn Thipayanate" in html
    assert geothai.DATA_VERSION in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html
    assert "CC BY 4.0" in html
    assert "กรมการปกครอง" in html


def test_the_about_page_states_tambons_licence(client: Client) -> None:
    html = client.get("/about/").content.decode()
    assert "AGPL-3.0-or-later" in html
    assert "Django" in html


def test_the_footer_links_to_about(client: Client) -> None:
    assert 'href="/about/"' in client.get("/").content.decode()


def test_pagination_shows_the_page_the_total_and_keeps_the_filters() -> None:
    request = RequestFactory().get("/list/", {"q": "ศรีภูมิ", "page": "2"})
    page = paginate(request, list(range(60)), per_page=25)
    html = render_to_string(
        "core/_pagination.html",
        {"page": page, "querystring": querystring_without_page(request)},
    )
    assert "หน้า 2 จาก 3" in html
    assert "60" in html
    assert "page=3" in html
    assert "q=%E0%B8%A8" in html
    assert html.count("?q=") == 4


def test_pagination_of_a_single_page_has_no_page_links() -> None:
    page = paginate(RequestFactory().get("/list/"), [1, 2, 3])
    html = render_to_string("core/_pagination.html", {"page": page, "querystring": ""})
    assert "page=" not in html
    assert "หน้า 1 จาก 1" in html


# --- allauth's pages in the shell --------------------------------------------------------


def test_the_login_page_is_in_thai_with_login_and_password_fields(client: Client) -> None:
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="login"' in html
    assert 'name="password"' in html
    assert "รหัสผ่าน" in html
    assert 'id="auth-card"' in html
    assert 'class="tb-form"' in html


def test_the_login_page_links_to_password_reset_and_not_to_sign_up(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in html
    assert "/accounts/signup/" not in html


def test_signing_in_with_a_username_leads_home(client: Client, siphum_officer: User) -> None:
    response = client.post(
        "/accounts/login/", {"login": "siphum_officer", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert 'id="user-menu"' in response.content.decode()


def test_a_wrong_password_is_reported_on_the_form(client: Client, siphum_officer: User) -> None:
    response = client.post("/accounts/login/", {"login": "siphum_officer", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "alert-danger" in html
    assert 'id="user-menu"' not in html


def test_the_password_reset_page_renders_in_the_shell(client: Client) -> None:
    html = client.get("/accounts/password/reset/").content.decode()
    assert 'id="auth-card"' in html
    assert 'name="email"' in html
    assert "btn btn-primary" in html
    assert "รีเซ็ทรหัสผ่าน" in html


def test_the_password_change_page_renders_in_the_shell(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    html = client.get("/accounts/password/change/").content.decode()
    assert 'id="account-card"' in html
    assert 'name="oldpassword"' in html
    assert 'name="password1"' in html


def test_the_mfa_settings_page_renders_in_the_shell(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)
    html = client.get("/accounts/2fa/").content.decode()
    assert 'id="account-card"' in html
    assert "การตรวจสอบสิทธิ์สองปัจจัย" in html
    assert 'class="btn btn-primary"' in html


def test_a_provincial_officer_without_totp_confirms_the_password_then_activates_it(
    client: Client, cm_officer: User
) -> None:
    response = client.post(
        "/accounts/login/", {"login": "cm_officer", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert 'name="password"' in html
    assert "alert-warning" in html
    response = client.post(
        "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/",
        {"password": PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    assert 'name="code"' in html
    assert "tb-qr" in html


def test_the_second_factor_page_renders_in_the_shell(client: Client, cm_officer: User) -> None:
    TOTP.activate(cm_officer, generate_totp_secret())
    response = client.post(
        "/accounts/login/", {"login": "cm_officer", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    assert 'id="auth-card"' in html
    assert 'name="code"' in html
