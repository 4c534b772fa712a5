"""A sub-district officer imports a household survey in the browser: upload → preview →
confirm → progress → report, then finds the new person in the registry.

The file is what a Thai office sends: CSV in TIS-620 with Thai headers and one row whose
national ID has a typo.
"""

from pathlib import Path

import pytest

from tambon.core.nationalid import check_digit
from tests.e2e.support import DEMO_PASSWORD, save_screenshot, server_shell

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

HEADERS = "เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,เพศ,วันเกิด,บ้านเลขที่,หมู่ที่,ตำบล,อำเภอ,จังหวัด"
PLACE = "ศรีภูมิ,เมืองเชียงใหม่,เชียงใหม่"
BAD_ID = "1234567890123"  # its check digit should be 1


def made_up_id(first_twelve: str) -> str:
    return first_twelve + str(check_digit(first_twelve))


def submit(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Click something that loads a new page, and wait for that page (not the old one)."""
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_an_officer_imports_a_thai_survey_file_from_upload_to_report(
    server_url: str, server_env: dict[str, str], desktop_page, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    base, page = server_url, desktop_page
    survey = tmp_path / "สำรวจครัวเรือน-หมู่1.csv"
    rows = [
        HEADERS,
        f"{made_up_id('871100000001')},นาง,บุญเรือน,ทองนำเข้า,หญิง,13/04/2501,99/9,1,{PLACE}",
        f"{made_up_id('871100000002')},นาย,บุญมา,ทองนำเข้า,ชาย,02/11/2498,99/9,1,{PLACE}",
        f"{BAD_ID},ด.ญ.,ดวงใจ,ทองนำเข้า,หญิง,05/06/2558,99/9,1,{PLACE}",
    ]
    survey.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp874"))

    # Given the sub-district officer of ศรีภูมิ, signed in
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", "officer")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/")

    # When they upload the file from the imports page
    page.goto(f"{base}/registry/imports/")
    submit(page, "#import-new")
    page.set_input_files("input[name=file]", str(survey))
    save_screenshot(page, "registry-import-upload")
    submit(page, "#import-upload-submit")

    # Then the preview counts the rows and names the bad row and its column
    assert "/preview/" in page.url
    assert page.locator("#count-total").inner_text().strip() == "3"
    assert page.locator("#count-valid").inner_text().strip() == "2"
    error = page.locator("#import-errors tr[data-row='4']")
    assert error.locator("td").nth(1).inner_text().strip() == "เลขประจำตัวประชาชน"
    assert BAD_ID not in page.content()
    assert page.locator("#import-sample").inner_text().count("ทองนำเข้า") == 2
    save_screenshot(page, "registry-import-preview")
    people_before = server_shell(
        server_env,
        "from tambon.registry.models import Person;"
        "print(Person.objects.filter(last_name='ทองนำเข้า').count())",
    )
    assert people_before.strip().splitlines()[-1] == "0"  # nothing written before confirming

    # When they confirm, the progress bar runs to the end and the report appears
    submit(page, "#import-confirm")
    page.wait_for_selector("#import-progress[data-status=done]", timeout=30_000)
    assert "100%" in page.locator("#import-progress .progress-bar").inner_text()
    page.wait_for_selector("#import-report")
    assert page.locator("#count-people").inner_text().strip() == "2"
    assert page.locator("#count-households").inner_text().strip() == "1"
    assert page.locator("#count-errors").inner_text().strip() == "1"
    assert page.locator("#import-errors tr[data-row='4']").count() == 1
    save_screenshot(page, "registry-import-report")

    # And the new person is in the people list of the registry
    submit(page, "#import-people-link")
    page.fill("input[name=q]", "บุญเรือน")
    submit(page, "form[role=search] button[type=submit]")
    assert "ทองนำเข้า" in page.locator("main").inner_text()
    save_screenshot(page, "registry-import-person-found")
