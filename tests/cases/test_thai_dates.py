"""Every date the cases, network and notification pages show in Thai is in the Buddhist era.

The records are dated 2021 (พ.ศ. 2564) and the person was born in 1950 (พ.ศ. 2493): each page's
visible text (not its attributes: an ISO `datetime=` or a date picker's `value=` is for the
machine) shows the Buddhist-era year and no Christian-era one, not even today's. So does the
access log, where the cases app names the home visit whose photo was seen.
"""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tambon.accounts.models import User
from tambon.cases.models import (
    Assistance,
    CarePlanAction,
    Case,
    CaseEvent,
    FollowUp,
    HelpRequest,
    HomeVisit,
    Referral,
)
from tambon.cases.services import care_plans
from tambon.cases.services.assistance import record_assistance
from tambon.cases.services.cases import assign_case
from tambon.cases.services.follow_ups import schedule_follow_up
from tambon.cases.services.visits import record_visit
from tambon.core.thai import format_date
from tambon.network.models import Partner, WelfareService
from tambon.notifications.models import Notification
from tambon.notifications.services import notify
from tambon.registry.models import Person
from tests.cases.referral_support import World
from tests.cases.referral_support import world_fixture as world_fixture
from tests.cases.requests_helpers import submit
from tests.cases.visits_support import allow_photos, upload
from tests.conftest import login

pytestmark = pytest.mark.django_db

BE_YEAR = "2564"
BIRTH_BE_YEAR = "2493"


def at(month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2021, month, day, 10, 30))


def on(month: int, day: int) -> dt.date:
    return dt.date(2021, month, day)


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside <script>, <style> and <template>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def dated(world: World, siphum_volunteer: User) -> World:
    """The world's case with every kind of dated record, all moved back to 2021."""
    officer, case = world.officer, world.case
    case = assign_case(
        by=officer,
        case=case,
        expected_version=case.version,
        officer=officer,
        volunteer=siphum_volunteer,
    )
    care_plans.save_care_plan(by=officer, case=case, summary="ดูแลรายเดือน", expected_version=None)
    goal = care_plans.add_goal(by=officer, case=case, text="มีรายได้พอใช้จ่าย")
    care_plans.add_action(by=officer, case=case, goal=goal, description="สมัครเบี้ยยังชีพ")
    today = timezone.localdate()
    record_visit(case=case, visited_on=today, met="ลูกสาว", observations="บ้านทรุด", by=officer)
    record_assistance(
        case=case,
        given_on=today,
        kind="cash",
        description="เงินสงเคราะห์",
        amount="1500",
        source="government",
        by=officer,
    )
    schedule_follow_up(
        case=case,
        due_on=today,
        purpose="ติดตามอาการ",
        assigned_to=siphum_volunteer,
        by=officer,
    )
    world.refer()
    submit()
    notify(recipients=[world.member], subject="ส่งต่อใหม่", body="", url="/", email=False)
    notify(recipients=[officer], subject="มอบหมายกรณี", body="", url="/", email=False)

    Case.objects.update(opened_at=at(3, 29))
    CaseEvent.objects.update(at=at(3, 29))
    Person.objects.filter(pk=case.person_id).update(birth_date=dt.date(1950, 7, 2))
    CarePlanAction.objects.update(due_date=on(5, 1))
    HomeVisit.objects.update(visited_on=on(3, 31))
    Assistance.objects.update(given_on=on(4, 1))
    FollowUp.objects.update(due_on=on(4, 30))
    Referral.objects.update(sent_at=at(3, 30), answer_due=on(4, 6))
    HelpRequest.objects.update(created_at=at(3, 28), updated_at=at(3, 28))
    Notification.objects.update(created_at=at(3, 28))
    Partner.objects.update(updated_at=at(3, 28))
    WelfareService.objects.update(updated_at=at(3, 28))
    return world


