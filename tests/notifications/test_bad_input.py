"""Malformed parameters, unknown ids and wrong methods on the notification pages get a 4xx (or
the page, 200), never a crash; and nobody opens another user's notification."""

import pytest
from django.test import Client

from tambon.accounts.models import User
from tambon.notifications.models import Notification
from tambon.notifications.services import notify
from tests.conftest import login

pytestmark = pytest.mark.django_db

BIG_ID = "99999999999999999999"  # past a 64-bit integer


@pytest.fixture
def mine(siphum_officer: User) -> Notification:
    notify(
        recipients=[siphum_officer],
        subject="กรณี C-500101-2569-00001 มอบหมายให้คุณ",
        body="",
        url="/cases/",
        email=False,
    )
    return Notification.objects.get(recipient=siphum_officer)


def test_bad_input_never_crashes_a_notification_page(
    client: Client, siphum_officer: User, mine: Notification
) -> None:
    login(client, siphum_officer)
    probes = [
        ("get", "/notifications/?page=abc&unread=zz"),
        ("get", "/notifications/?page=-1&unread=1"),
        ("get", "/notifications/?page=99999"),
        ("get", "/notifications/?unread=%00&page=" + "9" * 500),
        ("post", "/notifications/999999/open/"),
        ("post", f"/notifications/{BIG_ID}/open/"),
        ("get", f"/notifications/{mine.pk}/open/"),
        ("get", "/notifications/read-all/"),
        ("get", "/notifications/badge/?x=%00"),
        ("post", "/notifications/badge/"),
    ]
    answers = {(method, url): getattr(client, method)(url).status_code for method, url in probes}

    assert {key: status for key, status in answers.items() if status >= 500} == {}
    assert answers[("post", "/notifications/999999/open/")] == 404
    assert answers[("get", f"/notifications/{mine.pk}/open/")] == 405
    assert Notification.objects.get(pk=mine.pk).read_at is None


def test_another_users_notification_is_a_404_and_stays_unread(
    client: Client, bkk_officer: User, mine: Notification
) -> None:
    response = login(client, bkk_officer).post(f"/notifications/{mine.pk}/open/")

    assert response.status_code == 404
    assert "C-500101-2569-00001" not in response.content.decode()
    assert Notification.objects.get(pk=mine.pk).read_at is None
