"""PDPA consent: recorded per purpose, withdrawn with a date (the record is kept), shown on the
person's page."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tambon.accounts.models import User
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.registry.models import Consent, Person
from tambon.registry.services.consent import add_consent, withdraw_consent
from tests.conftest import login
from tests.registry.factories import make_person

pytestmark = pytest.mark.django_db

GIVEN = dt.date(2025, 3, 1)


@pytest.fixture
def person() -> Person:
    return make_person(first_name="บุญมี")


def test_an_officer_records_consent_through_the_page(
    client: Client, siphum_officer: User, person: Person
) -> None:
    response = login(client, siphum_officer).post(
        reverse("registry:consent_add", args=[person.pk]),
        {"purpose": "share_with_partners", "given_by": "self", "given_on": "01/03/2568"},
    )

    consent = person.consents.get()
    assert response.status_code == 302
    assert response["Location"].endswith("#consents")
    assert (consent.purpose, consent.given_on, consent.recorded_by) == (
        "share_with_partners",
        GIVEN,
        siphum_officer,
    )


def test_the_person_page_lists_consents_with_their_state(
    client: Client, siphum_officer: User, person: Person
) -> None:
    add_consent(by=siphum_officer, person=person, purpose="registry", given_on=GIVEN)
    photos = add_consent(by=siphum_officer, person=person, purpose="photos", given_on=GIVEN)
    withdraw_consent(by=siphum_officer, consent=photos, withdrawn_on=dt.date(2025, 4, 1))

    html = (
        login(client, siphum_officer)
        .get(reverse("registry:person_detail", args=[person.pk]))
        .content.decode()
    )

    assert 'id="consent-table"' in html
    assert "2568" in html  # dates in the Buddhist era
    assert html.count(reverse("registry:consent_withdraw", args=[photos.pk])) == 0


def test_a_guardian_must_be_named(siphum_officer: User, person: Person) -> None:
    with pytest.raises(ValidationError) as caught:
        add_consent(
            by=siphum_officer,
            person=person,
            purpose="registry",
            given_on=GIVEN,
            given_by="guardian",
        )
    assert caught.value.field == "given_by_name"
    assert not Consent.objects.exists()


def test_a_consent_in_force_is_not_recorded_twice(siphum_officer: User, person: Person) -> None:
    add_consent(by=siphum_officer, person=person, purpose="registry", given_on=GIVEN)

    with pytest.raises(ValidationError) as caught:
        add_consent(by=siphum_officer, person=person, purpose="registry", given_on=GIVEN)

    assert caught.value.field == "purpose"
    assert person.consents.count() == 1


def test_consent_may_be_given_again_after_a_withdrawal(
    siphum_officer: User, person: Person
) -> None:
    first = add_consent(by=siphum_officer, person=person, purpose="contact", given_on=GIVEN)
    withdraw_consent(by=siphum_officer, consent=first, withdrawn_on=dt.date(2025, 3, 5))

    add_consent(by=siphum_officer, person=person, purpose="contact", given_on=dt.date(2025, 4, 1))

    assert person.consents.count() == 2


def test_a_consent_date_in_the_future_is_refused(siphum_officer: User, person: Person) -> None:
    with pytest.raises(ValidationError) as caught:
        add_consent(
            by=siphum_officer,
            person=person,
            purpose="registry",
            given_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert caught.value.field == "given_on"


def test_withdrawing_keeps_the_record_with_its_date(
    client: Client, siphum_officer: User, person: Person
) -> None:
    consent = add_consent(by=siphum_officer, person=person, purpose="registry", given_on=GIVEN)

    response = login(client, siphum_officer).post(
        reverse("registry:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "15/03/2568"}
    )

    consent.refresh_from_db()
    assert response.status_code == 302
    assert consent.withdrawn_on == dt.date(2025, 3, 15)
    assert not consent.is_active


def test_a_consent_is_withdrawn_only_once_and_not_before_it_was_given(
    siphum_officer: User, person: Person
) -> None:
    consent = add_consent(by=siphum_officer, person=person, purpose="registry", given_on=GIVEN)
    with pytest.raises(ValidationError):
        withdraw_consent(by=siphum_officer, consent=consent, withdrawn_on=dt.date(2025, 2, 1))

    withdraw_consent(by=siphum_officer, consent=consent, withdrawn_on=dt.date(2025, 3, 2))
    with pytest.raises(ValidationError):
        withdraw_consent(by=siphum_officer, consent=consent, withdrawn_on=dt.date(2025, 3, 3))

    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2025, 3, 2)


def test_a_volunteer_may_not_record_or_withdraw_consent(
    siphum_officer: User, siphum_volunteer: User, person: Person
) -> None:
    consent = add_consent(by=siphum_officer, person=person, purpose="registry", given_on=GIVEN)

    with pytest.raises(PermissionDenied):
        add_consent(by=siphum_volunteer, person=person, purpose="photos", given_on=GIVEN)
    with pytest.raises(PermissionDenied):
        withdraw_consent(by=siphum_volunteer, consent=consent)

    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert person.consents.count() == 1


def test_a_consent_outside_the_area_is_not_found(
    client: Client, siphum_officer: User, bkk_officer: User, person: Person
) -> None:
    consent = add_consent(by=siphum_officer, person=person, purpose="registry", given_on=GIVEN)

    response = login(client, bkk_officer).post(
        reverse("registry:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "15/03/2568"}
    )

    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_the_withdraw_page_shows_the_consent(
    client: Client, siphum_officer: User, person: Person
) -> None:
    consent = add_consent(by=siphum_officer, person=person, purpose="registry", given_on=GIVEN)

    response = login(client, siphum_officer).get(
        reverse("registry:consent_withdraw", args=[consent.pk])
    )

    assert response.status_code == 200
    assert 'id="consent-summary"' in response.content.decode()
