"""A national ID typed into the people list's name box is searched by the posted ID form: the
number never reaches the address bar (nor the history, nor a server's access log)."""

import pytest

from tests.e2e.support import save_screenshot, server_shell, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_an_id_typed_in_the_name_box_finds_the_person_without_reaching_the_address(
    server_url: str, server_env: dict[str, str], phone_page
) -> None:
    page = phone_page
    # Given a person of the officer's sub-district with a national ID
    national_id = server_shell(
        server_env,
        "from tambon.registry.models import Person; "
        "p = Person.objects.filter(subdistrict_id='500101', merged_into=None)"
        ".exclude(national_id_index=None).order_by('pk').first(); "
        "print(p.national_id)",
    ).splitlines()[-1]  # the shell may print a line of its own first
    sign_in(page, server_url, "officer")
    page.goto(f"{server_url}/registry/people/")

    # When the officer types the ID into the name box and searches
    page.fill("#person-search input[name=q]", national_id)
    with page.expect_navigation():
        page.locator("#person-search input[name=q]").press("Enter")

    # Then the ID form's (logged) search found them, and the number is in no address
    result = page.locator("#id-search-result").inner_text().strip()
    assert result.startswith("พบ 1 คน"), result
    assert "/registry/people/" in page.url
    assert national_id not in page.url
    assert national_id not in page.content()
    save_screenshot(page, "people-id-in-name-box-phone-th")
