"""The notifications page, opening one, marking all read, and the unread badge of the shell."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tambon.accounts.models import User
from tambon.notifications.models import Notification
from tambon.notifications.services import notify
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _notify(user: User, n: int = 1, url: str = "/cases/") -> None:
    for i in range(n):
        notify(
            recipients=[user],
            subject=f"กรณี C-500101-2568-{i + 1:05d} มอบหมายให้คุณ",
            body="เปิดกรณีเพื่อดูรายละเอียด",
            url=url,
            email=False,
        )


def test_it_needs_sign_in(client: Client) -> None:
    response = client.get("/notifications/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_lists_only_my_notifications(
    client: Client, siphum_officer: User, bkk_officer: User
) -> None:
    _notify(siphum_officer)
    notify(recipients=[bkk_officer], subject="คำขอใหม่ในพระนคร", body="", url="", email=False)

    response = login(client, siphum_officer).get("/notifications/")

    assert response.status_code == 200
    assert "กรณี C-500101-2568-00001 มอบหมายให้คุณ" in response.text
    assert "คำขอใหม่ในพระนคร" not in response.text


def test_the_list_is_paginated(client: Client, siphum_officer: User, settings) -> None:
    settings.TAMBON_PAGE_SIZE = 5
    _notify(siphum_officer, 7)

    response = login(client, siphum_officer).get("/notifications/?page=2")

    assert response.text.count('id="notification-item-') == 2


def test_the_shell_loads_the_badge_without_a_query_of_its_own(
    client: Client, siphum_officer: User
) -> None:
    _notify(siphum_officer, 3)
    login(client, siphum_officer)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/about/")

    assert 'hx-get="/notifications/badge/"' in response.text
    assert not any("notifications_notification" in q["sql"] for q in queries.captured_queries)


def test_the_badge_shows_the_unread_count_with_one_query(
    client: Client, siphum_officer: User
) -> None:
    _notify(siphum_officer, 3)
    login(client, siphum_officer)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/notifications/badge/")

    assert 'id="unread-badge"' in response.text
    assert ">3<" in response.text
    assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1


def test_the_badge_is_empty_when_all_is_read(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).get("/notifications/badge/")

    assert response.status_code == 200
    assert "unread-badge" not in response.text


def test_an_anonymous_visitor_gets_an_empty_badge_without_a_query(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/notifications/badge/")

    assert response.status_code == 204
    assert not queries.captured_queries


def test_an_anonymous_visitor_gets_no_badge_and_no_query(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/about/")

    assert 'id="notifications-link"' not in response.text
    assert not any("notifications_notification" in q["sql"] for q in queries.captured_queries)


def test_opening_one_marks_it_read_and_goes_to_its_page(
    client: Client, siphum_officer: User
) -> None:
    _notify(siphum_officer, url="/cases/")
    row = Notification.objects.get()

    response = login(client, siphum_officer).post(f"/notifications/{row.pk}/open/")

    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert Notification.objects.get(pk=row.pk).read_at is not None
    badge = client.get("/notifications/badge/")
    assert 'id="unread-badge"' not in badge.text


def test_an_outside_link_is_not_followed(client: Client, siphum_officer: User) -> None:
    _notify(siphum_officer, url="https://evil.example.com/")
    row = Notification.objects.get()

    response = login(client, siphum_officer).post(f"/notifications/{row.pk}/open/")

    assert response["Location"] == "/notifications/"


def test_nobody_opens_another_users_notification(
    client: Client, siphum_officer: User, bkk_officer: User
) -> None:
    _notify(siphum_officer)
    row = Notification.objects.get()

    response = login(client, bkk_officer).post(f"/notifications/{row.pk}/open/")

    assert response.status_code == 404
    assert Notification.objects.get(pk=row.pk).read_at is None


def test_mark_all_read(client: Client, siphum_officer: User) -> None:
    _notify(siphum_officer, 2)

    response = login(client, siphum_officer).post("/notifications/read-all/", follow=True)

    assert response.status_code == 200
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "unread-badge" not in client.get("/notifications/badge/").text


def test_the_page_is_thai_by_default(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).get("/notifications/")

    assert '<html lang="th">' in response.text
