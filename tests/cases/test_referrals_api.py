"""The referrals API: the same services, policy and state machine as the pages, and a partner
reads only what the referral needs (never a national ID)."""

import json
from typing import Any

import pytest

from tambon.accounts.models import AccessLog, User
from tambon.cases.models import Referral, ReferralState, State
from tambon.core import nationalid
from tests.cases.factories import fresh
from tests.cases.referral_support import NATIONAL_ID, PHONE, REQUEST, World, world_fixture  # noqa: F401
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db
BASE = "/api/v1/cases/referrals/"


def send(user: User, url: str, body: dict[str, Any]) -> Any:
    return api_client(user).post(url, json.dumps(body), content_type="application/json")


def test_an_officer_refers_a_case_through_the_api(world: World) -> None:
    response = send(
        world.officer,
        BASE,
        {"case_id": world.case.pk, "service_id": world.service.pk, "request": REQUEST},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "sent" and body["case_id"] == world.case.pk
    assert body["can_withdraw"] is True
    assert Referral.objects.get().pk == body["id"]


def test_the_api_refuses_sharing_without_consent(world: World) -> None:
    response = send(
        world.officer,
        BASE,
        {
            "case_id": world.case.pk,
            "service_id": world.service.pk,
            "request": REQUEST,
            "share_personal_data": True,
        },
    )

    assert response.status_code == 400
    assert response.json()["field"] == "share_personal_data"
    assert not Referral.objects.exists()


def test_a_partner_cannot_refer(world: World) -> None:
    response = send(
        world.member,
        BASE,
        {"case_id": world.case.pk, "service_id": world.service.pk, "request": REQUEST},
    )

    assert response.status_code == 400  # the case is not found for a partner
    assert not Referral.objects.exists()


def test_the_partner_lists_its_inbox_without_the_person(world: World) -> None:
    referral = world.refer()

    mine = api_client(world.member).get(BASE).json()
    theirs = api_client(world.other_member).get(BASE).json()

    assert [r["id"] for r in mine["items"]] == [referral.pk] and mine["count"] == 1
    assert mine["items"][0]["person"] is None and mine["items"][0]["case_id"] is None
    assert theirs == {"items": [], "count": 0}


def test_the_partner_reads_the_person_only_when_shared_and_never_the_id(world: World) -> None:
    plain = world.refer()
    world.consent()
    other_service = type(world.service).objects.create(
        partner=world.fund, name="ซ่อมแซมบ้านผู้สูงอายุ", service_type=world.service.service_type
    )
    shared = world.refer(share=True, service=other_service)
    client = api_client(world.member)

    without = client.get(f"{BASE}{plain.pk}")
    with_consent = client.get(f"{BASE}{shared.pk}")

    assert without.json()["person"] is None
    person = with_consent.json()["person"]
    assert person["name"] == "บุญมี ศรีวงศ์" and person["phone"] == PHONE
    for response in (without, with_consent):
        text = response.content.decode()
        assert NATIONAL_ID not in text and nationalid.mask(NATIONAL_ID) not in text
        assert "national" not in text
    assert AccessLog.objects.filter(user=world.member, object_type="registry.person").count() == 1


def test_another_partner_and_another_area_get_404(world: World, bkk_officer: User) -> None:
    referral = world.refer()

    for user in (world.other_member, bkk_officer):
        assert api_client(user).get(f"{BASE}{referral.pk}").status_code == 404
        answer = send(user, f"{BASE}{referral.pk}/answer", {"action": "accept", "version": 1})
        assert answer.status_code == 404
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT


def test_the_partner_answers_through_the_api(world: World) -> None:
    referral = world.refer()
    url = f"{BASE}{referral.pk}/answer"

    listed = api_client(world.member).get(f"{BASE}{referral.pk}").json()
    accepted = send(world.member, url, {"action": "accept", "version": 1})
    illegal = send(world.member, url, {"action": "decline", "version": 2, "reason": "เต็ม"})
    stale = send(world.member, url, {"action": "deliver", "version": 1})
    delivered = send(
        world.member, url, {"action": "deliver", "version": 2, "result_note": "ให้บริการแล้ว"}
    )

    assert listed["answers"] == ["accept", "decline"]
    assert accepted.status_code == 200 and accepted.json()["answers"] == ["deliver", "not_deliver"]
    assert illegal.status_code == 400 and stale.status_code == 409
    assert delivered.status_code == 200 and delivered.json()["state"] == "delivered"


def test_declining_through_the_api_needs_a_reason(world: World) -> None:
    referral = world.refer()

    response = send(
        world.member, f"{BASE}{referral.pk}/answer", {"action": "decline", "version": 1}
    )

    assert response.status_code == 400 and response.json()["field"] == "reason"
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT


def test_an_unknown_answer_is_refused(world: World) -> None:
    referral = world.refer()

    response = send(world.member, f"{BASE}{referral.pk}/answer", {"action": "close", "version": 1})

    assert response.status_code in (400, 422)
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT


def test_officers_withdraw_and_partners_cannot(world: World) -> None:
    referral = world.refer()
    url = f"{BASE}{referral.pk}/withdraw"

    by_partner = send(world.member, url, {"version": 1})
    by_officer = send(world.officer, url, {"version": 1, "reason": "ญาติรับไปดูแลเอง"})

    assert by_partner.status_code == 403
    assert by_officer.status_code == 200 and by_officer.json()["state"] == "withdrawn"


def test_the_api_refuses_to_close_a_case_with_an_open_referral(world: World) -> None:
    world.refer()
    case = fresh(world.case)

    response = send(
        world.officer,
        f"/api/v1/cases/{case.pk}/transitions",
        {"to": "closed", "version": case.version, "outcome": "moved", "reason": "ย้ายไปลำพูน"},
    )

    assert response.status_code == 400
    assert fresh(case).state == State.PLANNING
