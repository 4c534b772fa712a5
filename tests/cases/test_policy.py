"""What a case's page and API show besides the status codes of the policy matrix (every role ×
route is in test_route_matrix.py): the assigned volunteer's page offers no step, and a case
outside the caller's area answers exactly like a case that does not exist."""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.cases.models import Case, State
from tambon.cases.services.cases import assign_case
from tests.cases.factories import make_case
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


def api(user: User, method: str, url: str, payload: Any = None) -> Any:
    client = api_client(user)
    if payload is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


# --- pages ------------------------------------------------------------------------------


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


def test_a_stranger_to_the_case_gets_the_same_404_as_for_a_missing_case(
    people: dict[str, User], case: Case
) -> None:
    missing = api(people["bkk_officer"], "get", "/api/v1/cases/999999")
    hidden = api(people["bkk_officer"], "get", f"/api/v1/cases/{case.pk}")

    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()
