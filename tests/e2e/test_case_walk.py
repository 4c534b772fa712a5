"""A whole case in the browser (issue 4): a neighbour asks for help on the public form, the
sub-district officer opens a case from the request and walks it through screening, assessment
and planning, writes the care plan and refers the person (with their consent) to the demo
partner's fund; the partner accepts and delivers on a phone; the officer follows up and closes
the case as self-reliant, and the timeline tells the story in order.

Three people, three browser contexts: an anonymous visitor, the officer (`officer`, ศรีภูมิ,
Chiang Mai) on a desktop and the partner (`partner`, the community welfare fund of อำเภอเมือง
เชียงใหม่) on a 360 px phone.
"""

import datetime as dt
import re
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tambon.cases.models import Case, HelpRequest, ReferralState, State
from tambon.core import nationalid
from tambon.network.demo_data import FUND_SERVICES
from tambon.registry.models import Consent, Person
from tests.e2e.support import save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# ศรีภูมิ, อำเภอเมืองเชียงใหม่, เชียงใหม่: the demo officer's sub-district, and one of its villages.
PROVINCE, DISTRICT, SUBDISTRICT, VILLAGE = "50", "5001", "500101", "50010103"
# The fund's emergency help for families in trouble (it answers poverty).
SERVICE = FUND_SERVICES[1].name
PARTNER_PREFIX = "กองทุนสวัสดิการชุมชนอำเภอ"

CONTACT_NAME = "สมศรี ใจดี"
CONTACT_PHONE = "0812345678"
DESCRIPTION = "ยายคำอายุ 78 ปี อยู่บ้านคนเดียว ไม่มีรายได้ ค่าไฟค้างสามเดือน อยากให้เจ้าหน้าที่มาดู"
FIRST_NAME, LAST_NAME = "คำ", "ใจงาม"
PERSON_PHONE = "0891112222"
HOUSE_NUMBER = "45"
# A valid ID that no demo person has: demo IDs carry a real district code, never 9999.
TWELVE = "599990012345"
NATIONAL_ID = TWELVE + str(nationalid.check_digit(TWELVE))
RESULT_NOTE = "จ่ายเงินช่วยเหลือฉุกเฉิน 3,000 บาท แล้ว"


def th(message: object) -> str:
    """What the Thai pages show for an English msgid (or a model's lazy label)."""
    with translation.override("th"):
        return gettext(message) if isinstance(message, str) else str(message)


def squash(text: str) -> str:
    return " ".join(text.split())


def submit(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Click something that loads a new page, and wait for that page (not the old one)."""
    with page.expect_navigation():
        page.locator(selector).first.click()


def pick_place(page, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """Province → district → sub-district → village in the cascading picker (htmx).

    Each choice swaps the whole picker; htmx wires the new selects up only when it settles
    (and drops `htmx-added`), so wait for that before the next choice or its change is lost.
    """
    steps = [
        ("province", PROVINCE, "district", DISTRICT),
        ("district", DISTRICT, "subdistrict", SUBDISTRICT),
        ("subdistrict", SUBDISTRICT, "village", VILLAGE),
    ]
    for level, code, below, next_code in steps:
        page.select_option(f"select[name={prefix}-{level}]", code)
        page.wait_for_selector(
            f".area-select:not(.htmx-added) select[name={prefix}-{below}] "
            f"option[value='{next_code}']",
            state="attached",
        )
    page.select_option(f"select[name={prefix}-village]", VILLAGE)


def fits_the_screen(page) -> bool:  # type: ignore[no-untyped-def]
    """Nothing sticks out sideways: no horizontal scrolling."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def case_state(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("#case-reference [data-state]").get_attribute("data-state") or ""


def move_case(page, to: str, *, outcome: str = "", reason: str = "") -> None:  # type: ignore[no-untyped-def]
    """From the case page, take the step to `to` and confirm it."""
    submit(page, f"#next-steps a[data-to='{to}']")
    if outcome:
        page.select_option("#transition-form select[name=outcome]", outcome)
    if reason:
        page.fill("#transition-form textarea[name=reason]", reason)
    submit(page, "#confirm-transition")
    assert case_state(page) == to, page.locator("main").inner_text()


def ask_for_help(browser, base: str) -> str:  # type: ignore[no-untyped-def]
    """An anonymous neighbour asks for help; returns the reference they are given."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    visitor = context.new_page()
    visitor.goto(f"{base}/help/")
    assert visitor.locator("html").get_attribute("lang") == "th"
    visitor.select_option("#help-form select[name=problem_type]", "poverty")
    pick_place(visitor, "place")
    visitor.fill("#help-form input[name=place_detail]", "บ้านเลขที่ 45 หลังวัด")
    visitor.fill("#help-form textarea[name=description]", DESCRIPTION)
    visitor.check("#help-form input[name=for_someone_else]")
    visitor.fill("#help-form input[name=contact_name]", CONTACT_NAME)
    visitor.fill("#help-form input[name=contact_phone]", CONTACT_PHONE)
    visitor.check("#help-form input[name=consent]")
    submit(visitor, "#help-submit")
    reference = visitor.locator("#help-reference").inner_text().strip()
    assert re.fullmatch(r"HR-[A-Z0-9]{8}", reference), reference

    # The status page shows the status and dates, and nothing personal
    submit(visitor, f"a[href*='/help/status/?reference={reference}']")
    assert reference in visitor.locator("#status-result").inner_text()
    status = visitor.locator("#status-label").inner_text().strip()
    assert status == th(HelpRequest.Status.RECEIVED.label)
    page_text = visitor.locator("main").inner_text()
    for private in (CONTACT_NAME, CONTACT_PHONE, "ยายคำ", "บ้านเลขที่ 45"):
        assert private not in page_text
    context.close()
    return reference


def open_case_from_request(page, base: str, reference: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The officer finds the request in the work queue and opens a case for a new person;
    returns the case's page and its reference."""
    page.goto(f"{base}/cases/queues/requests/")
    submit(page, f"#queue-items li[data-request='{reference}'] a[href*='/cases/requests/']")
    assert reference in page.locator("#request-reference").inner_text()
    assert CONTACT_PHONE in page.locator("#request-contact").inner_text()
    submit(page, "#open-case")
    form = "#new-person-form"
    page.fill(f"{form} input[name=title]", "นาง")
    page.fill(f"{form} input[name=first_name]", FIRST_NAME)
    page.fill(f"{form} input[name=last_name]", LAST_NAME)
    page.select_option(f"{form} select[name=sex]", Person.Sex.FEMALE.value)
    page.fill(f"{form} input[name=phone]", PERSON_PHONE)
    page.fill(f"{form} input[name=house_number]", HOUSE_NUMBER)
    # The village and the problem come from the request
    assert page.locator(f"{form} select[name=village]").input_value() == VILLAGE
    checked = page.locator(f"{form} input[name=problem_types]:checked")
    assert checked.evaluate_all("els => els.map(e => e.value)") != []
    page.select_option(f"{form} select[name=urgency]", Case.Urgency.HIGH.value)
    submit(page, "#open-new")
    assert re.search(r"/cases/\d+/$", page.url), page.url
    assert case_state(page) == State.INTAKE
    assert f"{FIRST_NAME} {LAST_NAME}" in page.locator("#case-subject").inner_text()
    return page.url, page.locator("#case-reference").inner_text().split()[0]


def screen_the_person(page, case_url: str) -> None:  # type: ignore[no-untyped-def]
    """At screening the officer records who the person is and her consent to share data."""
    submit(page, "#case-subject a[href*='/registry/people/']")
    person_url = page.url
    submit(page, "#edit-person")
    page.fill("#person-form input[name=national_id]", NATIONAL_ID)
    submit(page, "#save-person")
    assert page.url.split("#")[0] == person_url
    submit(page, "#add-consent")
    page.select_option("#consent-form select[name=purpose]", Consent.Purpose.SHARE_WITH_PARTNERS)
    page.select_option("#consent-form select[name=given_by]", Consent.GivenBy.SELF)
    submit(page, "#save-consent")
    assert page.locator("#consent-table tbody tr").count() == 1
    page.goto(case_url)
    assert page.locator("#masked-id").inner_text().strip() == nationalid.mask(NATIONAL_ID)


def write_care_plan(page, case_url: str) -> None:  # type: ignore[no-untyped-def]
    """A goal for the case's problem, and an action for it."""
    submit(page, "#open-care-plan")
    page.fill("#goal-form input[name=goal-text]", "ยายคำมีเงินพอจ่ายค่าไฟและค่าอาหาร")
    page.select_option("#goal-form select[name=goal-problem_type]", index=1)
    submit(page, "#add-goal")
    goal = page.locator("#goals div.card[id^=goal-]")
    assert goal.count() == 1
    goal.locator("details summary").click()
    goal.locator("input[name=action-description]").fill("ขอเงินช่วยเหลือฉุกเฉินจากกองทุนสวัสดิการชุมชน")
    goal.locator("input[name=action-owner_text]").fill("กองทุนสวัสดิการชุมชน")
    submit(page, "#goals .action-form button[type=submit]")
    assert page.locator("#goals li[id^=action-]").count() == 1
    page.goto(case_url)
    assert page.locator("#care-plan li").count() == 2  # the goal and its action


def refer_to_the_fund(page) -> None:  # type: ignore[no-untyped-def]
    """Refer to the demo partner's service, sharing her name and contact (she consented)."""
    submit(page, "#refer-case")
    assert page.locator("#consent-status .bi-shield-check").count() == 1
    value = page.locator("#refer-form select[name=service] option").evaluate_all(
        """(options, [service, partner]) => options
            .filter(o => o.text.includes(service) && o.text.includes(partner))
            .map(o => o.value)[0] || ''""",
        [SERVICE, PARTNER_PREFIX],
    )
    assert value, "the demo partner's service is not offered for the case"
    page.select_option("#refer-form select[name=service]", value)
    page.fill(
        "#refer-form textarea[name=request]",
        "ขอเงินช่วยเหลือฉุกเฉินสำหรับค่าไฟค้างชำระและค่าอาหารหนึ่งเดือน",
    )
    page.select_option("#refer-form select[name=action]", index=1)
    page.check("#refer-form input[name=share_personal_data]")
    submit(page, "#send-referral")
    rows = page.locator("#referral-table tbody tr")
    assert rows.count() == 1
    assert SERVICE in rows.inner_text()
    assert th(ReferralState.SENT.label) in rows.inner_text()


def partner_accepts_and_delivers(page, base: str, case_reference: str) -> None:  # type: ignore[no-untyped-def]
    """The partner, on a phone, answers from the inbox; it sees the person (she consented)
    but never her national ID."""
    sign_in(page, base, "partner")
    page.goto(f"{base}/cases/referrals/inbox/")
    item = page.locator("#inbox a[data-referral]").filter(has_text=case_reference)
    assert item.count() == 1
    assert SERVICE in item.inner_text()
    assert th(ReferralState.SENT.label) in item.inner_text()
    submit(page, f"#inbox a[data-referral='{item.get_attribute('data-referral')}']")
    referral_url = page.url
    assert f"{FIRST_NAME} {LAST_NAME}" in page.locator("#person-name").inner_text()
    assert PERSON_PHONE in page.locator("#person-phone").inner_text()
    address = squash(page.locator("#person-address").inner_text())
    assert address.startswith(f"{th('House number')} {HOUSE_NUMBER} · "), address
    assert fits_the_screen(page)
    save_screenshot(page, "case-walk-partner-referral-phone")

    submit(page, "#referral-answers a[data-answer=accept]")
    submit(page, "#confirm-answer")
    assert page.url == referral_url
    submit(page, "#referral-answers a[data-answer=deliver]")
    assert fits_the_screen(page)
    page.fill("#answer-form textarea[name=result_note]", RESULT_NOTE)
    submit(page, "#confirm-answer")
    assert page.locator("#referral-result").inner_text().strip() == RESULT_NOTE
    assert page.locator("#referral-answers").count() == 0  # nothing left to answer

    for url in (f"{base}/cases/referrals/inbox/", referral_url):
        page.goto(url)
        assert fits_the_screen(page)
        content = page.content()
        for shown in (NATIONAL_ID, nationalid.format(NATIONAL_ID), nationalid.mask(NATIONAL_ID)):
            assert shown not in content


def follow_up_and_close(page, case_url: str) -> None:  # type: ignore[no-untyped-def]
    move_case(page, State.IN_SERVICE)
    move_case(page, State.FOLLOW_UP)
    submit(page, "#open-follow-ups")
    due = dt.datetime.now(ZoneInfo("Asia/Bangkok")).date() + dt.timedelta(days=7)
    page.fill("#follow-up-form input[name=follow_up-due_on]", due.isoformat())
    page.fill("#follow-up-form input[name=follow_up-purpose]", "ยายคำจ่ายค่าไฟได้เองหรือไม่")
    submit(page, "#save-follow-up")
    submit(page, "#follow-ups li[data-status=open] a[href$='/done/']")
    page.fill("#follow-up-done-form textarea[name=result]", "จ่ายค่าไฟครบแล้ว มีรายได้จากการขายผัก")
    submit(page, "#save-result")
    assert page.url == case_url
    move_case(
        page,
        State.CLOSED,
        outcome=Case.Outcome.SELF_RELIANT,
        reason="ยายคำพึ่งตนเองได้ มีรายได้จากการขายผัก",
    )


def assert_timeline(page) -> None:  # type: ignore[no-untyped-def]
    """Every step on the timeline page, in the order it happened."""
    submit(page, "#open-timeline")
    items = page.locator("#timeline li[data-kind]")
    kinds = items.evaluate_all("els => els.map(e => e.dataset.kind)")
    heads = [squash(t) for t in items.locator("span.fw-semibold").all_inner_texts()]
    expected = [
        "opened",
        "from_request",
        "transition",
        "transition",
        "transition",
        "referral_sent",
        "referral_accepted",
        "referral_delivered",
        "transition",
        "transition",
        "follow_up_scheduled",
        "follow_up_done",
        "transition",
    ]
    # The care plan's goal and action come between planning and the referral, and the
    # delivered referral marks its action done (the closed loop) right after the delivery.
    assert [k for k in kinds if k != "plan_changed"] == expected, kinds
    planned = [i for i, k in enumerate(kinds) if k == "plan_changed"]
    written, closed_loop = planned[:-1], planned[-1]
    assert written and kinds.index("referral_sent") > max(written) > kinds.index("transition")
    assert closed_loop == kinds.index("referral_delivered") + 1, kinds
    moves = [h for k, h in zip(kinds, heads, strict=True) if k == "transition"]
    path = [State.INTAKE, State.SCREENING, State.ASSESSMENT, State.PLANNING]
    path += [State.IN_SERVICE, State.FOLLOW_UP, State.CLOSED]
    labels = [th(state.label) for state in path]
    steps = pairwise(labels)
    assert moves == [f"{th('moved on')}: {a} → {b}" for a, b in steps], moves
    assert th(Case.Outcome.SELF_RELIANT.label) in items.last.inner_text()


def test_a_case_from_a_public_request_to_closing_as_self_reliant(
    server_url: str, browser, desktop_page, phone_page
) -> None:  # type: ignore[no-untyped-def]
    base, officer, partner = server_url, desktop_page, phone_page

    # Given a neighbour asked for help on the public form
    reference = ask_for_help(browser, base)

    # When the officer opens a case from the request, for a person not yet registered
    sign_in(officer, base, "officer")
    case_url, case_reference = open_case_from_request(officer, base, reference)

    # And moves it on: screening (who she is, her consent), assessment, planning
    move_case(officer, State.SCREENING)
    screen_the_person(officer, case_url)
    move_case(officer, State.ASSESSMENT)
    move_case(officer, State.PLANNING)

    # And writes the care plan and refers her to the partner's fund
    write_care_plan(officer, case_url)
    refer_to_the_fund(officer)
    save_screenshot(officer, "case-walk-officer-referred")

    # And the partner accepts the referral and gives the service, on a phone
    partner_accepts_and_delivers(partner, base, case_reference)

    # Then the officer sees the partner's answer on the case page
    officer.goto(case_url)
    answer = officer.locator("#referral-table tbody tr").inner_text()
    assert th(ReferralState.DELIVERED.label) in answer
    assert RESULT_NOTE in answer

    # When the officer follows up and closes the case as self-reliant
    follow_up_and_close(officer, case_url)

    # Then the case shows closed and self-reliant, and the timeline tells the story in order
    assert case_state(officer) == State.CLOSED
    closed = officer.locator("#case-closed").inner_text().strip()
    assert closed.endswith(th(Case.Outcome.SELF_RELIANT.label))
    save_screenshot(officer, "case-walk-officer-closed")
    assert_timeline(officer)

    # And the requester's status page says the request is closed
    visitor = browser.new_context(locale="th-TH").new_page()
    visitor.goto(f"{base}/help/status/?reference={reference}")
    status = visitor.locator("#status-label").inner_text().strip()
    assert status == th(HelpRequest.Status.CLOSED.label)
    visitor.context.close()
