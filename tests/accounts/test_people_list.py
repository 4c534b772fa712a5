"""The people list: who an officer manages, search, filters, pagination, and no N+1."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tambon.accounts import selectors
from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tests.conftest import MakeUser, login

pytestmark = pytest.mark.django_db

URL = reverse("accounts:list")


def names(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {row[0].username for row in response.context["rows"]}


def test_it_lists_every_user_to_a_national_admin(
    client: Client, admin: User, cm_officer: User, bkk_officer: User, siphum_volunteer: User
) -> None:
    response = login(client, admin).get(URL)
    assert response.status_code == 200
    assert names(response) == {"cm_officer", "bkk_officer", "siphum_volunteer"}


def test_a_provincial_officer_sees_only_users_wholly_inside_the_province(
    client: Client,
    make_user: MakeUser,
    cm_officer: User,
    siphum_officer: User,
    siphum_volunteer: User,
    bkk_officer: User,
) -> None:
    make_user("straddling_partner", Role.PARTNER, "500101", "100101")
    make_user("lamphun_partner", Role.PARTNER, "51")
    make_user("other_provincial", Role.PROVINCIAL_OFFICER, "50")
    make_user("no_area_volunteer", Role.VOLUNTEER)
    response = login(client, cm_officer).get(URL)
    assert names(response) == {"siphum_officer", "siphum_volunteer"}


def test_a_subdistrict_officer_sees_the_volunteers_of_their_subdistrict(
    client: Client,
    make_user: MakeUser,
    siphum_officer: User,
    siphum_volunteer: User,
    bkk_officer: User,
) -> None:
    make_user("next_door_volunteer", Role.VOLUNTEER, "500102")
    make_user("siphum_facilitator", Role.FACILITATOR, "500101")  # not a role they may give
    response = login(client, siphum_officer).get(URL)
    assert names(response) == {"siphum_volunteer"}


def test_the_selector_agrees_with_the_object_policy(
    make_user: MakeUser, cm_officer: User, siphum_officer: User, bkk_officer: User
) -> None:
    make_user("volunteer_a", Role.VOLUNTEER, "500101")
    make_user("partner_b", Role.PARTNER, "5001", "100101")
    make_user("innovator_c", Role.INNOVATOR, "100101")
    for officer in (cm_officer, siphum_officer, bkk_officer):
        listed = set(selectors.managed_users(user=officer))
        allowed = {u for u in User.objects.all() if officer.has_perm("accounts.manage_user", u)}
        assert listed == allowed, officer.username


def test_it_searches_by_name_username_and_email(
    client: Client, make_user: MakeUser, admin: User
) -> None:
    make_user("kanya", Role.VOLUNTEER, "500101", first_name="กัญญา", last_name="ทองดี")
    make_user("preecha", Role.VOLUNTEER, "500101", first_name="ปรีชา", last_name="มั่นคง")
    client = login(client, admin)
    assert names(client.get(URL, {"q": "กัญญา ทองดี"})) == {"kanya"}
    assert names(client.get(URL, {"q": "preech"})) == {"preecha"}
    assert names(client.get(URL, {"q": "kanya@example"})) == {"kanya"}


def test_it_filters_by_role(
    client: Client, admin: User, cm_officer: User, siphum_officer: User, siphum_volunteer: User
) -> None:
    response = login(client, admin).get(URL, {"role": Role.SUBDISTRICT_OFFICER})
    assert names(response) == {"siphum_officer"}


def test_it_filters_by_area_with_the_picker(
    client: Client, admin: User, cm_officer: User, siphum_volunteer: User, bkk_officer: User
) -> None:
    response = login(client, admin).get(
        URL, {"area-province": "50", "area-district": "5001", "area-subdistrict": "500101"}
    )
    assert names(response) == {"siphum_volunteer"}
    assert names(client.get(URL, {"area-province": "10"})) == {"bkk_officer"}


def test_it_shows_area_names_and_the_pagination(
    client: Client, admin: User, siphum_volunteer: User, settings
) -> None:  # type: ignore[no-untyped-def]
    response = login(client, admin).get(URL)
    html = response.content.decode()
    assert "ศรีภูมิ" in html
    assert response.context["page_obj"].paginator.count == 1


def test_it_pages_the_list(client: Client, make_user: MakeUser, admin: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_PAGE_SIZE = 2
    for n in range(5):
        make_user(f"volunteer{n}", Role.VOLUNTEER, "500101", first_name=f"อาสา{n}")
    client = login(client, admin)
    assert len(client.get(URL).context["rows"]) == 2
    last = client.get(URL, {"page": 3})
    assert names(last) == {"volunteer4"}


def test_the_list_runs_the_same_number_of_queries_for_more_users(
    client: Client, make_user: MakeUser, cm_officer: User
) -> None:
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    login(client, cm_officer)
    make_user("v0", Role.VOLUNTEER, "500101")
    make_user("p0", Role.PARTNER, "5001")  # areas of both levels: one name query per level
    few = count_queries()
    for n in range(1, 12):
        make_user(f"v{n}", Role.VOLUNTEER, "500101", "500102")
        make_user(f"p{n}", Role.PARTNER, "5001")
    assert count_queries() == few
    assert few <= 15


def test_a_volunteer_may_not_open_the_list(client: Client, siphum_volunteer: User) -> None:
    assert login(client, siphum_volunteer).get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
