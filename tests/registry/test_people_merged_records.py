"""After a merge, the survivor's page (and the data-subject export) shows what hangs off the
records merged into it, directly or through an earlier merge: their assessments and consents."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.registry.models import Person
from tambon.registry.selectors.assessments import latest_problems_of
from tambon.registry.selectors.people import assessments_of, consents_of
from tambon.registry.services.assessments import record_assessment
from tambon.registry.services.consent import add_consent
from tambon.registry.services.duplicates import merge_people
from tests.cases.factories import make_case
from tests.conftest import login
from tests.registry.factories import make_household, make_person

pytestmark = pytest.mark.django_db

POOR = {"income_household": False, "living_secure_housing": False}


@pytest.fixture
def chain(siphum_officer: User) -> tuple[Person, Person, Person]:
    """C ← B ← A: A was merged into B, then B into C; only A has an assessment and a consent."""
    a = make_person(first_name="สมศรี", household=make_household())
    b = make_person(first_name="สมสรี")
    c = make_person(first_name="สมศรี")
    record_assessment(by=siphum_officer, assessed_on=dt.date(2025, 2, 3), answers=POOR, person=a)
    add_consent(by=siphum_officer, person=a, purpose="registry", given_on=dt.date(2025, 2, 3))
    merge_people(by=siphum_officer, survivor=b, merged=a)
    merge_people(by=siphum_officer, survivor=c, merged=b)
    return a, b, c


def test_the_survivor_shows_the_merged_records_assessments_and_consents(
    client: Client, siphum_officer: User, chain: tuple[Person, Person, Person]
) -> None:
    a, _b, c = chain

    html = (
        login(client, siphum_officer)
        .get(reverse("registry:person_detail", args=[c.pk]))
        .content.decode()
    )

    assert 'id="consent-table"' in html
    assert 'id="consents-empty"' not in html
    assert 'id="assessments-empty"' not in html
    assert html.count("บันทึกที่ถูกรวม") >= 2  # both rows say they come from a merged record
    assert [x.person_id for x in assessments_of(c)] == [a.pk]
    assert [x.person_id for x in consents_of(c)] == [a.pk]


def test_a_record_without_merges_shows_only_its_own(
    siphum_officer: User, chain: tuple[Person, Person, Person]
) -> None:
    other = make_person(first_name="บุญมี")

    assert not assessments_of(other).exists()
    assert not consents_of(other).exists()


def test_the_survivor_page_lists_a_case_of_a_record_merged_two_merges_ago(
    client: Client, siphum_officer: User
) -> None:
    a, b, c = make_person(first_name="ก"), make_person(first_name="ข"), make_person(first_name="ค")
    case = make_case(siphum_officer, person=a)
    merge_people(by=siphum_officer, survivor=b, merged=a)
    merge_people(by=siphum_officer, survivor=c, merged=b)

    html = (
        login(client, siphum_officer)
        .get(reverse("registry:person_detail", args=[c.pk]))
        .content.decode()
    )

    assert case.reference in html


def test_the_need_filter_finds_the_survivor_by_a_merged_record_s_assessment(
    client: Client, siphum_officer: User, chain: tuple[Person, Person, Person]
) -> None:
    _a, _b, c = chain
    need = assessments_of(c).get().problems.first()
    assert need is not None

    response = login(client, siphum_officer).get(
        reverse("registry:person_list"), {"need": need.code}
    )

    assert [row.person.pk for row in response.context["rows"]] == [c.pk]
    assert need in latest_problems_of(c)  # what the person page lists
