"""The main menu fits a desktop window: its items are grouped into dropdowns by section.

At 1280 × 900 (and at 1200 and 1400, where the one-row menu is narrowest and widest) neither
the sub-district officer (`officer`) nor the national administrator (`admin`, who signs in
with TOTP) gets a page wider than the window; a section's dropdown
opens, shows its items and leads to them. On a 360 px phone the dropdowns open inline inside
the collapsed menu.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import translation
from django.utils.translation import pgettext

from tests.e2e.support import DEMO_PASSWORD, save_screenshot, server_shell

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# The demo admin's TOTP secret in the browser tests' own database (base32, tests only).
ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TOTP_PERIOD = 30


def th_section(label: str) -> str:
    with translation.override("th"):
        return pgettext("menu section", label)


def page_width_fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def widths(page) -> str:  # type: ignore[no-untyped-def]
    """For a failure message: how wide the page is against the window."""
    return str(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))


def sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()


def give_admin_totp(server_env: dict[str, str]) -> None:
    """The national administrator must use a second factor: give the demo admin a known one."""
    server_shell(
        server_env,
        "from allauth.mfa.models import Authenticator\n"
        "from allauth.mfa.totp.internal.auth import TOTP\n"
        "from tambon.accounts.models import User\n"
        "admin = User.objects.get(username='admin')\n"
        "if not Authenticator.objects.filter(user=admin, type='totp').exists():\n"
        f"    TOTP.activate(admin, {ADMIN_TOTP_SECRET!r})\n",
    )


def sign_in_admin(page, base: str, server_env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    give_admin_totp(server_env)
    sign_in(page, base, "admin")
    assert "/accounts/2fa/authenticate/" in page.url, page.url
    # allauth accepts only the code of the current period: never send one about to expire.
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < 5:
        time.sleep(left + 0.5)
    code = hotp_value(ADMIN_TOTP_SECRET, int(time.time()) // TOTP_PERIOD)
    page.fill("input[name=code]", format_hotp_value(code))
    # The form's last button is "Cancel" (it signs out): submit with the first.
    with page.expect_navigation():
        page.locator("form[action='/accounts/2fa/authenticate/'] button[type=submit]").first.click()
    assert page.url == f"{base}/", page.url


def open_section(page, key: str) -> None:  # type: ignore[no-untyped-def]
    """Open a section's dropdown; a click during an animation may not take, so retry."""
    toggle = page.locator(f"#nav-section-{key}")
    for _ in range(3):
        toggle.click()
        if toggle.get_attribute("aria-expanded") == "true":
            break
    menu = page.locator(f"#nav-items [aria-labelledby='nav-section-{key}']")
    menu.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"


def assert_fits(page, base: str, paths: list[str], name: str) -> None:  # type: ignore[no-untyped-def]
    """The pages fit the 1280 px window, and also the narrowest and widest one-row menus.

    From 1200 px the menu is one row (below, it collapses); from 1400 px it shows icons.
    """
    for width in (1200, 1399, 1400, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(f"{base}{path}")
            assert page_width_fits(page), f"{path} as {name} at {width} px: {widths(page)}"
    assert not page.locator(".navbar-toggler").is_visible()


def test_the_officers_pages_fit_a_desktop_window_and_a_dropdown_leads_to_its_items(
    server_url: str, desktop_page
) -> None:
    page = desktop_page
    # Given the sub-district officer signed in on a 1280 px window
    sign_in(page, server_url, "officer")
    # Then neither the home page nor a cases page is wider than the window
    assert_fits(page, server_url, ["/", "/cases/"], "officer")
    save_screenshot(page, "menu-officer-desktop-th")
    # And on the cases page its section is the active one
    toggle = page.locator("#nav-section-cases")
    assert "active" in (toggle.get_attribute("class") or "")
    assert th_section("Casework") in toggle.inner_text()
    assert "active" not in (page.locator("#nav-section-registry").get_attribute("class") or "")

    # When they open the registry's dropdown
    open_section(page, "registry")
    menu = page.locator("#nav-items [aria-labelledby='nav-section-registry']")
    # Then it shows the registry's pages
    hrefs = menu.locator("a.dropdown-item").evaluate_all("links => links.map(a => a.pathname)")
    assert hrefs == [
        "/registry/people/",
        "/registry/households/",
        "/registry/assessments/",
        "/registry/imports/",
        "/registry/duplicates/",
    ]
    # And choosing households opens that page, marked current in the menu
    with page.expect_navigation():
        menu.locator("a[href='/registry/households/']").click()
    assert page.url == f"{server_url}/registry/households/"
    assert "active" in (page.locator("#nav-section-registry").get_attribute("class") or "")
    current = page.locator("#nav-items [aria-current=page]")
    assert current.count() == 1
    assert current.get_attribute("href") == "/registry/households/"
    assert page_width_fits(page), widths(page)


def test_the_national_admins_pages_fit_a_desktop_window(
    server_url: str, server_env: dict[str, str], desktop_page
) -> None:
    page = desktop_page
    # Given the national administrator, who sees every section, signed in with TOTP
    sign_in_admin(page, server_url, server_env)
    # Then neither the home page nor a cases page is wider than the window
    assert_fits(page, server_url, ["/", "/cases/"], "admin")
    save_screenshot(page, "menu-admin-desktop-th")
    sections = page.locator("#nav-items > li").evaluate_all(
        "items => items.map(li => li.dataset.section)"
    )
    assert sections == ["registry", "cases", "network", "training", "areas", "admin"]

    # When they open the administration dropdown and choose the audit
    open_section(page, "admin")
    menu = page.locator("#nav-items [aria-labelledby='nav-section-admin']")
    assert menu.locator("a[href='/people/audit/']").is_visible()
    with page.expect_navigation():
        menu.locator("a[href='/people/audit/']").click()
    # Then the audit opens, its section marked active
    assert page.url.startswith(f"{server_url}/people/audit/")
    assert "active" in (page.locator("#nav-section-admin").get_attribute("class") or "")
    assert page_width_fits(page), widths(page)


def test_on_a_phone_a_dropdown_opens_inline_in_the_collapsed_menu(
    server_url: str, phone_page
) -> None:
    page = phone_page
    # Given the officer on a 360 px phone, the menu collapsed behind the toggler
    sign_in(page, server_url, "officer")
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert not page.locator("#nav-section-cases").is_visible()
    # When they open the menu and the cases section
    toggler.click()
    page.wait_for_selector(".navbar-collapse.show", state="visible")
    open_section(page, "cases")
    menu = page.locator("#nav-items [aria-labelledby='nav-section-cases']")
    # Then its items show inside the menu (in the flow, not floating) and the page still fits
    assert menu.evaluate("m => getComputedStyle(m).position") == "static"
    assert menu.locator("a[href='/cases/my-visits/']").is_visible()
    assert page_width_fits(page), widths(page)
    save_screenshot(page, "menu-officer-phone-th")
    # And choosing one opens it
    with page.expect_navigation():
        menu.locator("a[href='/cases/my-visits/']").click()
    assert page.url == f"{server_url}/cases/my-visits/"
