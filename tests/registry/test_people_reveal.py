"""The full national ID: masked for everyone, shown only after an explicit, reasoned "Show" by
those allowed, and every showing written to the access log."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from tambon.accounts.models import AccessLog, User
from tambon.core import nationalid
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.registry.models import Person
from tambon.registry.services.people import MSG_REASON_REQUIRED, reveal_national_id
from tests.conftest import login
from tests.registry.factories import look_after, make_household, make_person
from tests.registry.test_people_support import new_national_id

pytestmark = pytest.mark.django_db

REASON = "ตรวจสอบสิทธิ์บัตรสวัสดิการแห่งรัฐ"


@pytest.fixture
def national_id() -> str:
    return new_national_id()


@pytest.fixture
def person(national_id: str, siphum_volunteer: User) -> Person:
    """A person of ศรีภูมิ whose household the volunteer looks after."""
    household = make_household()
    look_after(siphum_volunteer, household)
    return make_person(first_name="บุญมี", national_id=national_id, household=household)


def reveal_url(person: Person) -> str:
    return reverse("registry:person_reveal_id", args=[person.pk])


def test_an_officer_sees_the_show_button_a_volunteer_does_not(
    client: Client, siphum_officer: User, siphum_volunteer: User, person: Person
) -> None:
    url = reverse("registry:person_detail", args=[person.pk])

    officer_page = login(client, siphum_officer).get(url).content.decode()
    volunteer_page = login(client, siphum_volunteer).get(url).content.decode()

    assert 'id="reveal-button"' in officer_page
    assert 'id="reveal-button"' not in volunteer_page
    assert 'id="masked-national-id"' in volunteer_page


def test_show_returns_the_full_id_as_an_htmx_partial_and_logs_it(
    client: Client, siphum_officer: User, person: Person, national_id: str
) -> None:
    response = login(client, siphum_officer).post(
        reveal_url(person), {"reason": REASON}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert nationalid.format(national_id) in html
    assert "<html" not in html
    assert "no-store" in response["Cache-Control"]
    entry = AccessLog.objects.get()
    assert entry.action == AccessLog.Action.VIEW_SENSITIVE
    assert entry.object_id == str(person.pk)
    assert entry.reason == REASON
    assert national_id not in entry.object_repr


def test_without_htmx_show_renders_a_whole_page(
    client: Client, siphum_officer: User, person: Person, national_id: str
) -> None:
    response = login(client, siphum_officer).post(reveal_url(person), {"reason": REASON})

    html = response.content.decode()
    assert "<html" in html
    assert nationalid.format(national_id) in html


def test_show_needs_a_reason_and_logs_nothing_without_one(
    client: Client, siphum_officer: User, person: Person, national_id: str
) -> None:
    response = login(client, siphum_officer).post(
        reveal_url(person), {"reason": "  "}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert nationalid.format(national_id) not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_show_is_post_only(client: Client, siphum_officer: User, person: Person) -> None:
    response = login(client, siphum_officer).get(reveal_url(person))

    assert response.status_code == 405
    assert not AccessLog.objects.exists()


def test_the_service_refuses_a_volunteer(siphum_volunteer: User, person: Person) -> None:
    with pytest.raises(PermissionDenied):
        reveal_national_id(person=person, by=siphum_volunteer, reason=REASON)
    assert not AccessLog.objects.exists()


def test_the_service_refuses_an_officer_of_another_area(bkk_officer: User, person: Person) -> None:
    with pytest.raises(PermissionDenied):
        reveal_national_id(person=person, by=bkk_officer, reason=REASON)


def test_the_service_requires_a_reason(siphum_officer: User, person: Person) -> None:
    with pytest.raises(ValidationError) as caught:
        reveal_national_id(person=person, by=siphum_officer, reason="")
    assert caught.value.field == "reason"
    assert str(caught.value.message) == gettext(MSG_REASON_REQUIRED)


def test_a_provincial_officer_and_the_national_admin_may_see_it(
    cm_officer: User, admin: User, person: Person, national_id: str
) -> None:
    for user in (cm_officer, admin):
        shown = reveal_national_id(person=person, by=user, reason=REASON)
        assert nationalid.normalize(shown) == national_id
    assert AccessLog.objects.filter(action=AccessLog.Action.VIEW_SENSITIVE).count() == 2


def test_a_person_without_an_id_shows_none_recorded(client: Client, siphum_officer: User) -> None:
    person = make_person(first_name="ไร้สัญชาติ", national_id=None)

    html = (
        login(client, siphum_officer)
        .get(reverse("registry:person_detail", args=[person.pk]))
        .content.decode()
    )

    assert 'id="no-national-id"' in html
    assert 'id="reveal-button"' not in html
