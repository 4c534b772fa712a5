"""A whole Shift and Share cohort in the browser: from creating it to a revoked certificate.

The organiser (provincial officer of Chiang Mai) works on a desktop; the trainee (a volunteer of
ศรีภูมิ) works on a phone-sized page; the verification page is opened by an anonymous visitor.
"""

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from tests.e2e.support import save_screenshot, server_shell, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ANSWERS_SCRIPT = """
import json
from tambon.training.models import Course
course = Course.objects.get(code="shift-and-share-facilitator")
print(json.dumps({"course": course.pk, "answers": [
    [q.pk, q.kind, q.correct_choice, (q.accepted_answers or [""])[0]]
    for q in course.questions.all()
]}))
"""


def submit(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Click something that loads a new page, and wait for that page (not the old one)."""
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_a_cohort_from_creation_to_a_verified_then_revoked_certificate(
    server_url: str, server_env: dict[str, str], browser, desktop_page, phone_page
) -> None:  # type: ignore[no-untyped-def]
    base, organiser, trainee = server_url, desktop_page, phone_page
    course = json.loads(server_shell(server_env, ANSWERS_SCRIPT).strip().splitlines()[-1])
    today = dt.datetime.now(ZoneInfo("Asia/Bangkok")).date()
    today_be = f"{today.day:02d}/{today.month:02d}/{today.year + 543}"
    organiser.on("dialog", lambda dialog: dialog.accept())

    # Given the organiser creates a one-day cohort held today in Chiang Mai
    sign_in(organiser, base, "province")
    organiser.goto(f"{base}/training/cohorts/new/")
    organiser.select_option("select[name=course]", str(course["course"]))
    organiser.fill("input[name=starts_on]", today_be)
    organiser.fill("input[name=ends_on]", today_be)
    organiser.fill("input[name=venue]", "ศูนย์พัฒนาสังคม จังหวัดเชียงใหม่")
    organiser.select_option("select[name=province]", "50")
    submit(organiser, "main form button[type=submit] >> nth=-1")
    organiser.wait_for_url(f"{base}/training/cohorts/*/")
    cohort_url = organiser.url.rstrip("/")
    cohort_pk = cohort_url.rsplit("/", 1)[-1]

    # And its first session covers the whole of today, its second is removed
    organiser.goto(f"{cohort_url}/sessions/")
    submit(organiser, "a[href*='/training/sessions/'][href$='/edit/']")
    organiser.fill("input[name=starts_at]", "00:00")
    organiser.fill("input[name=ends_at]", "23:59")
    submit(organiser, "main form button[type=submit] >> nth=-1")
    organiser.goto(f"{cohort_url}/sessions/")
    submit(organiser, "form[action*='/delete/'] button[type=submit] >> nth=-1")
    assert organiser.locator("a[href*='/training/sessions/'][href$='/edit/']").count() == 1
    session_edit = organiser.locator("a[href*='/training/sessions/'][href$='/edit/']")
    session_pk = (session_edit.get_attribute("href") or "").strip("/").split("/")[-2]

    # When the trainee applies on their phone and the organiser approves
    sign_in(trainee, base, "volunteer")
    trainee.goto(f"{cohort_url}/")
    submit(trainee, "#apply-button")
    organiser.goto(f"{cohort_url}/trainees/")
    submit(organiser, "form[action*='/approve/'] button[type=submit]")

    # And the trainee checks in with the QR code on the trainer's screen
    organiser.goto(f"{base}/training/sessions/{session_pk}/check-in/")
    checkin_url = organiser.locator("#checkin-qr").get_attribute("data-checkin-url") or ""
    assert "/training/check-in/" in checkin_url
    trainee.goto(checkin_url)
    assert trainee.locator("#checkin-result").get_attribute("data-result") == "checked-in"
    save_screenshot(trainee, "training-checkin-phone")

    # And takes the post-test with every answer right
    trainee.goto(f"{base}/training/cohorts/{cohort_pk}/tests/post/")
    for question_pk, kind, correct, accepted in course["answers"]:
        if kind == "choice":
            trainee.check(f"input[name=q{question_pk}][value='{correct}']")
        else:
            trainee.fill(f"input[name=q{question_pk}]", accepted)
    submit(trainee, "#submit-test")
    score = trainee.locator("#test-score").inner_text()
    got, full = (int(part) for part in score.split("/"))
    assert got == full > 0

    # Then the organiser can certify them
    organiser.goto(f"{cohort_url}/certificates/")
    assert organiser.locator("#completed-count").inner_text().strip() == "1"
    submit(organiser, "#issue-all")
    assert organiser.locator("#valid-count").inner_text().strip() == "1"

    # And the trainee downloads the certificate, a Thai PDF with their name
    trainee.goto(f"{base}/training/certificates/mine/")
    pdf_href = trainee.locator("#my-certificates a[href$='/pdf/']").first.get_attribute("href")
    response = trainee.request.get(f"{base}{pdf_href}")
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.body())).pages[0].extract_text().split())
    assert "วุฒิบัตร" in text
    verify_href = trainee.locator("#my-certificates a[href*='/training/verify/']").first
    verify_url = verify_href.get_attribute("href") or ""
    assert verify_url.startswith(f"{base}/training/verify/")

    # And an anonymous visitor finds it valid
    visitor = browser.new_context(locale="th-TH").new_page()
    visitor.goto(verify_url)
    assert visitor.locator("#verification-status").get_attribute("data-status") == "valid"

    # When the organiser revokes it, the verification page says so
    organiser.goto(f"{cohort_url}/certificates/")
    organiser.locator("details:has(form[action*='/revoke/']) summary").click()
    organiser.locator("form[action*='/revoke/'] input[name=reason]").fill("ข้อมูลการเข้าร่วมไม่ถูกต้อง")
    submit(organiser, "form[action*='/revoke/'] button[type=submit]")
    visitor.goto(verify_url)
    assert visitor.locator("#verification-status").get_attribute("data-status") == "revoked"
    save_screenshot(visitor, "certificate-revoked")
    visitor.context.close()
