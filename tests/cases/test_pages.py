"""The case pages as an officer uses them: open a case from a person's page, read it (masked ID,
logged), filter the list, write the care plan, read the timeline; and the list's queries."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tambon.accounts.models import AccessLog, User
from tambon.cases.models import CarePlanAction, CarePlanGoal, Case, CaseEvent, State
from tambon.cases.services.care_plans import add_goal
from tambon.cases.services.cases import assign_case
from tambon.core import nationalid
from tests.cases.factories import make_case, person_in, problems
from tests.conftest import login
from tests.registry.factories import PHRA_BOROM, make_household
from tests.registry.test_people_support import new_national_id

pytestmark = pytest.mark.django_db


def test_an_officer_opens_a_case_from_a_person_page(client: Client, siphum_officer: User) -> None:
    person = person_in(first_name="คำปุน", last_name="ใจดี")
    login(client, siphum_officer)

    page = client.get(reverse("registry:person_detail", args=[person.pk]))
    open_url = reverse("cases:case_open") + f"?person={person.pk}"
    response = client.post(
        open_url,
        {
            "channel": "hotline_1300",
            "urgency": "high",
            "problem_types": [p.pk for p in problems("elderly", "poverty")],
            "summary": "ผู้สูงอายุอยู่ลำพัง",
        },
    )

    assert 'id="open-case"' in page.content.decode()
    assert open_url in page.content.decode()
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.reference.startswith("C-500101-")
    assert (case.person, case.subdistrict_id, case.state) == (person, "500101", "intake")
    shown = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert case.reference in shown
    assert CaseEvent.objects.get(case=case).kind == CaseEvent.Kind.OPENED


def test_a_household_page_lists_its_cases_and_opens_one(
    client: Client, siphum_officer: User
) -> None:
    household = make_household(house_number="45/2")
    login(client, siphum_officer)

    empty = client.get(reverse("registry:household_detail", args=[household.pk]))
    opened = client.post(
        reverse("cases:case_open") + f"?household={household.pk}",
        {"channel": "survey", "urgency": "normal", "problem_types": [problems("housing")[0].pk]},
    )
    listed = client.get(reverse("registry:household_detail", args=[household.pk]))

    assert 'id="cases-empty"' in empty.content.decode()
    assert opened.status_code == 302
    case = Case.objects.get()
    assert (case.household, case.person) == (household, None)
    assert case.reference in listed.content.decode()


def test_opening_a_case_without_a_problem_type_is_refused(
    client: Client, siphum_officer: User
) -> None:
    person = person_in()
    response = login(client, siphum_officer).post(
        reverse("cases:case_open") + f"?person={person.pk}",
        {"channel": "walk_in", "urgency": "normal", "summary": "ไม่ได้เลือกปัญหา"},
    )

    assert response.status_code == 400
    assert "ไม่ได้เลือกปัญหา" in response.content.decode()
    assert not Case.objects.exists()


def test_the_case_page_shows_the_masked_id_never_the_full_one_and_is_logged(
    client: Client, siphum_officer: User
) -> None:
    national_id = new_national_id()
    case = make_case(siphum_officer, person=person_in(national_id=national_id))

    response = login(client, siphum_officer).get(reverse("cases:case_detail", args=[case.pk]))

    html = response.content.decode()
    assert nationalid.mask(national_id) in html
    assert national_id not in html
    assert nationalid.format(national_id) not in html
    entry = AccessLog.objects.get()
    assert (entry.action, entry.object_type, entry.object_id, entry.user) == (
        AccessLog.Action.VIEW,
        "cases.case",
        str(case.pk),
        siphum_officer,
    )


def test_the_list_filters_by_state_urgency_channel_problem_and_mine(
    client: Client, siphum_officer: User
) -> None:
    elderly = make_case(siphum_officer, codes=("elderly",), urgency="high")
    housing = make_case(siphum_officer, codes=("housing",), channel="walk_in", state=State.PLANNING)
    login(client, siphum_officer)
    url = reverse("cases:case_list")

    def shown(**query: str) -> set[str]:
        html = client.get(url, query).content.decode()
        return {c.reference for c in (elderly, housing) if c.reference in html}

    assert shown() == {elderly.reference, housing.reference}
    assert shown(state="planning") == {housing.reference}
    assert shown(urgency="high") == {elderly.reference}
    assert shown(channel="walk_in") == {housing.reference}
    assert shown(problem_type="elderly") == {elderly.reference}
    assert shown(mine="on") == set()
    assert shown(**{"area-province": "10"}) == set()
    assert shown(q=elderly.person.first_name) == {elderly.reference}  # type: ignore[union-attr]


def test_the_list_of_a_bangkok_officer_leaves_out_chiang_mai(
    client: Client, siphum_officer: User, bkk_officer: User
) -> None:
    chiang_mai = make_case(siphum_officer)
    bangkok = make_case(bkk_officer, subdistrict=PHRA_BOROM)

    html = login(client, bkk_officer).get(reverse("cases:case_list")).content.decode()

    assert bangkok.reference in html
    assert chiang_mai.reference not in html


def test_an_officer_writes_a_care_plan_with_goals_and_actions(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = make_case(siphum_officer, state=State.PLANNING)
    login(client, siphum_officer)
    elderly = problems("elderly")[0]

    saved = client.post(reverse("cases:care_plan", args=[case.pk]), {"summary": "ดูแลรายเดือน"})
    assert saved.status_code == 302, saved.content.decode()[-3000:]
    client.post(
        reverse("cases:goal_add", args=[case.pk]),
        {"goal-text": "ได้รับเบี้ยยังชีพผู้สูงอายุ", "goal-problem_type": elderly.pk},
    )
    goal = CarePlanGoal.objects.get(plan__case=case)
    added = client.post(
        reverse("cases:action_add", args=[case.pk, goal.pk]),
        {
            "action-description": "พาไปยื่นเอกสารที่ อบต.",
            "action-owner": siphum_volunteer.pk,
            "action-due_date": "15/12/2580",
        },
    )
    action = CarePlanAction.objects.get()
    done = client.post(reverse("cases:action_done", args=[case.pk, action.pk]))
    again = client.post(reverse("cases:action_done", args=[case.pk, action.pk]), follow=True)
    page = client.get(reverse("cases:care_plan", args=[case.pk])).content.decode()

    assert (added.status_code, done.status_code) == (302, 302)
    action.refresh_from_db()
    assert (action.status, action.owner, action.due_date.year) == ("done", siphum_volunteer, 2037)  # type: ignore[union-attr]
    assert "ได้รับเบี้ยยังชีพผู้สูงอายุ" in page
    assert "15 ธ.ค. 2580" in page
    assert "already" in again.content.decode() or "แล้ว" in again.content.decode()
    kinds = list(CaseEvent.objects.filter(case=case).values_list("data__change", flat=True))
    assert kinds[-4:] == ["summary", "goal_added", "action_added", "action_done"]


def test_a_goal_must_address_one_of_the_cases_problems(siphum_officer: User) -> None:
    from tambon.core.errors import ValidationError

    case = make_case(siphum_officer, codes=("elderly",), state=State.PLANNING)

    with pytest.raises(ValidationError):
        add_goal(by=siphum_officer, case=case, text="หางานทำ", problem_type=problems("debt")[0])


def test_the_timeline_page_lists_every_event_in_order(client: Client, siphum_officer: User) -> None:
    case = make_case(siphum_officer, state=State.REOPENED)

    html = login(client, siphum_officer).get(reverse("cases:case_timeline", args=[case.pk]))

    content = html.content.decode()
    assert content.count('data-kind="transition"') == 7
    assert content.count('data-kind="opened"') == 1
    assert content.index('data-kind="opened"') < content.index('data-kind="transition"')
    assert "ญาติแจ้งว่ากลับมามีปัญหาอีก" in content


def add_cases(count: int, officer: User, volunteer: User) -> None:
    """Cases with everything a row shows: person, household, problems, officer, volunteer."""
    for _ in range(count):
        case = make_case(officer, codes=("elderly", "poverty", "housing"))
        assign_case(
            by=officer,
            case=case,
            expected_version=case.version,
            officer=officer,
            volunteer=volunteer,
        )


def test_the_case_list_makes_as_many_queries_for_200_cases_as_for_2(
    client: Client,
    siphum_officer: User,
    siphum_volunteer: User,
    django_assert_max_num_queries: Any,
) -> None:
    login(client, siphum_officer)
    add_cases(2, siphum_officer, siphum_volunteer)
    with CaptureQueriesContext(connection) as few:
        assert (
            client.get(reverse("cases:case_list"), {"problem_type": "elderly"}).status_code == 200
        )
    add_cases(198, siphum_officer, siphum_volunteer)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cases:case_list"), {"problem_type": "elderly"})

    assert response.status_code == 200
    assert 'id="case-count"' in response.content.decode()
