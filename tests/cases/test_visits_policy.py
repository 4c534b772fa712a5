"""The field-work section of a case's page, role by role: shown to who sees the case, to nobody
else. (Who may record visits, assistance and follow-ups, on every page and API route, is in the
policy matrix, test_route_matrix.py.)"""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.cases.models import Case
from tests.cases.visits_support import _private_media, fieldwork_case  # noqa: F401
from tests.conftest import login

pytestmark = pytest.mark.django_db

# siphum_volunteer is the case's volunteer; other_volunteer works in the same sub-district.
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


def matrix(statuses: list[int]) -> list[tuple[str, int]]:
    return list(zip(ROLES, statuses, strict=True))


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, User]:
    return {name: request.getfixturevalue(name) for name in ROLES}


@pytest.fixture
def case(people: dict[str, User]) -> Case:
    return fieldwork_case(people["siphum_officer"], people["siphum_volunteer"])


@pytest.mark.parametrize(("role", "count"), matrix([1, 1, 1, 1, 0, 0, 0, 0]))
def test_the_case_page_section_shows_field_work_only_to_who_sees_the_case(
    client: Client, people: dict[str, User], case: Case, role: str, count: int
) -> None:
    response = login(client, people[role]).get(reverse("cases:case_detail", args=[case.pk]))

    assert response.content.decode().count('id="fieldwork"') == count
