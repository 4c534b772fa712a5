"""The public request form (/help/), its thank-you page and the status page (/help/status/)."""

import re
from html import escape

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.cases.models import HelpRequest
from tambon.cases.services import requests as services
from tambon.notifications.models import Notification
from tambon.registry.services.people import MSG_PHONE
from tests.cases.factories import make_case, move, person_in
from tests.cases.requests_helpers import DESCRIPTION, SIPHUM, form_post, submit
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^HR-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}$")


def _shows(response, message: str) -> bool:  # type: ignore[no-untyped-def]
    with translation.override("th"):
        return escape(gettext(message)) in response.content.decode()


def test_the_form_needs_no_sign_in_and_is_thai(client: Client) -> None:
    response = client.get("/help/")

    assert response.status_code == 200
    assert '<html lang="th">' in response.text
    assert 'name="place-village"' in response.text
    assert 'type="tel"' in response.text


def test_a_valid_request_is_stored_and_its_reference_shown(
    client: Client, siphum_officer: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/help/", form_post(), follow=True)

    assert response.status_code == 200
    found = HelpRequest.objects.get()
    assert REFERENCE.match(found.reference)
    assert found.reference in response.text
    assert (found.subdistrict_id, found.village_id) == (SIPHUM, "50010101")
    assert found.problem_type is not None and found.problem_type.code == "elderly"
    assert found.contact_phone == "0812345678"
    assert found.for_someone_else is True
    assert found.status == HelpRequest.Status.RECEIVED


def test_the_subdistrict_officers_are_notified_without_the_contact(
    client: Client,
    siphum_officer: User,
    cm_officer: User,
    bkk_officer: User,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/help/", form_post())

    found = HelpRequest.objects.get()
    notice = Notification.objects.get()
    assert notice.recipient == siphum_officer
    assert found.reference in notice.subject
    assert notice.url == f"/cases/requests/{found.pk}/"
    assert [m.to for m in mail.outbox] == [["siphum_officer@example.go.th"]]
    for text in (notice.subject, notice.body, mail.outbox[0].body):
        assert "0812345678" not in text and "มาลี" not in text and DESCRIPTION not in text


def test_the_provincial_officers_are_notified_when_no_subdistrict_officer_covers_it(
    cm_officer: User, make_user: MakeUser
) -> None:
    make_user("suthep_officer", Role.SUBDISTRICT_OFFICER, "500105")

    submit()

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        "cm_officer"
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"description": "   "}, "description", services.MSG_DESCRIPTION),
        ({"place-subdistrict": ""}, "place-subdistrict", services.MSG_SUBDISTRICT),
        ({"contact_phone": "12345"}, "contact_phone", MSG_PHONE),
        ({"consent": None}, "consent", services.MSG_CONSENT),
        ({"problem_type": "no-such-problem"}, "problem_type", None),
        ({"place-village": "10010101"}, "place-village", None),
    ],
)
def test_each_invalid_field_is_refused_with_its_message(
    client: Client, changes: dict, field: str, message: str | None
) -> None:
    response = client.post("/help/", form_post(**changes))

    assert response.status_code == 400
    assert not HelpRequest.objects.exists()
    if message is not None:
        assert _shows(response, message)
    assert "invalid-feedback" in response.text


def test_contact_details_are_optional(client: Client, siphum_officer: User) -> None:
    response = client.post(
        "/help/", form_post(contact_name="", contact_phone="", consent=None, for_someone_else=None)
    )

    assert response.status_code == 302
    found = HelpRequest.objects.get()
    assert (found.contact_name, found.contact_phone, found.for_someone_else) == ("", "", False)


def test_a_bot_filling_the_honeypot_stores_nothing(client: Client, siphum_officer: User) -> None:
    response = client.post("/help/", form_post(website="https://cheap-pills.example"), follow=True)

    assert response.status_code == 200
    assert re.search(r"HR-[A-Z2-9]{8}", response.text)
    assert not HelpRequest.objects.exists()
    assert not Notification.objects.exists()


def test_the_sixth_request_of_an_hour_from_one_address_is_refused(client: Client) -> None:
    for _ in range(5):
        assert client.post("/help/", form_post()).status_code == 302

    response = client.post("/help/", form_post())

    assert response.status_code == 429
    assert 'id="rate-limited"' in response.text
    assert HelpRequest.objects.count() == 5


def test_another_address_is_still_served(client: Client) -> None:
    for _ in range(5):
        client.post("/help/", form_post())

    response = client.post("/help/", form_post(), REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302
    assert HelpRequest.objects.count() == 6


def test_a_subdistrict_is_limited_per_day(client: Client, settings) -> None:
    settings.TAMBON_HELP_REQUESTS_PER_SUBDISTRICT_DAY = 2
    for n in range(2):
        assert client.post("/help/", form_post(), REMOTE_ADDR=f"203.0.113.{n}").status_code == 302

    response = client.post("/help/", form_post(), REMOTE_ADDR="203.0.113.50")

    assert response.status_code == 429
    assert HelpRequest.objects.count() == 2


def test_the_reference_is_unguessable() -> None:
    references = {services.new_reference() for _ in range(200)}

    assert len(references) == 200
    assert all(REFERENCE.match(r) for r in references)


def test_the_thanks_page_without_a_request_goes_to_the_form(client: Client) -> None:
    response = client.get("/help/thanks/")

    assert response.status_code == 302
    assert response["Location"] == "/help/"


# --- status ------------------------------------------------------------------------------


def test_the_status_shows_only_status_and_dates(client: Client, siphum_officer: User) -> None:
    found = submit()

    response = client.get("/help/status/", {"reference": found.reference.lower()})

    assert response.status_code == 200
    assert 'id="status-label"' in response.text
    assert str(HelpRequest.Status.RECEIVED.label) in response.text
    for private in ("มาลี", "0812345678", DESCRIPTION[:20], "ซอย", "ศรีภูมิ"):
        assert private not in response.text


def test_an_unknown_reference_is_not_found(client: Client) -> None:
    response = client.get("/help/status/", {"reference": "HR-ABCDEFGH"})

    assert response.status_code == 404
    assert 'id="status-not-found"' in response.text


def test_the_status_follows_the_case_to_closed(client: Client, siphum_officer: User) -> None:
    found = submit()
    case = make_case(siphum_officer, person=person_in())
    HelpRequest.objects.filter(pk=found.pk).update(
        case=case, status=HelpRequest.Status.IN_PROGRESS, updated_at=timezone.now()
    )
    handled = client.get("/help/status/", {"reference": found.reference})
    assert str(HelpRequest.Status.IN_PROGRESS.label) in handled.text
    move(case, "closed", by=siphum_officer)

    response = client.get("/help/status/", {"reference": found.reference})

    assert 'id="status-result"' in response.text
    assert str(HelpRequest.Status.CLOSED.label) in response.text


def test_status_lookups_are_rate_limited(client: Client, settings) -> None:
    settings.TAMBON_HELP_STATUS_LOOKUPS_PER_IP_HOUR = 3
    for _ in range(3):
        client.get("/help/status/", {"reference": "HR-ABCDEFGH"})

    response = client.get("/help/status/", {"reference": "HR-ABCDEFGH"})

    assert response.status_code == 429
