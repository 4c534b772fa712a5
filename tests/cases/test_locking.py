"""Two officers editing one case or care plan at once: the second save is refused with a clear
conflict message, keeps what they typed, and loses nothing of the first."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.cases.models import CarePlan, State
from tambon.cases.services.care_plans import save_care_plan
from tambon.cases.services.workflow import transition_case
from tambon.core.errors import Conflict
from tests.cases.factories import fresh, make_case
from tests.conftest import login
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db


def edit_form(case: object, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": 1,
        "channel": "hotline_1300",
        "urgency": "normal",
        "problem_types": [p.pk for p in case.problem_types.all()],  # type: ignore[attr-defined]
        "summary": "",
    }
    data.update(changes)
    return data


def test_the_second_of_two_edits_gets_a_conflict_and_keeps_its_text(
    client: Client, siphum_officer: User, cm_officer: User
) -> None:
    case = make_case(siphum_officer)
    url = reverse("cases:case_edit", args=[case.pk])
    other = Client()
    login(client, siphum_officer)
    login(other, cm_officer)
    version = case.version

    first = client.post(url, edit_form(case, version=version, urgency="critical", summary="ก"))
    second = other.post(url, edit_form(case, version=version, summary="ยายอยู่คนเดียว ต้องการรถเข็น"))

    assert first.status_code == 302
    assert second.status_code == 409
    html = second.content.decode()
    assert 'id="conflict"' in html
    assert "ยายอยู่คนเดียว ต้องการรถเข็น" in html
    saved = fresh(case)
    assert (saved.urgency, saved.summary, saved.version) == ("critical", "ก", version + 1)


def test_a_stale_api_update_is_a_409_and_changes_nothing(siphum_officer: User) -> None:
    case = make_case(siphum_officer)
    client = api_client(siphum_officer)
    body = {"version": case.version, "channel": "walk_in", "problem_types": ["elderly"]}

    first = client.put(
        f"/api/v1/cases/{case.pk}", json.dumps(body), content_type="application/json"
    )
    body["channel"] = "survey"
    second = client.put(
        f"/api/v1/cases/{case.pk}", json.dumps(body), content_type="application/json"
    )

    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json()["code"] == "conflict"
    assert fresh(case).channel == "walk_in"


def test_a_transition_against_a_stale_version_is_refused(siphum_officer: User) -> None:
    case = make_case(siphum_officer)
    stale = case.version
    transition_case(case=case, to="screening", by=siphum_officer, expected_version=stale)
    again = fresh(case)

    with pytest.raises(Conflict):
        transition_case(case=again, to="assessment", by=siphum_officer, expected_version=stale)

    assert fresh(case).state == State.SCREENING


def test_the_second_care_plan_save_gets_a_conflict_showing_both_texts(
    client: Client, siphum_officer: User
) -> None:
    case = make_case(siphum_officer, state=State.PLANNING)
    plan = save_care_plan(by=siphum_officer, case=case, summary="", expected_version=None)
    save_care_plan(
        by=siphum_officer, case=case, summary="ประสาน อบต. ซ่อมบ้าน", expected_version=plan.version
    )

    response = login(client, siphum_officer).post(
        reverse("cases:care_plan", args=[case.pk]),
        {"version": plan.version, "summary": "ขอเบี้ยผู้สูงอายุ"},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="conflict"' in html
    assert "ประสาน อบต. ซ่อมบ้าน" in html  # the saved version, shown
    assert "ขอเบี้ยผู้สูงอายุ" in html  # what this officer typed, kept
    assert CarePlan.objects.get(case=case).summary == "ประสาน อบต. ซ่อมบ้าน"


def test_a_stale_care_plan_put_is_a_409(siphum_officer: User) -> None:
    case = make_case(siphum_officer, state=State.PLANNING)
    client = api_client(siphum_officer)
    url = f"/api/v1/cases/{case.pk}/care-plan"

    created = client.put(url, json.dumps({"summary": "ก"}), content_type="application/json")
    version = created.json()["version"]
    first = client.put(
        url, json.dumps({"summary": "ข", "version": version}), content_type="application/json"
    )
    second = client.put(
        url, json.dumps({"summary": "ค", "version": version}), content_type="application/json"
    )
    blind = client.put(url, json.dumps({"summary": "ง"}), content_type="application/json")

    assert (created.status_code, first.status_code) == (200, 200)
    assert (second.status_code, blind.status_code) == (409, 409)
    assert CarePlan.objects.get(case=case).summary == "ข"
