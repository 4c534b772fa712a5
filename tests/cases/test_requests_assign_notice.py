"""Assigning a case notifies the newly assigned officer and volunteer (never its actor)."""

import pytest
from django.core import mail

from tambon.accounts.models import User
from tambon.cases.services.cases import assign_case
from tambon.notifications.models import Notification
from tests.cases.factories import fresh, make_case

pytestmark = pytest.mark.django_db


def test_the_new_assignees_are_notified_by_reference_only(
    siphum_officer: User,
    cm_officer: User,
    siphum_volunteer: User,
    django_capture_on_commit_callbacks,
) -> None:
    case = make_case(siphum_officer)

    with django_capture_on_commit_callbacks(execute=True):
        assign_case(
            by=cm_officer,
            case=case,
            expected_version=case.version,
            officer=siphum_officer,
            volunteer=siphum_volunteer,
        )

    rows = Notification.objects.order_by("recipient__username")
    assert [r.recipient for r in rows] == [siphum_officer, siphum_volunteer]
    assert all(case.reference in r.subject for r in rows)
    assert all(r.url == f"/cases/{case.pk}/" for r in rows)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "siphum_officer@example.go.th",
        "siphum_volunteer@example.go.th",
    ]
    person = case.person
    assert person is not None
    assert all(person.first_name not in r.subject + r.body for r in rows)


def test_who_assigns_themselves_or_stays_assigned_is_not_notified(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = make_case(siphum_officer)
    case = assign_case(
        by=siphum_officer,
        case=case,
        expected_version=case.version,
        officer=siphum_officer,
        volunteer=None,
    )
    assert not Notification.objects.exists()

    assign_case(
        by=siphum_officer,
        case=fresh(case),
        expected_version=fresh(case).version,
        officer=siphum_officer,
        volunteer=siphum_volunteer,
    )

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        "siphum_volunteer"
    ]
