"""An officer signs in on a phone, switches language, picks an area, and signs out."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.support import DEMO_PASSWORD, save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def open_user_menu(page) -> None:  # type: ignore[no-untyped-def]
    """Open the user's dropdown; a click during the menu's animation may not take, so retry."""
    for _ in range(3):
        page.locator("#user-menu").click()
        try:
            page.locator("#logout-button").wait_for(state="visible", timeout=3000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError("the user menu did not open")


def open_menu(page) -> None:  # type: ignore[no-untyped-def]
    """On a phone the navigation is collapsed behind the toggler."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        # Bootstrap adds .show once the collapse animation has finished.
        page.wait_for_selector(".navbar-collapse.show", state="visible")


def choose_area(page, level: str, code: str) -> None:  # type: ignore[no-untyped-def]
    """Choose in the cascading area picker and wait until its answer is in place and live.

    Each choice swaps in a new picker; the picker listens to its new selects only once htmx
    has settled them (~20 ms after the swap, when it drops `htmx-added`), and a choice made
    sooner is lost. The old picker is marked first, so that it cannot pass for the new one.
    """
    page.eval_on_selector_all(
        ".area-select", "pickers => pickers.forEach(p => p.dataset.old = '1')"
    )
    page.select_option(f"select[data-level={level}]", code)
    page.wait_for_selector(
        f".area-select:not([data-old]):not(.htmx-added) select[data-level={level}]",
        state="attached",
    )
    assert page.locator(f"select[data-level={level}]").input_value() == code


def test_an_officer_signs_in_switches_language_picks_an_area_and_signs_out(
    server_url: str, phone_page
) -> None:
    page = phone_page
    # Given the sign-in page in Thai
    page.goto(f"{server_url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "th"
    # When the sub-district officer signs in
    page.fill("input[name=login]", "officer")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    # Then the home page shows their area
    page.wait_for_url(f"{server_url}/")
    assert "ศรีภูมิ" in page.content()
    save_screenshot(page, "home-phone-th")

    # When they switch to English from the (collapsed, on a phone) menu
    open_menu(page)
    # Choosing a language submits the form at once: wait for that page load.
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Sub-district officer" in page.content()

    # When they pick province → district → sub-district in the cascading picker
    page.goto(f"{server_url}/geo/")
    choose_area(page, "province", "50")
    choose_area(page, "district", "5001")
    choose_area(page, "subdistrict", "500101")
    assert page.locator("select[data-level=subdistrict]").input_value() == "500101"
    assert re.search("Si Phum|ศรีภูมิ", page.content())
    save_screenshot(page, "area-picker-phone-en")

    # When they sign out
    open_menu(page)
    open_user_menu(page)
    with page.expect_navigation():
        page.locator("#logout-button").click()
    if "/accounts/logout/" in page.url:  # allauth asks to confirm on GET
        with page.expect_navigation():
            page.locator("form button[type=submit]").last.click()
    assert page.locator("a[href*='/accounts/login/']").count() > 0
