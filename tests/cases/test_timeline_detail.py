"""Each timeline row says what happened: referrals (partner, service, answer date, reasons and
the partner's notes, how overdue), home visits, assistance, follow-ups and cases opened from a
request for help, read by the officer in Thai with Buddhist-era dates; older events without
the newer details still read; the page's queries do not grow with its events."""

import datetime as dt
import html
import itertools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext

from tambon.accounts.models import User
from tambon.cases.models import Case, CaseEvent, Referral
from tambon.cases.services import referrals as referral_services
from tambon.cases.services.assistance import record_assistance
from tambon.cases.services.care_plans import add_action, add_goal, set_goal_status
from tambon.cases.services.cases import CaseData, add_note, update_case
from tambon.cases.services.events import record_event
from tambon.cases.services.fieldwork import Kind
from tambon.cases.services.follow_ups import (
    cancel_follow_up,
    complete_follow_up,
    schedule_follow_up,
)
from tambon.cases.services.requests import KIND_FROM_REQUEST, open_case_from_request
from tambon.cases.services.visits import add_visit_photo, record_visit
from tambon.core.thai import format_date
from tambon.registry.models import Dimension
from tests.cases.factories import person_in, problems
from tests.cases.referral_support import NATIONAL_ID, World, world_fixture  # noqa: F401
from tests.cases.requests_helpers import submit
from tests.cases.visits_support import _private_media, allow_photos, upload  # noqa: F401
from tests.conftest import login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
WEEK = dt.timedelta(days=7)


def th(message: str, **params: Any) -> str:
    """A message as the Thai page shows it."""
    with translation.override("th"):
        text = gettext(message)
    return text % params if params else text


def th_in(context: str, message: str) -> str:
    """A message with a context (a word that means something else elsewhere) in Thai."""
    with translation.override("th"):
        return pgettext(context, message)


def th_date(day: dt.date) -> str:
    with translation.override("th"):
        return format_date(day)


