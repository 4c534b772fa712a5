"""Closed-loop referrals through the services: sending (area, service, consent), the partner's
answers through the state machine, withdrawing, the closing hook, and notifications."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext

from tambon.accounts.models import User
from tambon.cases.models import Case, CaseEvent, Referral, ReferralState, State
from tambon.cases.selectors.hooks import has_open_referrals
from tambon.cases.services import referrals as services
from tambon.cases.services.cases import CaseData, open_case
from tambon.cases.services.workflow import MSG_OPEN_REFERRALS, transition_case
from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.notifications.models import Notification
from tambon.registry.services.consent import withdraw_consent
from tests.cases.factories import fresh, make_case, move, problems
from tests.cases.referral_support import REQUEST, World, planning_case, world_fixture  # noqa: F401
from tests.network.factories import PHRA_BOROM, ServiceFactory
from tests.registry.factories import make_household

pytestmark = pytest.mark.django_db


def kinds(case: Case) -> list[str]:
    return list(
        CaseEvent.objects.filter(case=case, kind__startswith="referral_")
        .order_by("pk")
        .values_list("kind", flat=True)
    )


# --- sending -------------------------------------------------------------------------------


def test_an_officer_refers_a_case_and_the_partner_members_are_notified(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        referral = world.refer()

    assert referral.state == ReferralState.SENT
    assert referral.partner == world.fund
    assert referral.answer_due == timezone.localdate() + dt.timedelta(days=7)
    assert not referral.shares_personal_data and referral.consent is None
    assert kinds(world.case) == ["referral_sent"]
    note = Notification.objects.get(recipient=world.member)
    assert world.case.reference in note.subject
    assert note.url == f"/cases/referrals/{referral.pk}/"
    assert "บุญมี" not in note.subject + note.body
    assert [m.to for m in mail.outbox] == [[world.member.email]]
    assert not Notification.objects.filter(recipient=world.other_member).exists()


def test_sharing_personal_data_needs_a_current_consent(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        world.refer(share=True)

    assert refused.value.field == "share_personal_data"
    assert refused.value.message == gettext(services.MSG_NO_CONSENT) % {"person": "บุญมี ศรีวงศ์"}
    assert not Referral.objects.exists()


def test_a_current_consent_lets_the_referral_share_personal_data(world: World) -> None:
    consent = world.consent()

    referral = world.refer(share=True)

    assert referral.shares_personal_data
    assert referral.consent == consent


def test_a_withdrawn_consent_does_not_count(world: World) -> None:
    consent = world.consent(given_on=timezone.localdate() - dt.timedelta(days=30))
    withdraw_consent(by=world.officer, consent=consent)

    with pytest.raises(ValidationError):
        world.refer(share=True)

    assert not Referral.objects.exists()


def test_a_household_case_cannot_share_personal_data(world: World) -> None:
    opened = open_case(
        by=world.officer,
        household=make_household(house_number="45/2"),
        data=CaseData(channel="walk_in", problem_types=problems("elderly")),
    )
    household_case = move(opened, State.PLANNING, by=world.officer)

    with pytest.raises(ValidationError) as refused:
        world.refer(share=True, case=household_case)

    assert refused.value.message == gettext(services.MSG_NO_PERSON)
    assert not Referral.objects.exists()


def test_a_service_that_does_not_serve_the_case_area_is_refused(world: World) -> None:
    bangkok_only = ServiceFactory(partner=world.temple, name="โรงทานวัด", problems=["elderly"])

    with pytest.raises(ValidationError) as refused:
        world.refer(service=bangkok_only)

    assert refused.value.field == "service"
    expected = gettext(services.MSG_SERVICE_NOT_SERVING) % {"service": "โรงทานวัด"}
    assert refused.value.message == expected
    assert not Referral.objects.exists()


def test_an_inactive_service_is_refused(world: World) -> None:
    WelfareService = type(world.service)
    WelfareService.objects.filter(pk=world.service.pk).update(active=False)
    world.service.refresh_from_db()

    with pytest.raises(ValidationError):
        world.refer()

    assert not Referral.objects.exists()


def test_a_second_open_referral_to_the_same_service_is_refused(world: World) -> None:
    world.refer()

    with pytest.raises(ValidationError) as refused:
        world.refer()

    expected = gettext(services.MSG_DUPLICATE) % {"service": world.service.name}
    assert refused.value.message == expected
    assert Referral.objects.count() == 1


def test_the_answer_date_cannot_be_in_the_past(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        world.refer(answer_due=timezone.localdate() - dt.timedelta(days=1))

    assert refused.value.field == "answer_due"
    assert not Referral.objects.exists()


@pytest.mark.parametrize("who", ["siphum_volunteer", "bkk_officer", "member"])
def test_only_the_case_managers_may_refer(
    world: World, request: pytest.FixtureRequest, who: str
) -> None:
    user = world.member if who == "member" else request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        world.refer(by=user)

    assert not Referral.objects.exists()
    assert kinds(world.case) == []


def test_a_closed_case_cannot_be_referred(world: World, siphum_officer: User) -> None:
    closed = make_case(siphum_officer, state=State.CLOSED)

    with pytest.raises(ValidationError) as refused:
        world.refer(case=closed)

    assert refused.value.message == gettext(services.MSG_CLOSED)


# --- answers -------------------------------------------------------------------------------


def test_the_partner_accepts_then_delivers_and_the_officer_hears_each_answer(
    world: World,
) -> None:
    referral = world.refer()

    services.answer_referral(
        action="accept", referral=referral, by=world.member, expected_version=referral.version
    )
    services.answer_referral(
        action="deliver",
        referral=referral,
        by=world.member,
        expected_version=referral.version,
        result_note="อาสาสมัครเยี่ยมบ้านแล้ว 2 ครั้ง",
    )

    saved = Referral.objects.get(pk=referral.pk)
    assert saved.state == ReferralState.DELIVERED
    assert saved.answered_by == world.member and saved.answered_at is not None
    assert saved.closed_at is not None and saved.result_note == "อาสาสมัครเยี่ยมบ้านแล้ว 2 ครั้ง"
    assert kinds(world.case) == ["referral_sent", "referral_accepted", "referral_delivered"]
    assert Notification.objects.filter(recipient=world.officer).count() == 2


def test_declining_needs_a_reason_and_keeps_it(world: World) -> None:
    referral = world.refer()

    with pytest.raises(ValidationError) as refused:
        services.answer_referral(
            action="decline",
            referral=referral,
            reason="  ",
            by=world.member,
            expected_version=referral.version,
        )
    assert refused.value.message == gettext(services.MSG_REASON_REQUIRED)
    assert fresh_referral(referral).state == ReferralState.SENT

    services.answer_referral(
        action="decline",
        referral=fresh_referral(referral),
        reason="เต็มจำนวนรับเดือนนี้แล้ว",
        by=world.member,
        expected_version=referral.version,
    )
    saved = fresh_referral(referral)
    assert saved.state == ReferralState.DECLINED
    assert saved.decline_reason == "เต็มจำนวนรับเดือนนี้แล้ว"
    event = CaseEvent.objects.get(case=world.case, kind="referral_declined")
    assert event.reason == "เต็มจำนวนรับเดือนนี้แล้ว" and event.by == world.member


def test_not_delivered_needs_a_note(world: World) -> None:
    referral = world.refer()
    services.answer_referral(
        action="accept", referral=referral, by=world.member, expected_version=1
    )

    with pytest.raises(ValidationError) as refused:
        services.answer_referral(
            action="not_deliver",
            referral=referral,
            result_note="",
            by=world.member,
            expected_version=2,
        )

    assert refused.value.message == gettext(services.MSG_RESULT_REQUIRED)
    assert fresh_referral(referral).state == ReferralState.ACCEPTED


def fresh_referral(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


ILLEGAL = [
    # (walk to this state first, then this answer is illegal)
    ([], "deliver"),
    ([], "not_deliver"),
    (["accept"], "accept"),
    (["accept"], "decline"),
    (["decline"], "accept"),
    (["decline"], "deliver"),
    (["accept", "deliver"], "not_deliver"),
    (["accept", "deliver"], "accept"),
    (["accept", "not_deliver"], "deliver"),
]


@pytest.mark.parametrize(("before", "answer"), ILLEGAL)
def test_an_illegal_answer_is_refused_and_changes_nothing(
    world: World, before: list[str], answer: str
) -> None:
    referral = world.refer()
    for step in before:
        services.answer_referral(
            referral=referral,
            action=step,
            by=world.member,
            expected_version=referral.version,
            reason="เต็มจำนวน",
            result_note="ติดต่อไม่ได้",
        )
    state, version, events = referral.state, referral.version, kinds(world.case)

    with pytest.raises(ValidationError) as refused:
        services.answer_referral(
            referral=fresh_referral(referral),
            action=answer,
            by=world.member,
            expected_version=version,
            reason="เต็มจำนวน",
            result_note="ติดต่อไม่ได้",
        )

    assert refused.value.field == "action"
    saved = fresh_referral(referral)
    assert (saved.state, saved.version) == (state, version)
    assert kinds(world.case) == events


def test_a_stale_version_is_a_conflict(world: World) -> None:
    referral = world.refer()
    stale = fresh_referral(referral)
    services.answer_referral(
        action="accept", referral=referral, by=world.member, expected_version=1
    )

    with pytest.raises(Conflict):
        services.answer_referral(
            action="decline", referral=stale, reason="ซ้ำ", by=world.member, expected_version=1
        )

    assert fresh_referral(referral).state == ReferralState.ACCEPTED


@pytest.mark.parametrize("who", ["other_member", "officer", "siphum_volunteer"])
def test_only_a_member_of_the_partner_may_answer(
    world: World, request: pytest.FixtureRequest, who: str
) -> None:
    referral = world.refer()
    user = getattr(world, who) if who != "siphum_volunteer" else request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.answer_referral(action="accept", referral=referral, by=user, expected_version=1)

    assert fresh_referral(referral).state == ReferralState.SENT
    assert kinds(world.case) == ["referral_sent"]


def test_a_national_admin_may_answer_for_a_partner(world: World, admin: User) -> None:
    referral = world.refer()

    services.answer_referral(action="accept", referral=referral, by=admin, expected_version=1)

    assert fresh_referral(referral).state == ReferralState.ACCEPTED


# --- withdrawing and the closing hook ------------------------------------------------------


def test_the_officer_withdraws_an_open_referral_and_the_partner_is_told(world: World) -> None:
    referral = world.refer()
    services.answer_referral(
        action="accept", referral=referral, by=world.member, expected_version=1
    )

    services.withdraw_referral(
        referral=referral, by=world.officer, expected_version=2, reason="ญาติรับไปดูแลเอง"
    )

    saved = fresh_referral(referral)
    assert saved.state == ReferralState.WITHDRAWN and saved.closed_at is not None
    assert kinds(world.case)[-1] == "referral_withdrawn"
    assert Notification.objects.filter(recipient=world.member).count() == 2  # sent, withdrawn


def test_the_partner_cannot_withdraw(world: World) -> None:
    referral = world.refer()

    with pytest.raises(PermissionDenied):
        services.withdraw_referral(referral=referral, by=world.member, expected_version=1)

    assert fresh_referral(referral).state == ReferralState.SENT


def test_a_closed_referral_cannot_be_withdrawn(world: World) -> None:
    referral = world.refer()
    services.answer_referral(
        action="decline",
        referral=referral,
        reason="ไม่ตรงเงื่อนไข",
        by=world.member,
        expected_version=1,
    )

    with pytest.raises(ValidationError):
        services.withdraw_referral(referral=referral, by=world.officer, expected_version=2)

    assert fresh_referral(referral).state == ReferralState.DECLINED


def test_a_case_with_an_open_referral_cannot_close(world: World) -> None:
    referral = world.refer()
    case = world.case
    assert has_open_referrals(case)

    with pytest.raises(ValidationError) as refused:
        transition_case(
            case=case,
            to=State.CLOSED,
            by=world.officer,
            expected_version=case.version,
            outcome="declined",
            reason="ย้ายออกนอกพื้นที่",
        )
    assert refused.value.message == gettext(MSG_OPEN_REFERRALS)
    assert fresh(case).state == State.PLANNING

    services.withdraw_referral(referral=referral, by=world.officer, expected_version=1)
    case = fresh(case)
    assert not has_open_referrals(case)
    closed = transition_case(
        case=case,
        to=State.CLOSED,
        by=world.officer,
        expected_version=case.version,
        outcome="moved",
        reason="ย้ายไปอยู่กับบุตรที่ลำพูน",
    )
    assert closed.state == State.CLOSED


def test_the_answer_goes_to_the_sender_when_the_case_has_no_officer(world: World) -> None:
    case = planning_case(world.officer)
    Case.objects.filter(pk=case.pk).update(assigned_officer=None)
    referral = world.refer(case=fresh(case))

    services.answer_referral(
        action="accept", referral=referral, by=world.member, expected_version=1
    )

    assert Notification.objects.filter(recipient=world.officer).count() == 1


def test_partner_members_who_left_are_not_notified(world: World) -> None:
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])

    world.refer()

    assert not Notification.objects.exists()


def test_other_partners_services_in_phra_borom_are_not_offered(world: World) -> None:
    from tambon.cases.selectors.referrals import referable_services

    ServiceFactory(partner=world.temple, name="โรงทานวัด")
    found = list(referable_services(user=world.officer, case=world.case))

    assert found == [world.service]
    assert PHRA_BOROM not in [s.partner.subdistrict_id for s in found]


def test_a_delivered_referral_marks_its_care_plan_action_done_and_a_declined_one_does_not(
    world: World,
) -> None:
    from tambon.cases.models import CarePlanAction
    from tambon.cases.services import care_plans

    goal = care_plans.add_goal(by=world.officer, case=world.case, text="มีกายอุปกรณ์ใช้")
    delivered_action = care_plans.add_action(
        by=world.officer, case=world.case, goal=goal, description="ขอรถเข็นจากกองทุน"
    )
    declined_action = care_plans.add_action(
        by=world.officer, case=world.case, goal=goal, description="ขอเงินช่วยเหลือ"
    )
    declined = world.refer(action=declined_action)

    services.answer_referral(
        action="decline", referral=declined, reason="เกินกำลัง", by=world.member, expected_version=1
    )
    # One open referral to a service at a time: the second goes once the first is answered.
    delivered = world.refer(action=delivered_action)
    services.answer_referral(
        action="accept", referral=delivered, by=world.member, expected_version=1
    )
    services.answer_referral(
        action="deliver",
        referral=delivered,
        by=world.member,
        expected_version=2,
        result_note="ส่งแล้ว",
    )

    assert CarePlanAction.objects.get(pk=delivered_action.pk).status == "done"
    assert CarePlanAction.objects.get(pk=declined_action.pk).status == "planned"
    done_events = CaseEvent.objects.filter(case=world.case, data__change="action_done")
    assert [e.data["action"] for e in done_events] == ["ขอรถเข็นจากกองทุน"]
