"""The work-queue counts are kept in the cache, and counted again after any change they count."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tambon.accounts.models import User
from tambon.cases.models import State
from tambon.cases.selectors import queues
from tambon.cases.selectors.queues import Queue
from tambon.cases.services.workflow import transition_case
from tests.cases.factories import make_case
from tests.cases.queue_support import (
    TODAY,
    YESTERDAY,
    follow_up,
    help_request,
    partner_service,
    referral,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db


def counts(user: User) -> dict[Queue, int]:
    return {c.queue: c.count for c in queues.queue_counts(user, today=TODAY)}


def test_counting_again_without_a_change_reads_nothing_from_the_database(
    siphum_officer: User,
) -> None:
    make_case(siphum_officer)
    first = counts(siphum_officer)

    with CaptureQueriesContext(connection) as queries:
        again = counts(siphum_officer)

    assert again == first
    assert len(queries) == 0


def test_every_kind_of_change_shows_in_the_next_count(siphum_officer: User, partner: User) -> None:
    assert counts(siphum_officer)[Queue.NEW_INTAKES] == 0

    case = make_case(siphum_officer)  # a case saved: one more intake
    assert counts(siphum_officer)[Queue.NEW_INTAKES] == 1

    transition_case(case=case, to=State.SCREENING, by=siphum_officer, expected_version=case.version)
    assert counts(siphum_officer)[Queue.NEW_INTAKES] == 0

    follow_up(case, due_on=YESTERDAY)  # a follow-up saved
    assert counts(siphum_officer)[Queue.OVERDUE_FOLLOW_UPS] == 1

    help_request()  # a public request saved
    assert counts(siphum_officer)[Queue.HELP_REQUESTS] == 1

    service = partner_service(members=[partner])
    assert counts(partner)[Queue.REFERRALS_WAITING] == 0
    referral(case, service, answer_due=TODAY)  # a referral saved
    assert counts(partner)[Queue.REFERRALS_WAITING] == 1
    assert counts(siphum_officer)[Queue.REFERRALS_WAITING] == 0

    referral(case, service, answer_due=YESTERDAY)  # unanswered past its date: the officer's too
    assert counts(siphum_officer)[Queue.REFERRALS_WAITING] == 1


def test_counts_are_kept_per_user_and_area(
    siphum_officer: User, bkk_officer: User, client: Client
) -> None:
    make_case(siphum_officer)

    assert counts(siphum_officer)[Queue.NEW_INTAKES] == 1
    assert counts(bkk_officer)[Queue.NEW_INTAKES] == 0
    page = login(client, bkk_officer).get("/cases/queues/intakes/")
    assert page.status_code == 200
