"""Roles outside the registry (partners, facilitators, innovators) read nothing of it through
the API, whatever their area: 403 on every read, and the selectors give them no rows."""

import pytest

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.registry.models import Household
from tambon.registry.selectors.households import visible_households
from tambon.registry.selectors.people import visible_people
from tests.conftest import MakeUser
from tests.registry.factories import look_after, make_household, make_person
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

OUTSIDE_THE_REGISTRY = [Role.PARTNER, Role.FACILITATOR, Role.INNOVATOR]


@pytest.fixture
def siphum_records() -> tuple[int, int]:
    household = make_household()
    person = make_person(household=household, phone="0812345678")
    return person.pk, household.pk


@pytest.mark.parametrize("role", OUTSIDE_THE_REGISTRY)
def test_every_registry_read_of_the_api_is_refused(
    make_user: MakeUser, siphum_records: tuple[int, int], role: str
) -> None:
    person_id, household_id = siphum_records
    client = api_client(make_user(f"u-{role}", role, "500101"))

    for url in (
        "/api/v1/registry/persons/",
        f"/api/v1/registry/persons/{person_id}",
        "/api/v1/registry/households/",
        f"/api/v1/registry/households/{household_id}",
        "/api/v1/registry/assessments",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "0812345678" not in response.content.decode()


@pytest.mark.parametrize("role", OUTSIDE_THE_REGISTRY)
def test_the_registry_selectors_give_them_nothing(
    make_user: MakeUser, siphum_records: tuple[int, int], role: str
) -> None:
    user = make_user(f"s-{role}", role, "500101")

    assert not visible_people(user).exists()
    assert not visible_households(user).exists()


def test_a_volunteer_reads_a_household_they_look_after(
    siphum_volunteer: User, siphum_records: tuple[int, int]
) -> None:
    person_id, household_id = siphum_records
    look_after(siphum_volunteer, Household.objects.get(pk=household_id))

    response = api_client(siphum_volunteer).get(f"/api/v1/registry/persons/{person_id}")

    assert response.status_code == 200
