"""notify(): one row per active recipient, e-mail after commit in the recipient's language."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.core.errors import PermissionDenied
from tambon.notifications.models import Notification
from tambon.notifications.selectors import unread_count
from tambon.notifications.services import mark_all_read, mark_read, notify
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db

SUBJECT = "คำขอความช่วยเหลือใหม่ HR-7KQ2M9XA"
BODY = "มีคำขอความช่วยเหลือใหม่ในตำบลศรีภูมิ"
URL = "/cases/requests/12/"


def test_it_creates_one_row_per_active_recipient(
    siphum_officer: User, cm_officer: User, make_user: MakeUser
) -> None:
    retired = make_user("retired_officer", Role.SUBDISTRICT_OFFICER, "500101", is_active=False)

    notify(
        recipients=[siphum_officer, cm_officer, siphum_officer, retired],
        subject=SUBJECT,
        body=BODY,
        url=URL,
    )

    rows = Notification.objects.order_by("recipient__username")
    assert [(n.recipient.username, n.subject, n.body, n.url) for n in rows] == [
        ("cm_officer", SUBJECT, BODY, URL),
        ("siphum_officer", SUBJECT, BODY, URL),
    ]
    assert not Notification.objects.filter(recipient=retired).exists()


def test_it_emails_only_after_commit(
    siphum_officer: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[siphum_officer], subject=SUBJECT, body=BODY, url=URL)
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siphum_officer@example.go.th"]
    assert message.subject == SUBJECT
    assert BODY in message.body
    assert "http://127.0.0.1:8000/cases/requests/12/" in message.body


def test_it_sends_no_email_when_the_transaction_is_rolled_back(
    siphum_officer: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(recipients=[siphum_officer], subject=SUBJECT, body=BODY, url=URL)
                raise RuntimeError("the caller's service failed")
        except RuntimeError:
            pass

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_it_sends_no_email_when_asked_not_to(
    siphum_officer: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[siphum_officer], subject=SUBJECT, body=BODY, url=URL, email=False)

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=siphum_officer).count() == 1


def test_it_skips_the_email_of_a_user_without_an_address(
    make_user: MakeUser, django_capture_on_commit_callbacks
) -> None:
    officer = make_user("no_mail", Role.SUBDISTRICT_OFFICER, "500101")
    User.objects.filter(pk=officer.pk).update(email="")
    officer.email = ""
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[officer], subject=SUBJECT, body=BODY, url=URL)

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=officer).count() == 1


def test_it_writes_a_lazy_message_in_thai_by_default(
    siphum_officer: User, django_capture_on_commit_callbacks, settings
) -> None:
    settings.LANGUAGE_CODE = "en"
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[siphum_officer],
            subject=format_lazy("{} C-500101-2568-00001", gettext_lazy("Cases")),
            body=gettext_lazy("Sign in"),
            url="",
        )

    row = Notification.objects.get()
    assert row.subject == "กรณี C-500101-2568-00001"
    assert row.body == "เข้าสู่ระบบ"
    assert mail.outbox[0].subject == "กรณี C-500101-2568-00001"


def test_a_subject_is_one_line(siphum_officer: User) -> None:
    notify(recipients=[siphum_officer], subject="คำขอใหม่\nBcc: x@example.com", body="", url="")

    assert Notification.objects.get().subject == "คำขอใหม่ Bcc: x@example.com"


def test_mark_read_marks_once_and_counts_down(siphum_officer: User) -> None:
    notify(recipients=[siphum_officer], subject=SUBJECT, body=BODY, url=URL, email=False)
    notify(recipients=[siphum_officer], subject=SUBJECT, body=BODY, url=URL, email=False)
    first = Notification.objects.filter(recipient=siphum_officer).first()
    assert first is not None
    assert unread_count(siphum_officer) == 2

    mark_read(by=siphum_officer, notification=first)
    read_at = Notification.objects.get(pk=first.pk).read_at
    mark_read(by=siphum_officer, notification=Notification.objects.get(pk=first.pk))

    assert unread_count(siphum_officer) == 1
    assert Notification.objects.get(pk=first.pk).read_at == read_at


def test_nobody_marks_another_users_notification(siphum_officer: User, bkk_officer: User) -> None:
    notify(recipients=[siphum_officer], subject=SUBJECT, body=BODY, url=URL, email=False)
    row = Notification.objects.get()

    with pytest.raises(PermissionDenied):
        mark_read(by=bkk_officer, notification=row)

    assert Notification.objects.get(pk=row.pk).read_at is None


def test_mark_all_read_touches_only_the_users_own(siphum_officer: User, bkk_officer: User) -> None:
    notify(recipients=[siphum_officer, bkk_officer], subject=SUBJECT, body=BODY, url=URL)

    assert mark_all_read(by=siphum_officer) == 1

    assert unread_count(siphum_officer) == 0
    assert unread_count(bkk_officer) == 1
