"""Writes of notifications: `notify` (in-app rows, then e-mail after commit) and marking read.

Callers (cases, referrals, requests) pass what the recipient should read. The subject and body
may be lazy translations (`gettext_lazy`, `format_lazy`): each recipient gets them in their own
language (the user's `language` if the user model has one, else Thai). They must never carry
personal data beyond what the message needs: no national ID, ever.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts.models import User
from tambon.core.errors import PermissionDenied
from tambon.notifications.models import Notification

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "th"
SUBJECT_MAX = 200
URL_MAX = 500
MSG_NOT_YOURS = gettext_noop("This notification is not yours.")


def language_of(user: Any) -> str:
    """The language a user reads: theirs if the user model has one, else Thai."""
    return str(getattr(user, "language", "") or DEFAULT_LANGUAGE)


def _render(text: str | Promise, language: str) -> str:
    with translation.override(language):
        return str(text)


def _subject_line(text: str) -> str:
    # One line: a newline in an e-mail subject is a header injection (and Django refuses it).
    return " ".join(text.split())[:SUBJECT_MAX]


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def _active_recipients(recipients: Iterable[User]) -> list[User]:
    seen: set[int] = set()
    found = []
    for user in recipients:
        if user is None or user.pk is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        found.append(user)
    return found


def _send_emails(messages: list[EmailMessage]) -> None:
    """Send after commit over one connection; a mail server failure never undoes the work."""
    try:
        get_connection().send_messages(messages)
    except Exception:
        logger.exception("Sending %d notification e-mail(s) failed", len(messages))


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    subject: str | Promise,
    body: str | Promise,
    url: str,
    email: bool = True,
) -> None:
    """Notify each active recipient in the app and, after commit, by e-mail (if they have one)."""
    users = _active_recipients(recipients)
    if not users:
        return
    url = (url or "")[:URL_MAX]
    rows = []
    messages = []
    for user in users:
        language = language_of(user)
        line = _subject_line(_render(subject, language))
        text = _render(body, language).strip()
        rows.append(Notification(recipient=user, subject=line, body=text, url=url))
        if email and user.email:
            content = f"{text}\n\n{_absolute(url)}".strip() if url else text
            messages.append(
                EmailMessage(
                    subject=line,
                    body=content,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[user.email],
                )
            )
    Notification.objects.bulk_create(rows)
    if messages:
        transaction.on_commit(lambda: _send_emails(messages))


@transaction.atomic
def mark_read(*, by: Any, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read (once: the first reading time is kept)."""
    if notification.recipient_id != getattr(by, "pk", None):
        raise PermissionDenied(_(MSG_NOT_YOURS))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, by: Any) -> int:
    """Mark every unread notification of the user read; the number marked."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_(MSG_NOT_YOURS))
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )
