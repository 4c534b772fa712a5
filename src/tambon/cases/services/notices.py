"""Notifications the case services send (through tambon.notifications.services.notify).

Subjects and bodies are lazy so each recipient reads them in their own language; they name a
case by its reference only, never by the person's name or national ID (e-mail is not private).
"""

from typing import Any

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tambon.cases.models import Case
from tambon.notifications.services import notify


def notify_assignment(*, case: Case, by: Any, before: set[int | None]) -> None:
    """Tell the newly assigned officer and volunteer of a case (not the one who assigned)."""
    by_pk = getattr(by, "pk", None)
    recipients = [
        user
        for user in (case.assigned_officer, case.assigned_volunteer)
        if user is not None and user.pk not in before and user.pk != by_pk
    ]
    if not recipients:
        return
    notify(
        recipients=recipients,
        subject=format_lazy(_("Case {reference} is assigned to you"), reference=case.reference),
        body=format_lazy(
            _("{name} assigned case {reference} to you. Open the case to see what it is about."),
            name=str(by),
            reference=case.reference,
        ),
        url=reverse("cases:case_detail", args=[case.pk]),
    )
