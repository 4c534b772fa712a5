"""Who finds what in each work queue: per role and area (officer, other-area officer,
provincial officer, volunteer assigned or not, partner member or not), and the home-page
counts agree with the lists."""

import pytest

from tambon.accounts.models import User
from tambon.cases.models import Case, HelpRequest, State
from tambon.cases.selectors import queues
from tambon.cases.selectors.queues import Queue, QueueFilters
from tests.cases.factories import fresh, make_case, move
from tests.cases.queue_support import (
    TODAY,
    TOMORROW,
    YESTERDAY,
    assigned_case,
    follow_up,
    help_request,
    partner_service,
    referral,
)
from tests.conftest import MakeUser
from tests.registry.factories import PHRA_BOROM

pytestmark = pytest.mark.django_db


def refs(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.reference for c in qs}


# --- which queues a role has -----------------------------------------------------------------


def test_each_role_has_its_queues(
    admin: User,
    cm_officer: User,
    siphum_officer: User,
    siphum_volunteer: User,
    partner: User,
    facilitator: User,
) -> None:
    everything = [
        Queue.MY_CASES,
        Queue.NEW_INTAKES,
        Queue.HELP_REQUESTS,
        Queue.OVERDUE_FOLLOW_UPS,
        Queue.REFERRALS_WAITING,
        Queue.BY_URGENCY,
    ]
    assert queues.queues_for(admin) == everything
    assert queues.queues_for(cm_officer) == everything
    assert queues.queues_for(siphum_officer) == everything
    assert queues.queues_for(siphum_volunteer) == [Queue.MY_CASES, Queue.OVERDUE_FOLLOW_UPS]
    assert queues.queues_for(partner) == [Queue.REFERRALS_WAITING]
    assert queues.queues_for(facilitator) == []
    assert queues.queue_counts(facilitator) == []


def test_an_inactive_user_has_no_queue(siphum_officer: User) -> None:
    siphum_officer.is_active = False
    assert queues.queues_for(siphum_officer) == []


# --- my cases ----------------------------------------------------------------------------------


def test_my_cases_are_the_open_cases_assigned_to_me(
    siphum_officer: User, siphum_volunteer: User, other_volunteer: User, make_user: MakeUser
) -> None:
    colleague = make_user("colleague", "subdistrict_officer", "500101")
    mine = assigned_case(siphum_officer, officer=siphum_officer, volunteer=siphum_volunteer)
    theirs = assigned_case(siphum_officer, officer=colleague)
    unassigned = make_case(siphum_officer)
    closed = assigned_case(siphum_officer, officer=siphum_officer, volunteer=siphum_volunteer)
    closed = move(closed, State.CLOSED, by=siphum_officer)

    assert refs(queues.my_cases(siphum_officer)) == {mine.reference}
    assert refs(queues.my_cases(colleague)) == {theirs.reference}
    assert refs(queues.my_cases(siphum_volunteer)) == {mine.reference}
    assert refs(queues.my_cases(other_volunteer)) == set()
    assert unassigned.reference not in refs(queues.my_cases(siphum_officer))


def test_my_cases_leave_out_cases_outside_my_area_even_if_assigned(
    siphum_officer: User, bkk_officer: User, siphum_volunteer: User
) -> None:
    case = assigned_case(siphum_officer, volunteer=siphum_volunteer)
    # The volunteer's area is moved away: the policy no longer lets them see the case.
    siphum_volunteer.areas.update(area_code=PHRA_BOROM)
    volunteer = User.objects.get(pk=siphum_volunteer.pk)

    assert refs(queues.my_cases(volunteer)) == set()
    assert refs(queues.my_cases(bkk_officer)) == set()
    assert case.reference in refs(queues.by_urgency(siphum_officer))


# --- new intakes and public requests -------------------------------------------------------


def test_new_intakes_are_the_intake_cases_of_my_area(
    siphum_officer: User,
    cm_officer: User,
    bkk_officer: User,
    admin: User,
    siphum_volunteer: User,
) -> None:
    intake = make_case(siphum_officer)
    make_case(siphum_officer, state=State.SCREENING)
    bangkok = make_case(bkk_officer, subdistrict=PHRA_BOROM)

    assert refs(queues.new_intakes(siphum_officer)) == {intake.reference}
    assert refs(queues.new_intakes(cm_officer)) == {intake.reference}
    assert refs(queues.new_intakes(bkk_officer)) == {bangkok.reference}
    assert refs(queues.new_intakes(admin)) == {intake.reference, bangkok.reference}
    assert refs(queues.new_intakes(siphum_volunteer)) == set()


