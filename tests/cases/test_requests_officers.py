"""Officers and requests for help: the scoped list, one request, opening a case from it (an
existing person or household, or a new person) and closing it without a case."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from tambon.accounts.models import AccessLog, User
from tambon.cases.models import Case, CaseEvent, HelpRequest
from tambon.cases.services import requests as services
from tambon.cases.services.cases import CaseData
from tambon.core import navigation
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.registry.models import Household, Person
from tambon.registry.services.people import PersonData
from tests.cases.factories import person_in, problems
from tests.cases.requests_helpers import PHRA_BOROM, SIPHUM, submit, village
from tests.conftest import login
from tests.registry.factories import make_household

pytestmark = pytest.mark.django_db


def _data() -> CaseData:
    return CaseData(channel=Case.Channel.WALK_IN, problem_types=problems("elderly"))


# --- list and detail ---------------------------------------------------------------------


def test_an_officer_lists_only_the_requests_of_their_area(
    client: Client, siphum_officer: User
) -> None:
    ours = submit()
    theirs = submit(PHRA_BOROM)

    response = login(client, siphum_officer).get("/cases/requests/")

    assert response.status_code == 200
    assert ours.reference in response.text
    assert theirs.reference not in response.text


def test_the_list_filters_by_status(client: Client, siphum_officer: User) -> None:
    received = submit()
    closed = submit()
    services.close_request(by=siphum_officer, help_request=closed, note="แจ้งซ้ำกับคำขอก่อนหน้า")

    response = login(client, siphum_officer).get("/cases/requests/", {"status": "closed"})

    assert closed.reference in response.text
    assert received.reference not in response.text


def test_the_list_makes_as_many_queries_for_30_requests_as_for_3(
    client: Client, siphum_officer: User, django_assert_max_num_queries
) -> None:
    place = village()
    for _ in range(3):
        submit(village=place)
    login(client, siphum_officer)
    with CaptureQueriesContext(connection) as few:
        client.get("/cases/requests/")
    for _ in range(27):
        submit(village=place)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/cases/requests/")

    assert response.text.count("/cases/requests/") >= 25


@pytest.mark.parametrize("who", ["siphum_volunteer", "partner", "facilitator"])
def test_other_roles_may_not_see_requests(client: Client, who: str, request) -> None:  # type: ignore[no-untyped-def]
    user = request.getfixturevalue(who)
    found = submit()

    assert login(client, user).get("/cases/requests/").status_code == 403
    assert client.get(f"/cases/requests/{found.pk}/").status_code == 403
    assert "cases:request_list" not in [i.url_name for i in navigation.items_for(user)]


def test_a_request_of_another_area_is_not_found(client: Client, bkk_officer: User) -> None:
    found = submit()

    response = login(client, bkk_officer).get(f"/cases/requests/{found.pk}/")

    assert response.status_code == 404
    assert not AccessLog.objects.filter(object_type="cases.helprequest").exists()


def test_the_detail_shows_the_contact_and_is_logged(client: Client, siphum_officer: User) -> None:
    found = submit()

    response = login(client, siphum_officer).get(f"/cases/requests/{found.pk}/")

    assert response.status_code == 200
    assert "มาลี ใจงาม" in response.text
    assert "0812345678" in response.text
    assert AccessLog.objects.filter(
        user=siphum_officer, object_type="cases.helprequest", object_id=str(found.pk)
    ).exists()


def test_a_provincial_officer_sees_the_requests_of_the_province(
    client: Client, cm_officer: User
) -> None:
    found = submit()

    response = login(client, cm_officer).get("/cases/requests/")

    assert found.reference in response.text


# --- open a case -------------------------------------------------------------------------


def test_opening_a_case_for_an_existing_person(siphum_officer: User) -> None:
    found = submit()
    person = person_in(SIPHUM)

    case = services.open_case_from_request(
        by=siphum_officer, help_request=found, data=_data(), person=person
    )

    found.refresh_from_db()
    assert case.channel == Case.Channel.PUBLIC_REQUEST
    assert case.person == person
    assert case.summary == found.description
    assert (found.status, found.case, found.handled_by) == (
        HelpRequest.Status.IN_PROGRESS,
        case,
        siphum_officer,
    )
    assert CaseEvent.objects.filter(
        case=case, kind=services.KIND_FROM_REQUEST, data__reference=found.reference
    ).exists()


def test_opening_a_case_through_the_page(client: Client, siphum_officer: User) -> None:
    found = submit()
    person = person_in(SIPHUM, first_name="บุญมา", last_name="ศรีวงศ์")
    login(client, siphum_officer)

    search = client.get(f"/cases/requests/{found.pk}/open-case/", {"q": "บุญมา"})
    assert f'value="person:{person.pk}"' in search.text

    response = client.post(
        f"/cases/requests/{found.pk}/open-case/",
        {
            "mode": "existing",
            "subject": f"person:{person.pk}",
            "urgency": "high",
            "problem_types": [p.pk for p in problems("elderly")],
        },
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.urgency == "high"
    page = client.get(response["Location"])
    assert found.reference in page.text


def test_opening_a_case_for_a_household(siphum_officer: User) -> None:
    found = submit()
    household = make_household(subdistrict=SIPHUM, house_number="45/2")

    case = services.open_case_from_request(
        by=siphum_officer, help_request=found, data=_data(), household=household
    )

    assert case.household == household


def test_opening_a_case_for_a_new_person_registers_them(
    client: Client, siphum_officer: User
) -> None:
    found = submit(village=village())
    login(client, siphum_officer)

    response = client.post(
        f"/cases/requests/{found.pk}/open-case/",
        {
            "mode": "new",
            "title": "นาง",
            "first_name": "คำแปง",
            "last_name": "ใจมา",
            "sex": "F",
            "house_number": "88",
            "village": "50010101",
            "urgency": "normal",
            "problem_types": [p.pk for p in problems("elderly")],
        },
    )

    assert response.status_code == 302
    person = Person.objects.get(first_name="คำแปง")
    assert (person.subdistrict_id, person.village_id) == (SIPHUM, "50010101")
    assert person.household is not None and person.household.house_number == "88"
    assert person.relation == "head"
    assert Case.objects.get().person == person


def test_a_new_person_with_a_bad_phone_is_refused_and_nothing_is_written(
    siphum_officer: User,
) -> None:
    found = submit()

    with pytest.raises(ValidationError):
        services.open_case_for_new_person(
            by=siphum_officer,
            help_request=found,
            data=_data(),
            person_data=PersonData(first_name="คำแปง", phone="12"),
        )

    assert not Person.objects.filter(first_name="คำแปง").exists()
    assert not Case.objects.exists()


def test_a_person_of_another_subdistrict_is_refused(siphum_officer: User) -> None:
    found = submit()
    elsewhere = person_in("500102")

    with pytest.raises(ValidationError) as raised:
        services.open_case_from_request(
            by=siphum_officer, help_request=found, data=_data(), person=elsewhere
        )

    assert raised.value.message == gettext(services.MSG_SUBJECT_ELSEWHERE)
    assert not Case.objects.exists()


def test_an_officer_of_another_area_may_not_open_a_case(bkk_officer: User) -> None:
    found = submit()
    household = make_household(subdistrict=SIPHUM)

    with pytest.raises(PermissionDenied):
        services.open_case_from_request(
            by=bkk_officer, help_request=found, data=_data(), household=household
        )

    assert not Case.objects.exists()
    assert HelpRequest.objects.get(pk=found.pk).status == HelpRequest.Status.RECEIVED


def test_a_volunteer_may_not_open_a_case_from_the_page(
    client: Client, siphum_volunteer: User
) -> None:
    found = submit()
    person = person_in(SIPHUM)

    response = login(client, siphum_volunteer).post(
        f"/cases/requests/{found.pk}/open-case/",
        {"mode": "existing", "subject": f"person:{person.pk}", "urgency": "normal"},
    )

    assert response.status_code == 403
    assert not Case.objects.exists()


def test_a_request_is_handled_once(siphum_officer: User) -> None:
    found = submit()
    services.open_case_from_request(
        by=siphum_officer, help_request=found, data=_data(), person=person_in(SIPHUM)
    )

    with pytest.raises(ValidationError):
        services.open_case_from_request(
            by=siphum_officer, help_request=found, data=_data(), person=person_in(SIPHUM)
        )

    assert Case.objects.count() == 1


def test_the_page_asks_for_a_subject(client: Client, siphum_officer: User) -> None:
    found = submit()

    response = login(client, siphum_officer).post(
        f"/cases/requests/{found.pk}/open-case/",
        {"mode": "existing", "urgency": "normal", "problem_types": [problems("elderly")[0].pk]},
    )

    assert response.status_code == 400
    assert not Case.objects.exists()


# --- close -------------------------------------------------------------------------------


def test_closing_without_a_case_needs_a_note(client: Client, siphum_officer: User) -> None:
    found = submit()
    login(client, siphum_officer)

    refused = client.post(f"/cases/requests/{found.pk}/close/", {"note": " "})
    assert refused.status_code == 400
    assert HelpRequest.objects.get(pk=found.pk).status == HelpRequest.Status.RECEIVED

    response = client.post(
        f"/cases/requests/{found.pk}/close/",
        {"note": "ตรวจสอบแล้ว ได้รับความช่วยเหลือจาก อบต. แล้ว"},
        follow=True,
    )

    closed = HelpRequest.objects.get(pk=found.pk)
    assert closed.status == HelpRequest.Status.CLOSED
    assert "ตรวจสอบแล้ว" in response.text
    assert not Household.objects.exists()


def test_an_officer_of_another_area_may_not_close(client: Client, bkk_officer: User) -> None:
    found = submit()

    response = login(client, bkk_officer).post(
        f"/cases/requests/{found.pk}/close/", {"note": "ไม่ใช่พื้นที่"}
    )

    assert response.status_code == 404
    assert HelpRequest.objects.get(pk=found.pk).status == HelpRequest.Status.RECEIVED