def pages(w: World, volunteer: User) -> list[tuple[User | None, str]]:
    case = w.case.pk
    referral = Referral.objects.get().pk
    help_request = HelpRequest.objects.get()
    officer = w.officer
    return [
        (officer, reverse("cases:case_list")),
        (officer, reverse("cases:case_detail", args=[case])),
        (officer, reverse("cases:case_timeline", args=[case])),
        (officer, reverse("cases:care_plan", args=[case])),
        (officer, reverse("cases:visit_list", args=[case])),
        (officer, reverse("cases:assistance", args=[case])),
        (officer, reverse("cases:follow_ups", args=[case])),
        (officer, reverse("cases:follow_up_done", args=[case, FollowUp.objects.get().pk])),
        (officer, reverse("cases:referral_detail", args=[referral])),
        (officer, reverse("cases:queue", args=["mine"])),
        (officer, reverse("cases:queue", args=["follow-ups"])),
        (officer, reverse("cases:queue", args=["referrals"])),
        (officer, reverse("cases:queue", args=["requests"])),
        (officer, reverse("cases:request_list")),
        (officer, reverse("cases:request_detail", args=[help_request.pk])),
        (officer, reverse("notifications:list")),
        (volunteer, reverse("cases:my_visits")),
        (w.member, reverse("cases:referral_inbox")),
        (w.member, reverse("cases:referral_detail", args=[referral])),
        (w.member, reverse("cases:queue", args=["referrals"])),
        (w.member, reverse("notifications:list")),
        (None, reverse("help:status") + f"?reference={help_request.reference}"),
        (officer, reverse("network:partner_detail", args=[w.fund.pk])),
        (officer, reverse("network:service_detail", args=[w.service.pk])),
    ]


def test_every_date_shown_in_thai_is_in_the_buddhist_era(
    dated: World, siphum_volunteer: User
) -> None:
    ce_years = {"2021", "1950", str(timezone.localdate().year)}
    wrong = []
    for user, url in pages(dated, siphum_volunteer):
        client = Client()
        if user is not None:
            login(client, user)
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        if BE_YEAR not in text:
            wrong.append(f"{url}: no {BE_YEAR}")
        shown_ce = sorted(year for year in ce_years if year in text)
        if shown_ce:
            wrong.append(f"{url}: shows {shown_ce}")
    assert not wrong, "\n".join(wrong)


def test_the_persons_birth_date_is_in_the_buddhist_era(dated: World) -> None:
    client = login(Client(), dated.officer)

    text = visible_text(client.get(reverse("cases:case_detail", args=[dated.case.pk])).text)

    assert BIRTH_BE_YEAR in text
    assert "1950" not in text


def test_a_date_pickers_iso_value_is_for_the_machine_not_the_reader(dated: World) -> None:
    # The phone's date picker takes an ISO (Christian-era) value and shows it in the phone's own
    # calendar: it is an attribute, and the page's visible text still has no Christian-era year.
    response = login(Client(), dated.officer).get(reverse("cases:visit_new", args=[dated.case.pk]))
    today = timezone.localdate()

    assert f'value="{today.isoformat()}"' in response.content.decode()
    assert str(today.year) not in visible_text(response.content.decode())


def test_the_access_log_names_a_visit_photo_by_its_buddhist_era_date(
    world: World, admin: User, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    allow_photos(world.case, world.officer)
    today = timezone.localdate()
    visit = record_visit(
        case=world.case,
        visited_on=today,
        met="",
        observations="บ้านทรุด",
        photo=upload(),
        by=world.officer,
    )
    login(Client(), world.officer).get(reverse("cases:visit_photo", args=[world.case.pk, visit.pk]))

    audit = login(Client(), admin).get(reverse("accounts:audit") + "?tab=access")

    text = visible_text(audit.content.decode())
    assert format_date(today) in text  # e.g. 26 พ.ย. 2569
    assert today.isoformat() not in text
