"""Reads of notifications: always the signed-in user's own, never anyone else's."""

from typing import Any

from django.db.models import QuerySet

from tambon.notifications.models import Notification


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's notifications, newest first (none for an anonymous user)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_of(user: Any, pk: int) -> Notification | None:
    return notifications_for(user).filter(pk=pk).first()


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread: one query, none when anonymous."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
