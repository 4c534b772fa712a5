"""Who may do what with a case, role by role, inside and outside their area, on every page and
API route: allowed exactly as cases/policy.py documents it, 403/404 elsewhere, nothing leaked
through a list, a count or a search, and a refused request changes nothing."""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.cases.models import CarePlan, Case, CaseEvent, State
from tambon.cases.services.cases import assign_case
from tests.cases.factories import fresh, make_case
from tests.conftest import login
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

# siphum_volunteer is the case's assigned volunteer; other_volunteer works in the same area.
ROLES = [
    "admin",
    "cm_officer",
    "siphum_officer",
    "siphum_volunteer",
    "other_volunteer",
    "bkk_officer",
    "partner",
    "facilitator",
]
OFFICERS = ["admin", "cm_officer", "siphum_officer"]


def matrix(statuses: list[int]) -> list[tuple[str, int]]:
    return list(zip(ROLES, statuses, strict=True))


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, User]:
    return {name: request.getfixturevalue(name) for name in ROLES}


@pytest.fixture
def case(people: dict[str, User]) -> Case:
    """A case of ศรีภูมิ in screening, with siphum_volunteer as its volunteer."""
    officer = people["siphum_officer"]
    opened = make_case(officer, state=State.SCREENING)
    return assign_case(
        by=officer,
        case=opened,
        expected_version=opened.version,
        officer=officer,
        volunteer=people["siphum_volunteer"],
    )


def status(client: Client, user: User, method: str, url: str, data: Any = None) -> int:
    login(client, user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return int(response.status_code)


def api(user: User, method: str, url: str, payload: Any = None) -> Any:
    client = api_client(user)
    if payload is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


# --- pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), matrix([1, 1, 1, 1, 0, 0, None, None]))
def test_the_case_list_shows_the_case_only_to_who_may_see_it(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int | None
) -> None:
    login(client, people[role])
    name = case.person.first_name  # type: ignore[union-attr]
    listing = client.get(reverse("cases:case_list"))
    searched = client.get(reverse("cases:case_list"), {"q": name})
    by_reference = client.get(reverse("cases:case_list"), {"q": case.reference})

    if expected is None:
        assert (listing.status_code, searched.status_code) == (403, 403)
        return
    link = f'href="{reverse("cases:case_detail", args=[case.pk])}"'
    for response in (listing, searched, by_reference):
        html = response.content.decode()
        assert response.status_code == 200
        assert (link in html) == bool(expected)
        assert ('id="cases-empty"' in html) == (not expected)
        assert ('id="case-count"' in html) == bool(expected)


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 200, 404, 404, 403, 403]))
def test_the_case_page(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    assert status(client, people[role], "get", reverse("cases:case_detail", args=[case.pk])) == (
        expected
    )


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 200, 404, 404, 403, 403]))
def test_the_timeline_and_care_plan_pages(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    for name in ("cases:case_timeline", "cases:care_plan"):
        assert status(client, people[role], "get", reverse(name, args=[case.pk])) == expected


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 403, 403, 404, 403, 403]))
def test_the_open_a_case_page(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    url = reverse("cases:case_open") + f"?person={case.person_id}"
    assert status(client, people[role], "get", url) == expected


@pytest.mark.parametrize(("role", "expected"), matrix([302, 302, 302, 403, 403, 404, 403, 403]))
def test_opening_a_case(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    url = reverse("cases:case_open") + f"?person={case.person_id}"
    data = {
        "channel": "walk_in",
        "urgency": "high",
        "problem_types": [case.problem_types.first().pk],
    }  # type: ignore[union-attr]

    assert status(client, people[role], "post", url, data) == expected
    assert Case.objects.count() == (2 if expected == 302 else 1)


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 403, 404, 404, 403, 403]))
def test_the_edit_and_assign_pages(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    for name in ("cases:case_edit", "cases:case_assign"):
        assert status(client, people[role], "get", reverse(name, args=[case.pk])) == expected


@pytest.mark.parametrize(("role", "expected"), matrix([302, 302, 302, 403, 404, 404, 403, 403]))
def test_editing_a_case(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    data = {
        "version": case.version,
        "channel": "walk_in",
        "urgency": "critical",
        "problem_types": [p.pk for p in case.problem_types.all()],
    }
    url = reverse("cases:case_edit", args=[case.pk])

    assert status(client, people[role], "post", url, data) == expected
    assert fresh(case).urgency == ("critical" if expected == 302 else "normal")


@pytest.mark.parametrize(("role", "expected"), matrix([302, 302, 302, 403, 404, 404, 403, 403]))
def test_moving_a_case_on(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    url = reverse("cases:case_transition", args=[case.pk, "assessment"])

    assert status(client, people[role], "post", url, {"version": case.version}) == expected
    assert fresh(case).state == ("assessment" if expected == 302 else "screening")


@pytest.mark.parametrize(("role", "expected"), matrix([302, 302, 302, 403, 404, 404, 403, 403]))
def test_writing_the_care_plan(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    url = reverse("cases:care_plan", args=[case.pk])

    assert status(client, people[role], "post", url, {"summary": "เยี่ยมบ้านทุกเดือน"}) == expected
    assert CarePlan.objects.filter(case=case).exists() == (expected == 302)


@pytest.mark.parametrize(("role", "expected"), matrix([302, 302, 302, 302, 404, 404, 403, 403]))
def test_adding_a_note(
    client: Client, people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    url = reverse("cases:case_note", args=[case.pk])

    assert status(client, people[role], "post", url, {"text": "โทรติดตามแล้ว"}) == expected
    notes = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.NOTE).count()
    assert notes == (1 if expected == 302 else 0)


def test_the_assigned_volunteer_sees_no_step_and_no_edit_button(
    client: Client, people: dict[str, User], case: Case
) -> None:
    response = login(client, people["siphum_volunteer"]).get(
        reverse("cases:case_detail", args=[case.pk])
    )

    html = response.content.decode()
    assert 'id="no-steps"' in html
    assert 'id="edit-case"' not in html
    assert 'id="note-form"' in html


# --- API --------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "count"), matrix([1, 1, 1, 1, 0, 0, 0, 0]))
def test_the_api_list_counts_only_visible_cases(
    people: dict[str, User], case: Case, role: str, count: int
) -> None:
    name = case.person.first_name  # type: ignore[union-attr]
    for query in ("", f"?q={name}", f"?q={case.reference}", "?area=500101"):
        response = api(people[role], "get", f"/api/v1/cases/{query}")
        assert response.status_code == 200
        assert response.json()["count"] == count


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 200, 404, 404, 404, 404]))
def test_the_api_case_and_its_timeline_and_plan(
    people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    for suffix in ("", "/timeline", "/care-plan"):
        assert api(people[role], "get", f"/api/v1/cases/{case.pk}{suffix}").status_code == expected


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 403, 404, 404, 404, 404]))
def test_the_api_transition(people: dict[str, User], case: Case, role: str, expected: int) -> None:
    response = api(
        people[role],
        "post",
        f"/api/v1/cases/{case.pk}/transitions",
        {"to": "assessment", "version": case.version},
    )

    assert response.status_code == expected
    assert fresh(case).state == ("assessment" if expected == 200 else "screening")


@pytest.mark.parametrize(("role", "expected"), matrix([200, 200, 200, 403, 404, 404, 404, 404]))
def test_the_api_update_and_care_plan(
    people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    update = api(
        people[role],
        "put",
        f"/api/v1/cases/{case.pk}",
        {"version": case.version, "channel": "walk_in", "problem_types": ["elderly"]},
    )
    plan = api(
        people[role], "put", f"/api/v1/cases/{case.pk}/care-plan", {"summary": "ติดตามรายเดือน"}
    )

    assert (update.status_code, plan.status_code) == (expected, expected)
    assert fresh(case).channel == ("walk_in" if expected == 200 else "hotline_1300")
    assert CarePlan.objects.filter(case=case).exists() == (expected == 200)


@pytest.mark.parametrize(("role", "expected"), matrix([201, 201, 201, 403, 403, 400, 403, 403]))
def test_the_api_opens_a_case_only_for_an_officer_of_the_area(
    people: dict[str, User], case: Case, role: str, expected: int
) -> None:
    response = api(
        people[role],
        "post",
        "/api/v1/cases/",
        {"person_id": case.person_id, "channel": "walk_in", "problem_types": ["poverty"]},
    )

    assert response.status_code == expected
    assert Case.objects.count() == (2 if expected == 201 else 1)
    if expected == 400:
        # Outside the area: the answer does not say whether the person exists.
        assert "บุญมี" not in response.content.decode() and "สมศรี" not in response.content.decode()


@pytest.mark.parametrize(("role", "expected"), matrix([201, 201, 201, 201, 404, 404, 404, 404]))
def test_the_api_note(people: dict[str, User], case: Case, role: str, expected: int) -> None:
    response = api(people[role], "post", f"/api/v1/cases/{case.pk}/notes", {"text": "โทรแล้ว"})

    assert response.status_code == expected
    notes = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.NOTE).count()
    assert notes == (1 if expected == 201 else 0)


@pytest.mark.parametrize("role", OFFICERS)
def test_a_stranger_to_the_case_gets_the_same_404_as_for_a_missing_case(
    people: dict[str, User], case: Case, role: str
) -> None:
    missing = api(people["bkk_officer"], "get", "/api/v1/cases/999999")
    hidden = api(people["bkk_officer"], "get", f"/api/v1/cases/{case.pk}")

    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()
