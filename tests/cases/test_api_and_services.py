"""The cases API as a script uses it, and the rules of the case services that no page shows
on its own: reference numbers, the subject of a case, who may be assigned."""

import json
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from tambon.accounts.models import User
from tambon.cases.models import Case, CaseEvent, State
from tambon.cases.services.cases import (
    MSG_NOT_A_MEMBER,
    MSG_NOT_VOLUNTEER,
    CaseData,
    assign_case,
    open_case,
)
from tambon.core import nationalid
from tambon.core.errors import ValidationError
from tambon.core.thai import be_year
from tests.cases.factories import fresh, make_case, person_in, problems
from tests.registry.factories import make_household
from tests.registry.test_people_support import api_client, new_national_id

pytestmark = pytest.mark.django_db


def send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_reference_numbers_count_per_sub_district_and_buddhist_year(
    siphum_officer: User, bkk_officer: User
) -> None:
    year = be_year(timezone.localdate().year)

    first = make_case(siphum_officer)
    second = make_case(siphum_officer)
    bangkok = make_case(bkk_officer, subdistrict="100101")

    assert first.reference == f"C-500101-{year}-00001"
    assert second.reference == f"C-500101-{year}-00002"
    assert bangkok.reference == f"C-100101-{year}-00001"


def test_a_person_and_a_household_of_a_case_belong_together(siphum_officer: User) -> None:
    person = person_in()
    elsewhere = make_household(house_number="77")

    with pytest.raises(ValidationError) as refused:
        open_case(
            by=siphum_officer,
            person=person,
            household=elsewhere,
            data=CaseData(channel="walk_in", problem_types=problems("poverty")),
        )

    assert refused.value.message == gettext(MSG_NOT_A_MEMBER) % {"person": person}
    assert not Case.objects.exists()


def test_a_case_of_a_merged_record_is_opened_for_its_survivor(siphum_officer: User) -> None:
    survivor = person_in()
    merged = person_in(merged_into=survivor)

    case = open_case(
        by=siphum_officer,
        person=merged,
        data=CaseData(channel="survey", problem_types=problems("elderly")),
    )

    assert case.person == survivor


def test_only_a_volunteer_of_the_case_area_can_be_assigned(
    siphum_officer: User, bkk_officer: User, make_user: Any
) -> None:
    bangkok_volunteer = make_user("bkk_volunteer", "volunteer", "100101")
    case = make_case(siphum_officer)

    with pytest.raises(ValidationError) as refused:
        assign_case(
            by=siphum_officer,
            case=case,
            expected_version=case.version,
            officer=None,
            volunteer=bangkok_volunteer,
        )

    assert refused.value.message == gettext(MSG_NOT_VOLUNTEER) % {"name": bangkok_volunteer}
    assert fresh(case).assigned_volunteer is None


def test_the_api_opens_moves_and_plans_a_case(siphum_officer: User, siphum_volunteer: User) -> None:
    national_id = new_national_id()
    person = person_in(national_id=national_id)
    client = api_client(siphum_officer)

    opened = send(
        client,
        "post",
        "/api/v1/cases/",
        {"person_id": person.pk, "channel": "hotline_1300", "problem_types": ["elderly"]},
    )
    case_id, version = opened.json()["id"], opened.json()["version"]
    moved = send(
        client,
        "post",
        f"/api/v1/cases/{case_id}/transitions",
        {"to": "screening", "version": version},
    )
    goal = send(
        client,
        "post",
        f"/api/v1/cases/{case_id}/care-plan/goals",
        {"text": "ได้รับเบี้ยยังชีพผู้สูงอายุ", "problem_type": "elderly"},
    )
    action = send(
        client,
        "post",
        f"/api/v1/cases/{case_id}/care-plan/goals/{goal.json()['id']}/actions",
        {"description": "พาไปยื่นเอกสาร", "owner_id": siphum_volunteer.pk},
    )
    done = client.post(f"/api/v1/cases/{case_id}/care-plan/actions/{action.json()['id']}/done")
    plan = client.get(f"/api/v1/cases/{case_id}/care-plan")
    detail = client.get(f"/api/v1/cases/{case_id}")
    timeline = client.get(f"/api/v1/cases/{case_id}/timeline")

    assert opened.status_code == 201
    assert opened.json()["state"] == "intake"
    assert moved.json()["state"] == "screening"
    assert (goal.status_code, action.status_code, done.status_code) == (201, 201, 200)
    assert plan.json()["goals"][0]["actions"][0]["status"] == "done"
    assert detail.json()["next_states"] == ["assessment", "closed"]
    body = detail.content.decode()
    assert national_id not in body and nationalid.mask(national_id) not in body
    kinds = [e["kind"] for e in timeline.json()["items"]]
    assert kinds == ["opened", "transition", "plan_changed", "plan_changed", "plan_changed"]
    assert CaseEvent.objects.filter(case_id=case_id).count() == timeline.json()["count"]


def test_a_closed_cases_plan_does_not_change(siphum_officer: User) -> None:
    case = make_case(siphum_officer, state=State.CLOSED)

    response = send(
        api_client(siphum_officer), "put", f"/api/v1/cases/{case.pk}/care-plan", {"summary": "ก"}
    )

    assert response.status_code == 400
    assert not hasattr(fresh(case), "care_plan") or fresh(case).care_plan is None
