"""Referral pages: the section and the "Refer" form on the case page, the partner inbox and
its referral page (only what the referral needs), answering, withdrawing, and closing a case
that still has an open referral."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from tambon.accounts.models import AccessLog, User
from tambon.cases.models import Case, Referral, ReferralState, State
from tambon.cases.services.referrals import MSG_NO_CONSENT, answer_referral
from tambon.core import nationalid
from tambon.registry.models import Consent
from tests.cases.factories import fresh
from tests.cases.referral_support import (  # noqa: F401
    ADDRESS,
    NATIONAL_ID,
    PHONE,
    REQUEST,
    World,
    planning_case,
    world_fixture,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_the_case_page_lists_referrals_with_state_and_due_date(
    client: Client, world: World
) -> None:
    referral = world.refer()

    page = html(
        login(client, world.officer).get(reverse("cases:case_detail", args=[world.case.pk]))
    )

    assert 'id="refer-case"' in page
    assert f'data-referral="{referral.pk}"' in page
    assert world.service.name in page and 'data-referral-state="sent"' in page
    assert str(referral.answer_due.year + 543) in page


def test_a_volunteer_sees_the_referrals_without_the_refer_button(
    client: Client, world: World, siphum_volunteer: User
) -> None:
    world.refer()
    case = fresh(world.case)
    Case.objects.filter(pk=case.pk).update(assigned_volunteer=siphum_volunteer)

    page = html(login(client, siphum_volunteer).get(reverse("cases:case_detail", args=[case.pk])))

    assert world.service.name in page
    assert 'id="refer-case"' not in page


def test_the_refer_form_offers_the_area_services_answering_the_problems_first(
    client: Client, world: World
) -> None:
    page = html(login(client, world.officer).get(reverse("cases:case_refer", args=[world.case.pk])))

    assert world.service.name in page
    assert page.index("optgroup") < page.index(world.service.name)
    assert 'id="consent-status"' in page


def test_the_refer_form_sends_the_referral(client: Client, world: World) -> None:
    due = timezone.localdate() + dt.timedelta(days=10)
    login(client, world.officer)

    response = client.post(
        reverse("cases:case_refer", args=[world.case.pk]),
        {
            "service": world.service.pk,
            "request": REQUEST,
            "answer_due": f"{due.day:02d}/{due.month:02d}/{due.year + 543}",
        },
    )

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.answer_due, referral.request) == (due, REQUEST)
    assert not referral.shares_personal_data


def test_sharing_without_consent_is_refused_on_the_form(client: Client, world: World) -> None:
    login(client, world.officer)

    response = client.post(
        reverse("cases:case_refer", args=[world.case.pk]),
        {"service": world.service.pk, "request": REQUEST, "share_personal_data": "on"},
    )

    assert response.status_code == 400
    assert escape(gettext(MSG_NO_CONSENT) % {"person": "บุญมี ศรีวงศ์"}) in html(response)
    assert not Referral.objects.exists()


# --- the partner's side --------------------------------------------------------------------


def test_the_inbox_shows_the_partner_only_its_referrals(client: Client, world: World) -> None:
    ours = world.refer()
    login(client, world.member)

    page = html(client.get(reverse("cases:referral_inbox")))
    theirs = html(login(Client(), world.other_member).get(reverse("cases:referral_inbox")))

    assert f'data-referral="{ours.pk}"' in page and world.case.reference in page
    assert "บุญมี" not in page
    assert f'data-referral="{ours.pk}"' not in theirs and 'id="inbox-empty"' in theirs


def test_the_inbox_filters_by_state_and_overdue(client: Client, world: World) -> None:
    late = world.refer()
    Referral.objects.filter(pk=late.pk).update(
        answer_due=timezone.localdate() - dt.timedelta(days=2)
    )
    other_case = planning_case(world.officer)
    answered = world.refer(case=other_case)
    answer_referral(action="accept", referral=answered, by=world.member, expected_version=1)
    login(client, world.member)
    url = reverse("cases:referral_inbox")

    overdue = html(client.get(url, {"overdue": "on"}))
    accepted = html(client.get(url, {"state": "accepted"}))
    bad = client.get(url, {"state": "nonsense"})

    assert (
        f'data-referral="{late.pk}"' in overdue and f'data-referral="{answered.pk}"' not in overdue
    )
    assert "data-overdue" in overdue
    assert (
        f'data-referral="{answered.pk}"' in accepted
        and f'data-referral="{late.pk}"' not in accepted
    )
    assert bad.status_code == 200


def test_the_partner_sees_what_the_referral_needs_and_never_the_person(
    client: Client, world: World
) -> None:
    referral = world.refer()

    page = html(
        login(client, world.member).get(reverse("cases:referral_detail", args=[referral.pk]))
    )

    assert REQUEST in page and "ศรีภูมิ" in page and 'id="referral-problems"' in page
    assert 'id="person-withheld"' in page
    for secret in ("บุญมี", "ศรีวงศ์", PHONE, ADDRESS, NATIONAL_ID, nationalid.mask(NATIONAL_ID)):
        assert secret not in page
    assert reverse("cases:case_detail", args=[world.case.pk]) not in page
    assert not AccessLog.objects.filter(user=world.member).exists()


def test_with_consent_the_partner_sees_name_phone_and_address_but_not_the_id(
    client: Client, world: World
) -> None:
    world.consent()
    referral = world.refer(share=True)

    page = html(
        login(client, world.member).get(reverse("cases:referral_detail", args=[referral.pk]))
    )

    assert "บุญมี ศรีวงศ์" in page and PHONE in page and ADDRESS in page
    assert NATIONAL_ID not in page and nationalid.mask(NATIONAL_ID) not in page
    assert AccessLog.objects.filter(
        user=world.member, object_type="registry.person", object_id=str(world.case.person_id)
    ).exists()


def test_a_withdrawn_consent_hides_the_person_again(client: Client, world: World) -> None:
    consent = world.consent()
    referral = world.refer(share=True)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=timezone.localdate())

    page = html(
        login(client, world.member).get(reverse("cases:referral_detail", args=[referral.pk]))
    )

    assert "บุญมี" not in page and 'id="person-withheld"' in page


def test_the_partner_accepts_then_delivers_through_the_pages(client: Client, world: World) -> None:
    referral = world.refer()
    login(client, world.member)
    detail = html(client.get(reverse("cases:referral_detail", args=[referral.pk])))
    assert 'data-answer="accept"' in detail and 'data-answer="deliver"' not in detail

    accepted = client.post(
        reverse("cases:referral_answer", args=[referral.pk, "accept"]), {"version": 1}
    )
    delivered = client.post(
        reverse("cases:referral_answer", args=[referral.pk, "deliver"]),
        {"version": 2, "result_note": "มอบรถเข็นและจัดอาสาเยี่ยมบ้านแล้ว"},
    )

    assert (accepted.status_code, delivered.status_code) == (302, 302)
    saved = Referral.objects.get(pk=referral.pk)
    assert saved.state == ReferralState.DELIVERED
    officer_page = html(
        login(Client(), world.officer).get(reverse("cases:case_detail", args=[world.case.pk]))
    )
    assert "มอบรถเข็นและจัดอาสาเยี่ยมบ้านแล้ว" in officer_page


def test_declining_on_the_page_needs_a_reason(client: Client, world: World) -> None:
    referral = world.refer()
    login(client, world.member)

    response = client.post(
        reverse("cases:referral_answer", args=[referral.pk, "decline"]), {"version": 1}
    )

    assert response.status_code == 400
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT


def test_an_illegal_answer_on_the_page_is_refused(client: Client, world: World) -> None:
    referral = world.refer()
    login(client, world.member)

    shown = client.get(reverse("cases:referral_answer", args=[referral.pk, "deliver"]))
    posted = client.post(
        reverse("cases:referral_answer", args=[referral.pk, "deliver"]),
        {"version": 1, "result_note": "ให้บริการแล้ว"},
    )

    assert 'id="illegal"' in html(shown)
    assert posted.status_code == 400
    saved = Referral.objects.get(pk=referral.pk)
    assert (saved.state, saved.version) == (ReferralState.SENT, 1)


def test_a_stale_answer_on_the_page_is_a_conflict(client: Client, world: World) -> None:
    referral = world.refer()
    answer_referral(action="accept", referral=referral, by=world.member, expected_version=1)
    login(client, world.member)

    response = client.post(
        reverse("cases:referral_answer", args=[referral.pk, "not_deliver"]),
        {"version": 1, "result_note": "ติดต่อครอบครัวไม่ได้"},
    )

    assert response.status_code == 409 and 'id="conflict"' in html(response)
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.ACCEPTED


def test_the_officer_withdraws_on_the_page(client: Client, world: World) -> None:
    referral = world.refer()
    login(client, world.officer)

    detail = html(client.get(reverse("cases:referral_detail", args=[referral.pk])))
    response = client.post(
        reverse("cases:referral_withdraw", args=[referral.pk]),
        {"version": 1, "reason": "ญาติรับไปดูแลเอง"},
    )

    assert 'id="withdraw-referral"' in detail and "data-answer" not in detail
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.WITHDRAWN


def test_the_case_page_refuses_to_close_with_an_open_referral(client: Client, world: World) -> None:
    world.refer()
    case = fresh(world.case)
    login(client, world.officer)

    response = client.post(
        reverse("cases:case_transition", args=[case.pk, State.CLOSED]),
        {"version": case.version, "outcome": "moved", "reason": "ย้ายไปอยู่กับบุตร"},
    )

    assert response.status_code == 400
    assert "referral" in html(response) or "ส่งต่อ" in html(response)
    assert fresh(case).state == State.PLANNING


# --- no N+1 on the inbox -------------------------------------------------------------------


def _bulk_referrals(world: World, count: int) -> None:
    cases = [world.case, planning_case(world.officer), planning_case(world.officer)]
    today = timezone.localdate()
    Referral.objects.bulk_create(
        [
            Referral(
                case=cases[i % len(cases)],
                subdistrict_id=cases[i % len(cases)].subdistrict_id,
                service=world.service,
                partner=world.fund,
                request=f"{REQUEST} ({i})",
                answer_due=today + dt.timedelta(days=(i % 14) - 7),
                created_by=world.officer,
                updated_by=world.officer,
            )
            for i in range(count)
        ]
    )


def test_the_inbox_page_needs_the_same_queries_for_5_and_100_referrals(
    client: Client, world: World, django_assert_num_queries
) -> None:
    login(client, world.member)
    url = reverse("cases:referral_inbox")
    _bulk_referrals(world, 5)
    client.get(url)  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    _bulk_referrals(world, 95)
    with django_assert_num_queries(len(few.captured_queries)):
        full = client.get(url, {"page": 2})

    assert first.status_code == full.status_code == 200
    assert html(full).count("data-referral=") == 25