def test_public_requests_received_wait_in_their_sub_district(
    siphum_officer: User, bkk_officer: User, siphum_volunteer: User, partner: User
) -> None:
    waiting = help_request()
    help_request(status=HelpRequest.Status.IN_PROGRESS)
    help_request(status=HelpRequest.Status.CLOSED)
    bangkok = help_request(PHRA_BOROM)

    assert refs(queues.new_help_requests(siphum_officer)) == {waiting.reference}
    assert refs(queues.new_help_requests(bkk_officer)) == {bangkok.reference}
    assert refs(queues.new_help_requests(siphum_volunteer)) == set()
    assert refs(queues.new_help_requests(partner)) == set()


# --- overdue follow-ups ---------------------------------------------------------------------


def test_officers_see_the_overdue_follow_ups_of_their_area(
    siphum_officer: User, bkk_officer: User, siphum_volunteer: User
) -> None:
    case = make_case(siphum_officer, state=State.FOLLOW_UP)
    late = follow_up(case, due_on=YESTERDAY)
    follow_up(case, due_on=TODAY)
    follow_up(case, due_on=YESTERDAY, status="done")
    follow_up(case, due_on=YESTERDAY, status="cancelled")

    found = queues.overdue_follow_ups(siphum_officer, today=TODAY)
    assert [f.pk for f in found] == [late.pk]
    assert list(queues.overdue_follow_ups(bkk_officer, today=TODAY)) == []


def test_a_volunteer_sees_the_overdue_follow_ups_assigned_to_them_on_their_cases(
    siphum_officer: User, siphum_volunteer: User, other_volunteer: User
) -> None:
    theirs = assigned_case(siphum_officer, volunteer=siphum_volunteer, state=State.FOLLOW_UP)
    not_their_case = make_case(siphum_officer, state=State.FOLLOW_UP)
    assigned = follow_up(theirs, due_on=YESTERDAY, assigned_to=siphum_volunteer)
    follow_up(theirs, due_on=YESTERDAY, assigned_to=siphum_officer)
    # Assigned to them, but on a case they may not open: never listed (the link would 404).
    follow_up(not_their_case, due_on=YESTERDAY, assigned_to=siphum_volunteer)

    found = queues.overdue_follow_ups(siphum_volunteer, today=TODAY)
    assert [f.pk for f in found] == [assigned.pk]
    assert list(queues.overdue_follow_ups(other_volunteer, today=TODAY)) == []


# --- referrals waiting ----------------------------------------------------------------------


def test_a_partner_member_sees_the_open_referrals_to_their_organisation(
    siphum_officer: User, partner: User, make_user: MakeUser
) -> None:
    outsider = make_user("outsider", "partner", "500101", first_name="ร้านค้า")
    service = partner_service(members=[partner])
    other_service = partner_service(members=[outsider])
    case = make_case(siphum_officer, state=State.IN_SERVICE)
    sent = referral(case, service)
    accepted = referral(case, service, state="accepted")
    referral(case, service, state="delivered")
    referral(case, service, state="declined")
    referral(case, service, state="withdrawn")
    elsewhere = referral(case, other_service)

    assert {r.pk for r in queues.referrals_waiting(partner, today=TODAY)} == {
        sent.pk,
        accepted.pk,
    }
    assert {r.pk for r in queues.referrals_waiting(outsider, today=TODAY)} == {elsewhere.pk}


def test_a_partner_user_without_an_organisation_sees_no_referral(
    siphum_officer: User, partner: User
) -> None:
    service = partner_service()
    referral(make_case(siphum_officer, state=State.IN_SERVICE), service)

    assert list(queues.referrals_waiting(partner, today=TODAY)) == []
    assert queues.queue_counts(partner, today=TODAY)[0].count == 0


