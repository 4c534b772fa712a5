"""With consent, a partner is given the person's address: for a person with no written address
that is the house number of their household, on the referral page and in the API (found by
the browser walk of a whole case, tests/e2e/test_case_walk.py)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tambon.cases.models import Referral
from tambon.registry.models import Consent
from tambon.registry.services.consent import add_consent
from tests.cases.referral_support import World, planning_case, world_fixture  # noqa: F401
from tests.conftest import login
from tests.registry.factories import make_household
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

HOUSE_NUMBER = "45/2"


def shared_referral_of_a_household_member(world: World) -> Referral:
    """A person of a household, without a written address, who consented to sharing."""
    case = planning_case(
        world.officer,
        first_name="คำ",
        last_name="ใจงาม",
        address="",
        household=make_household(house_number=HOUSE_NUMBER),
    )
    assert case.person is not None
    add_consent(
        by=world.officer,
        person=case.person,
        purpose=Consent.Purpose.SHARE_WITH_PARTNERS,
        given_on=timezone.localdate(),
    )
    return world.refer(case=case, share=True)


def test_the_partner_page_shows_the_house_number_of_the_persons_household(
    client: Client, world: World
) -> None:
    referral = shared_referral_of_a_household_member(world)

    response = login(client, world.member).get(reverse("cases:referral_detail", args=[referral.pk]))

    page = response.content.decode()
    start = page.index('id="person-address"')
    address = page[start : page.index("</div>", start)]
    assert f"{gettext('House number')} {HOUSE_NUMBER}" in address


def test_the_api_gives_the_partner_the_house_number_of_the_persons_household(
    world: World,
) -> None:
    referral = shared_referral_of_a_household_member(world)

    body = api_client(world.member).get(f"/api/v1/cases/referrals/{referral.pk}").json()

    assert body["person"]["address"] == HOUSE_NUMBER
