"""Volunteers (อพม.) see only the households given to them and the people of their cases
(DOMAIN.md); officers give and take back households on the household page, recorded in the
change history."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.cases.services.cases import assign_case
from tambon.registry.models import Household, Person, VolunteerAssignment
from tests.cases.factories import make_case
from tests.conftest import MakeUser, login
from tests.registry.factories import PHRA_BOROM, look_after, make_household, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(siphum_volunteer: User) -> dict[str, Person]:
    """Three people of ศรีภูมิ: one in a household the volunteer looks after, one elsewhere,
    one without a household."""
    theirs, other = make_household(house_number="1"), make_household(house_number="2")
    look_after(siphum_volunteer, theirs)
    return {
        "theirs": make_person(first_name="ดูแล", household=theirs),
        "other": make_person(first_name="อื่น", household=other),
        "alone": make_person(first_name="ลำพัง"),
    }


def names_listed(client: Client, url: str) -> set[str]:
    return {row.person.first_name for row in client.get(url).context["rows"]}


def test_a_volunteer_lists_and_opens_only_the_households_they_look_after(
    client: Client, siphum_volunteer: User, village: dict[str, Person]
) -> None:
    login(client, siphum_volunteer)

    assert names_listed(client, reverse("registry:person_list")) == {"ดูแล"}
    for key, expected in (("theirs", 200), ("other", 404), ("alone", 404)):
        url = reverse("registry:person_detail", args=[village[key].pk])
        assert client.get(url).status_code == expected, key
    other_household = village["other"].household_id
    assert (
        client.get(reverse("registry:household_detail", args=[other_household])).status_code == 404
    )


def test_a_volunteer_sees_the_person_of_a_case_assigned_to_them(
    client: Client, siphum_officer: User, siphum_volunteer: User, village: dict[str, Person]
) -> None:
    case = make_case(siphum_officer, person=village["alone"])
    assign_case(
        by=siphum_officer,
        case=case,
        expected_version=case.version,
        officer=None,
        volunteer=siphum_volunteer,
    )

    login(client, siphum_volunteer)

    assert names_listed(client, reverse("registry:person_list")) == {"ดูแล", "ลำพัง"}
    url = reverse("registry:person_detail", args=[village["alone"].pk])
    assert client.get(url).status_code == 200


def test_through_a_case_alone_the_volunteer_does_not_see_the_household_s_others(
    client: Client, siphum_officer: User, siphum_volunteer: User, village: dict[str, Person]
) -> None:
    other = village["other"]
    make_person(first_name="พี่สาว", household=other.household)
    case = make_case(siphum_officer, person=other)
    assign_case(
        by=siphum_officer,
        case=case,
        expected_version=case.version,
        officer=None,
        volunteer=siphum_volunteer,
    )
    url = reverse("registry:person_detail", args=[other.pk])

    as_volunteer = login(client, siphum_volunteer).get(url)
    as_officer = login(client, siphum_officer).get(url)

    assert as_volunteer.status_code == 200
    assert [m.first_name for m in as_volunteer.context["members"]] == []
    assert "พี่สาว" not in as_volunteer.content.decode()
    assert [m.first_name for m in as_officer.context["members"]] == ["พี่สาว"]


def test_an_officer_gives_a_household_and_takes_it_back(
    client: Client, siphum_officer: User, siphum_volunteer: User, village: dict[str, Person]
) -> None:
    household = Household.objects.get(pk=village["other"].household_id)
    page = reverse("registry:household_detail", args=[household.pk])
    login(client, siphum_officer)
    assert f'value="{siphum_volunteer.pk}"' in client.get(page).content.decode()

    given = client.post(
        reverse("registry:volunteer_assign", args=[household.pk]),
        {"volunteer": siphum_volunteer.pk},
    )

    assert given.status_code == 302
    assignment = VolunteerAssignment.objects.get(household=household)
    assert (assignment.volunteer, assignment.created_by) == (siphum_volunteer, siphum_officer)
    assert LogEntry.objects.get_for_object(assignment).exists()
    login(client, siphum_volunteer)
    assert client.get(page).status_code == 200

    login(client, siphum_officer)
    client.post(reverse("registry:volunteer_unassign", args=[assignment.pk]))

    assert not VolunteerAssignment.objects.filter(household=household).exists()
    login(client, siphum_volunteer)
    assert client.get(page).status_code == 404


@pytest.mark.parametrize("chosen", ["", "abc", "999999", "²", "9" * 30])
def test_giving_a_household_without_a_real_volunteer_says_so(
    client: Client, siphum_officer: User, village: dict[str, Person], chosen: str
) -> None:
    household_id = village["other"].household_id
    login(client, siphum_officer)

    response = client.post(
        reverse("registry:volunteer_assign", args=[household_id]),
        {"volunteer": chosen},
        follow=True,
    )

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not VolunteerAssignment.objects.filter(household_id=household_id).exists()


def test_a_volunteer_of_another_sub_district_cannot_be_given_the_household(
    client: Client, siphum_officer: User, make_user: MakeUser, village: dict[str, Person]
) -> None:
    elsewhere = make_user("vol-bkk", Role.VOLUNTEER, "100101")
    household_id = village["other"].household_id
    login(client, siphum_officer)

    response = client.post(
        reverse("registry:volunteer_assign", args=[household_id]),
        {"volunteer": elsewhere.pk},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    message = next(str(m) for m in response.context["messages"])
    assert "is not an active volunteer of this household's sub-district" in message
    assert not VolunteerAssignment.objects.filter(volunteer=elsewhere).exists()


def test_a_volunteer_cannot_give_households_away(
    client: Client, siphum_volunteer: User, village: dict[str, Person]
) -> None:
    household_id = village["theirs"].household_id
    login(client, siphum_volunteer)

    response = client.post(
        reverse("registry:volunteer_assign", args=[household_id]),
        {"volunteer": siphum_volunteer.pk},
    )
    removed = client.post(
        reverse(
            "registry:volunteer_unassign",
            args=[VolunteerAssignment.objects.get(household_id=household_id).pk],
        )
    )

    assert (response.status_code, removed.status_code) == (403, 403)
    assert VolunteerAssignment.objects.count() == 1


def test_an_officer_gives_ticked_households_from_the_list_at_once(
    client: Client, siphum_officer: User, siphum_volunteer: User, village: dict[str, Person]
) -> None:
    theirs = village["theirs"].household_id  # already looked after: skipped
    other = village["other"].household_id
    third = make_household(house_number="3").pk
    elsewhere = make_household(subdistrict=PHRA_BOROM, house_number="4").pk  # not in view
    login(client, siphum_officer)
    listed = client.get(reverse("registry:household_list")).content.decode()
    assert f'name="household" value="{third}"' in listed
    assert f'value="{siphum_volunteer.pk}"' in listed

    response = client.post(
        reverse("registry:households_give"),
        {
            "household": [theirs, other, third, elsewhere, "x", "²", "9" * 30],
            "volunteer": siphum_volunteer.pk,
            "next": "https://evil.example/",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response["Location"] == reverse("registry:household_list")
    given = set(
        VolunteerAssignment.objects.filter(volunteer=siphum_volunteer).values_list(
            "household_id", flat=True
        )
    )
    assert given == {theirs, other, third}
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any(m.startswith("2 households given to") for m in messages)
    assert any(m.startswith("1 skipped") for m in messages)


def test_a_volunteer_cannot_give_households_from_the_list(
    client: Client, siphum_volunteer: User, village: dict[str, Person]
) -> None:
    login(client, siphum_volunteer)
    assert "give-households" not in client.get(reverse("registry:household_list")).content.decode()

    response = client.post(
        reverse("registry:households_give"),
        {"household": [village["other"].household_id], "volunteer": siphum_volunteer.pk},
    )

    assert response.status_code == 403
    assert VolunteerAssignment.objects.count() == 1


def test_households_past_the_limit_are_counted_as_skipped(
    siphum_officer: User, siphum_volunteer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tambon.registry.services import volunteers

    monkeypatch.setattr(volunteers, "GIVE_AT_ONCE", 2)
    households = [make_household(house_number=f"{n}/9") for n in range(3)]

    given, skipped = volunteers.give_households(
        by=siphum_officer, households=households, volunteer=siphum_volunteer
    )

    assert (given, skipped) == (2, 1)
    assert VolunteerAssignment.objects.count() == 2