def test_officers_see_referrals_unanswered_past_their_deadline_or_escalated(
    siphum_officer: User, bkk_officer: User, partner: User, siphum_volunteer: User
) -> None:
    service = partner_service(members=[partner])
    case = make_case(siphum_officer, state=State.IN_SERVICE)
    late = referral(case, service, answer_due=YESTERDAY)
    referral(case, service, answer_due=TODAY)
    referral(case, service, answer_due=YESTERDAY, state="accepted")
    escalated = referral(
        case, service, answer_due=TOMORROW, state="accepted", escalated_at=fresh(case).opened_at
    )
    referral(case, service, answer_due=YESTERDAY, state="delivered")

    found = queues.referrals_waiting(siphum_officer, today=TODAY)
    assert {r.pk for r in found} == {late.pk, escalated.pk}
    assert list(queues.referrals_waiting(bkk_officer, today=TODAY)) == []
    assert list(queues.referrals_waiting(siphum_volunteer, today=TODAY)) == []


# --- by urgency -----------------------------------------------------------------------------


def test_open_cases_by_urgency_put_critical_first_then_the_oldest(
    siphum_officer: User, bkk_officer: User
) -> None:
    low = make_case(siphum_officer, urgency=Case.Urgency.LOW)
    critical_old = make_case(siphum_officer, urgency=Case.Urgency.CRITICAL)
    normal = make_case(siphum_officer, urgency=Case.Urgency.NORMAL, state=State.PLANNING)
    critical_new = make_case(siphum_officer, urgency=Case.Urgency.CRITICAL)
    high = make_case(siphum_officer, urgency=Case.Urgency.HIGH)
    make_case(siphum_officer, urgency=Case.Urgency.CRITICAL, state=State.CLOSED)
    make_case(bkk_officer, subdistrict=PHRA_BOROM, urgency=Case.Urgency.CRITICAL)

    items = queues.queue_items(
        user=siphum_officer, queue=Queue.BY_URGENCY, filters=QueueFilters(), today=TODAY
    )
    assert [c.reference for c in items] == [
        c.reference for c in (critical_old, critical_new, high, normal, low)
    ]


# --- counts ----------------------------------------------------------------------------------


def test_counts_agree_with_the_lists_for_every_role(
    siphum_officer: User, siphum_volunteer: User, partner: User, bkk_officer: User
) -> None:
    service = partner_service(members=[partner])
    mine = assigned_case(
        siphum_officer,
        officer=siphum_officer,
        volunteer=siphum_volunteer,
        state=State.IN_SERVICE,
    )
    make_case(siphum_officer)
    make_case(siphum_officer, urgency=Case.Urgency.CRITICAL)
    follow_up(mine, due_on=YESTERDAY, assigned_to=siphum_volunteer)
    referral(mine, service, answer_due=YESTERDAY)
    referral(mine, service)
    help_request()

    for user in (siphum_officer, siphum_volunteer, partner, bkk_officer):
        counts = {c.queue: c.count for c in queues.queue_counts(user, today=TODAY)}
        for queue, count in counts.items():
            listed = queues.queue_items(user=user, queue=queue, filters=QueueFilters(), today=TODAY)
            assert count == len(list(listed)), (user.username, queue)
    officer = {c.queue: c.count for c in queues.queue_counts(siphum_officer, today=TODAY)}
    assert officer == {
        Queue.MY_CASES: 1,
        Queue.NEW_INTAKES: 2,
        Queue.HELP_REQUESTS: 1,
        Queue.OVERDUE_FOLLOW_UPS: 1,
        Queue.REFERRALS_WAITING: 1,
        Queue.BY_URGENCY: 3,
    }
    assert [(c.queue, c.count) for c in queues.queue_counts(partner, today=TODAY)] == [
        (Queue.REFERRALS_WAITING, 2)
    ]
    assert sum(c.count for c in queues.queue_counts(bkk_officer, today=TODAY)) == 0


def test_the_counts_take_at_most_one_query_per_queue(
    siphum_officer: User, django_assert_max_num_queries
) -> None:
    make_case(siphum_officer)
    officer = User.objects.get(pk=siphum_officer.pk)
    # The user's areas (one query, then cached), the three case queues in one, then one
    # each for requests, follow-ups and referrals.
    with django_assert_max_num_queries(5):
        counts = queues.queue_counts(officer, today=TODAY)
    assert len(counts) == 6


def test_follow_ups_and_referrals_carry_their_cases_sub_district(
    siphum_officer: User, partner: User
) -> None:
    # The queues scope and count them by this copy, without reading the cases.
    case = make_case(siphum_officer, state=State.IN_SERVICE)
    made = [follow_up(case, due_on=YESTERDAY), referral(case, partner_service(members=[partner]))]

    assert [m.subdistrict_id for m in made] == [case.subdistrict_id] * 2
