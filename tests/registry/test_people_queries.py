"""Lists make no query per row: the number of queries does not grow with the number of people
or households shown."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tambon.accounts.models import User
from tests.conftest import login
from tests.registry.factories import make_household, make_person
from tests.registry.test_people_support import api_client, group, new_national_id, village

pytestmark = pytest.mark.django_db


def add_people(count: int) -> None:
    """People with everything a row shows: household, village, groups, an ID."""
    home = village()
    for i in range(count):
        household = make_household(village=home)
        person = make_person(
            first_name=f"สมาชิก{i}",
            household=household,
            relation="head",
            village=home,
            national_id=new_national_id(),
        )
        person.target_groups.add(group("bedridden"), group("homeless"))


def queries(fetch: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("registry:person_list"),
        reverse("registry:person_list") + "?target_group=disability&need=poverty&q=สมาชิก",
        reverse("registry:household_list"),
        reverse("registry:household_list") + "?need=housing&house_number=1",
    ],
)
def test_list_pages_take_as_many_queries_for_twenty_rows_as_for_two(
    client: Client, siphum_officer: User, url: str
) -> None:
    login(client, siphum_officer)
    add_people(2)
    few = queries(lambda: client.get(url))
    add_people(18)

    assert queries(lambda: client.get(url)) == few
    assert few <= 16


def test_the_api_list_takes_as_many_queries_for_twenty_people_as_for_two(
    siphum_officer: User,
) -> None:
    client = api_client(siphum_officer)
    client.get("/api/v1/me")  # the token's first use is stamped once
    add_people(2)
    few = queries(lambda: client.get("/api/v1/registry/persons/"))
    add_people(18)

    assert queries(lambda: client.get("/api/v1/registry/persons/")) == few


def test_the_household_page_takes_as_many_queries_for_many_members(
    client: Client, siphum_officer: User
) -> None:
    household = make_household()
    for i in range(2):
        make_person(first_name=f"คน{i}", household=household)
    url = reverse("registry:household_detail", args=[household.pk])
    login(client, siphum_officer)
    few = queries(lambda: client.get(url))
    for i in range(10):
        make_person(first_name=f"เพิ่ม{i}", household=household)

    assert queries(lambda: client.get(url)) == few