def timeline_page(client: Client, officer: User, case: Case) -> str:
    response = login(client, officer).get(reverse("cases:case_timeline", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def rows(page: str, kind: str) -> list[str]:
    """The text of each timeline row of `kind`, tags stripped and spaces collapsed."""
    found = re.findall(rf'<li class="list-group-item" data-kind="{kind}">(.*?)</li>', page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in found]


def row(page: str, kind: str) -> str:
    found = rows(page, kind)
    assert len(found) == 1, (kind, found)
    return found[0]


# --- referrals -----------------------------------------------------------------------------


def test_a_sent_referral_names_the_partner_the_service_and_the_answer_date(
    client: Client, world: World
) -> None:
    due = TODAY() + dt.timedelta(days=10)
    world.refer(answer_due=due)

    shown = row(timeline_page(client, world.officer, world.case), "referral_sent")

    assert f"{th('Partner')}: {world.fund.name}" in shown
    assert f"{th('Service')}: {world.service.name}" in shown
    assert f"{th('Answer due')}: {th_date(due)}" in shown
    assert str(due.year + 543) in shown
    assert th("Sent without personal data") in shown


def test_a_declined_referral_gives_the_partners_reason(client: Client, world: World) -> None:
    referral = world.refer()
    referral_services.answer_referral(
        action="decline",
        referral=referral,
        reason="รถของกองทุนเสีย ไม่สามารถออกเยี่ยมบ้านได้เดือนนี้",
        by=world.member,
        expected_version=referral.version,
    )

    shown = row(timeline_page(client, world.officer, world.case), "referral_declined")

    assert f"{th('Reason')}: รถของกองทุนเสีย ไม่สามารถออกเยี่ยมบ้านได้เดือนนี้" in shown
    assert world.fund.name in shown and world.service.name in shown


def test_a_delivered_referral_shows_the_partners_note(client: Client, world: World) -> None:
    referral = world.refer()
    referral = referral_services.answer_referral(
        action="accept", referral=referral, by=world.member, expected_version=referral.version
    )
    referral_services.answer_referral(
        action="deliver",
        referral=referral,
        result_note="อาสาสมัครเยี่ยมบ้านครบ 4 ครั้ง ผู้สูงอายุได้รับไม้เท้าแล้ว",
        by=world.member,
        expected_version=referral.version,
    )

    page = timeline_page(client, world.officer, world.case)

    delivered = row(page, "referral_delivered")
    assert f"{th('The partner' + chr(39) + 's note')}: อาสาสมัครเยี่ยมบ้านครบ 4 ครั้ง" in delivered
    assert world.service.name in row(page, "referral_accepted")


def test_a_referral_not_delivered_shows_why(client: Client, world: World) -> None:
    referral = world.refer()
    referral = referral_services.answer_referral(
        action="accept", referral=referral, by=world.member, expected_version=referral.version
    )
    referral_services.answer_referral(
        action="not_deliver",
        referral=referral,
        result_note="ผู้สูงอายุย้ายไปอยู่กับบุตรที่ลำพูน",
        by=world.member,
        expected_version=referral.version,
    )

    shown = row(timeline_page(client, world.officer, world.case), "referral_not_delivered")

    assert "ผู้สูงอายุย้ายไปอยู่กับบุตรที่ลำพูน" in shown


def test_a_withdrawn_referral_gives_the_officers_reason(client: Client, world: World) -> None:
    referral = world.refer()
    referral_services.withdraw_referral(
        referral=referral,
        reason="ครอบครัวรับไปดูแลเองแล้ว",
        by=world.officer,
        expected_version=referral.version,
    )

    shown = row(timeline_page(client, world.officer, world.case), "referral_withdrawn")

    assert f"{th('Reason')}: ครอบครัวรับไปดูแลเองแล้ว" in shown
    assert world.fund.name in shown


def test_reminders_and_escalations_say_which_referral_and_how_overdue(
    client: Client, world: World
) -> None:
    referral = world.refer()
    due = referral.answer_due
    referral_services.escalate_referrals(today=due + dt.timedelta(days=1))
    referral_services.escalate_referrals(today=due + dt.timedelta(days=4))

    page = timeline_page(client, world.officer, world.case)

    with translation.override("th"):
        one_day = ngettext("%(n)s day overdue", "%(n)s days overdue", 1) % {"n": 1}
        four_days = ngettext("%(n)s day overdue", "%(n)s days overdue", 4) % {"n": 4}
    reminded, escalated = row(page, "referral_reminded"), row(page, "referral_escalated")
    assert world.service.name in reminded and world.fund.name in reminded
    assert f"{th('Answer due')}: {th_date(due)} · {one_day}" in reminded
    assert f"{th('Answer due')}: {th_date(due)} · {four_days}" in escalated


def test_a_reason_with_markup_is_shown_as_text(client: Client, world: World) -> None:
    referral = world.refer()
    referral_services.answer_referral(
        action="decline",
        referral=referral,
        reason="<script>alert('x')</script> ไม่มีอาสาสมัคร",
        by=world.member,
        expected_version=referral.version,
    )

    page = timeline_page(client, world.officer, world.case)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; ไม่มีอาสาสมัคร" in page


def test_no_national_id_goes_into_the_events_of_a_referral_with_personal_data(
    client: Client, world: World
) -> None:
    world.consent()
    world.refer(share=True)

    page = timeline_page(client, world.officer, world.case)

    stored = json.dumps([e.data for e in CaseEvent.objects.filter(case=world.case)])
    assert NATIONAL_ID not in stored and NATIONAL_ID not in page
    assert th("Personal data shared with the partner, with the person's consent") in row(
        page, "referral_sent"
    )


# --- field work ----------------------------------------------------------------------------


def test_a_home_visit_says_when_who_visited_who_was_met_and_the_scores(
    client: Client, world: World
) -> None:
    day = TODAY()
    record_visit(
        case=world.case,
        visited_on=day,
        met="นางบุญมี ศรีวงศ์ และหลานสาว",
        observations="บ้านหลังคารั่ว ผู้สูงอายุเดินได้แต่ต้องใช้ไม้เท้า",
        dimension_scores={"health": 2, "income": "3"},
        by=world.officer,
    )

    shown = row(timeline_page(client, world.officer, world.case), "visit")

    assert f"{th('Visited on')}: {th_date(day)}" in shown
    assert f"{th('Visitor')}: {world.officer}" in shown
    assert f"{th('Met')}: นางบุญมี ศรีวงศ์ และหลานสาว" in shown
    with translation.override("th"):
        health, income = str(Dimension.HEALTH.label), str(Dimension.INCOME.label)
    assert f"{health} 2/5 · {income} 3/5" in shown


def test_a_photo_added_later_says_to_which_visit(client: Client, world: World) -> None:
    day = TODAY()
    allow_photos(world.case, world.officer)
    visit = record_visit(
        case=world.case,
        visited_on=day,
        met="",
        observations="ผู้สูงอายุนอนติดเตียง",
        by=world.officer,
    )
    add_visit_photo(visit=visit, photo=upload(), by=world.officer)

    second = rows(timeline_page(client, world.officer, world.case), "visit")[1]

    assert second.endswith(th("Photo added to the visit of %(date)s", date=th_date(day)))


def test_assistance_shows_the_kind_the_amount_in_baht_and_the_source(
    client: Client, world: World
) -> None:
    record_assistance(
        case=world.case,
        given_on=TODAY(),
        kind="cash",
        description="เงินสงเคราะห์ครอบครัวผู้มีรายได้น้อย",
        amount="1500",
        source="community_fund",
        partner=world.fund,
        by=world.officer,
    )

    shown = row(timeline_page(client, world.officer, world.case), "assistance")

    assert f"{th('cash')}: เงินสงเคราะห์ครอบครัวผู้มีรายได้น้อย" in shown
    assert f"{th('Amount')}: {th('%(amount)s baht', amount='1,500.00')}" in shown
    assert f"{th('Source')}: {th('community welfare fund')}" in shown
    assert f"{th('Given by partner')}: {world.fund.name}" in shown
    assert f"{th_in('assistance', 'Given on')}: {th_date(TODAY())}" in shown


def test_follow_ups_show_the_due_date_and_what_was_done_or_why_called_off(
    client: Client, world: World
) -> None:
    due = TODAY() + dt.timedelta(days=14)
    first = schedule_follow_up(
        case=world.case,
        due_on=due,
        purpose="ตรวจว่าได้รับเบี้ยยังชีพผู้สูงอายุแล้ว",
        assigned_to=world.officer,
        by=world.officer,
    )
    second = schedule_follow_up(case=world.case, due_on=due, purpose="นัดพบบุตรชาย", by=world.officer)
    complete_follow_up(follow_up=first, result="ได้รับเบี้ยยังชีพเดือนละ 600 บาท", by=world.officer)
    cancel_follow_up(follow_up=second, reason="บุตรชายย้ายไปทำงานต่างจังหวัด", by=world.officer)

    page = timeline_page(client, world.officer, world.case)

    scheduled = rows(page, "follow_up_scheduled")[0]
    done, cancelled = row(page, "follow_up_done"), row(page, "follow_up_cancelled")
    assert f"{th('Due on')}: {th_date(due)} · {th('Assigned to')}: {world.officer}" in scheduled
    assert f"{th('What to check')}: ตรวจว่าได้รับเบี้ยยังชีพผู้สูงอายุแล้ว" in done
    assert f"{th('What the follow-up found')}: ได้รับเบี้ยยังชีพเดือนละ 600 บาท" in done
    assert f"{th('Due on')}: {th_date(due)}" in done
    assert f"{th('Reason')}: บุตรชายย้ายไปทำงานต่างจังหวัด" in cancelled
    assert "นัดพบบุตรชาย" in cancelled


# --- a case opened from a request for help -------------------------------------------------


def test_a_case_from_a_request_shows_its_reference_and_channel(
    client: Client, siphum_officer: User
) -> None:
    help_request = submit()
    case = open_case_from_request(
        by=siphum_officer,
        help_request=help_request,
        data=CaseData(channel=Case.Channel.WALK_IN, problem_types=problems("elderly")),
        person=person_in(),
    )

    shown = row(timeline_page(client, siphum_officer, case), "from_request")

    assert f"{th('Reference number')}: {help_request.reference}" in shown
    assert f"{th('Channel')}: {th('the public form')}" in shown
    assert f"{th('Received')}: {th_date(TODAY())}" in shown


# --- the case's own steps ------------------------------------------------------------------


def test_opening_changing_and_planning_say_what_happened(client: Client, world: World) -> None:
    case = update_case(
        by=world.officer,
        case=world.case,
        expected_version=world.case.version,
        data=CaseData(
            channel=world.case.channel,
            problem_types=list(world.case.problem_types.all()),
            urgency=Case.Urgency.HIGH,
            summary=world.case.summary,
        ),
    )
    goal = add_goal(by=world.officer, case=case, text="มีรายได้พอใช้จ่ายรายเดือน")
    set_goal_status(by=world.officer, case=case, goal=goal, status="achieved")
    add_action(by=world.officer, case=case, goal=goal, description="สมัครงานจักสานกับกลุ่มแม่บ้าน")

    page = timeline_page(client, world.officer, case)

    assert f"{th('Channel')}: {th('hotline 1300')}" in row(page, "opened")
    assert f"{th('What changed')}: {th('urgency')}" in row(page, "changed")
    added, achieved, action = rows(page, "plan_changed")
    assert f"{th('goal added')} {th('Goal')}: มีรายได้พอใช้จ่ายรายเดือน" in added
    assert f"{th('Status')}: {th('achieved')}" in achieved
    assert f"{th('action added')} {th_in('care plan', 'Action')}: สมัครงานจักสาน" in action


# --- older events --------------------------------------------------------------------------


def test_older_events_without_the_newer_details_still_read(client: Client, world: World) -> None:
    # As the services wrote them before the snapshot grew (no dates, no channel).
    for kind, data in [
        (
            Kind.ASSISTANCE,
            {"kind": "goods", "description": "ถุงยังชีพ", "amount": "", "source": "donor"},
        ),
        (Kind.FOLLOW_UP_DONE, {"follow_up": 1, "purpose": "ติดตามอาการ", "result": "ดีขึ้น"}),
        (KIND_FROM_REQUEST, {"reference": "HR-ABCDEFGH"}),
        ("referral_reminded", {"referral": 1, "service": "บริการ", "partner": "ภาคี"}),
        ("referral_escalated", {"service": "บริการ", "answer_due": str(TODAY() - WEEK)}),
        ("a_kind_no_longer_registered", {"text": "บันทึกเก่า"}),
    ]:
        record_event(case=world.case, by=world.officer, kind=kind, data=data)

    page = timeline_page(client, world.officer, world.case)

    assert f"{th('goods')}: ถุงยังชีพ" in row(page, "assistance")
    assert th("Amount") not in row(page, "assistance")
    assert "ดีขึ้น" in row(page, "follow_up_done")
    assert f"HR-ABCDEFGH · {th('Channel')}: {th('the public form')}" in row(page, "from_request")
    assert th("Answer due") not in row(page, "referral_reminded")
    with translation.override("th"):
        a_week = ngettext("%(n)s day overdue", "%(n)s days overdue", 7) % {"n": 7}
    assert row(page, "referral_escalated").endswith(f"{th_date(TODAY() - WEEK)} · {a_week}")
    assert "บันทึกเก่า" in row(page, "a_kind_no_longer_registered")


# --- queries -------------------------------------------------------------------------------


def mixed_events(world: World) -> Iterator[Callable[[], object]]:
    """Writes that each add one event to the case, of every field-work and referral kind."""
    open_referral: list[Referral] = []

    def refer() -> None:
        open_referral.append(world.refer())

    def withdraw() -> None:
        referral = open_referral.pop()
        referral_services.withdraw_referral(
            referral=referral, reason="ส่งต่อใหม่", by=world.officer, expected_version=1
        )

    writes: list[Callable[[], object]] = [
        lambda: add_note(by=world.officer, case=world.case, text="โทรสอบถามอาการ"),
        lambda: record_visit(
            case=world.case,
            visited_on=TODAY(),
            met="ผู้สูงอายุ",
            observations="อาการดีขึ้น",
            dimension_scores={"health": 3},
            by=world.officer,
        ),
        lambda: record_assistance(
            case=world.case,
            given_on=TODAY(),
            kind="cash",
            description="เงินสงเคราะห์",
            amount="1500",
            source="government",
            partner=world.fund,
            by=world.officer,
        ),
        lambda: schedule_follow_up(
            case=world.case, due_on=TODAY(), purpose="ติดตามผล", by=world.officer
        ),
        refer,
        withdraw,
    ]
    return itertools.cycle(writes)


def queries_of_timeline(client: Client, world: World) -> int:
    login(client, world.officer)
    url = reverse("cases:case_timeline", args=[world.case.pk])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_timeline_page_runs_as_many_queries_for_50_events_as_for_10(
    client: Client, world: World
) -> None:
    writes = mixed_events(world)

    def grow_to(count: int) -> None:
        while CaseEvent.objects.filter(case=world.case).count() < count:
            next(writes)()

    grow_to(10)
    with_10 = queries_of_timeline(client, world)
    grow_to(50)
    with_50 = queries_of_timeline(client, world)

    assert CaseEvent.objects.filter(case=world.case).count() == 50
    assert len(set(CaseEvent.objects.filter(case=world.case).values_list("kind", flat=True))) >= 8
    assert with_50 == with_10


def test_form_labels_shared_with_other_apps_take_the_cases_wording() -> None:
    # "Given on" and "Action" are also msgids of the registry (consent) and of Django: without
    # a context the Thai of whichever catalogue loads first would show.
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    from tambon.cases.forms.care_plans import ActionForm
    from tambon.cases.forms.visits import AssistanceForm

    with translation.override("th"):
        given_on = str(AssistanceForm.base_fields["given_on"].label)
        action = str(ActionForm.base_fields["description"].label)
        assert given_on == pgettext("assistance", "Given on") != gettext("Given on")
        assert action == pgettext("care plan", "Action") != gettext("Action")
