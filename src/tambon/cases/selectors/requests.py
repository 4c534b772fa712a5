"""Reads of public requests for help: the officers' scoped list and detail, the public status
by reference (no personal data), and the people and households a case may be opened for."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from tambon.accounts import policy
from tambon.accounts.roles import Role
from tambon.cases.models import HelpRequest, State
from tambon.registry.models import Household, Person
from tambon.registry.selectors.households import visible_households
from tambon.registry.selectors.people import (
    house_number_condition,
    search_by_name,
    visible_people,
)

SUBJECT_LIMIT = 20

__all__ = [
    "PublicStatus",
    "households_for_request",
    "people_for_request",
    "public_status",
    "request_detail",
    "request_list",
    "visible_households",
    "visible_people",
    "visible_requests",
]


def visible_requests(user: Any) -> QuerySet[HelpRequest]:
    """The requests an officer may see: those of their area (every one for a national admin)."""
    qs = HelpRequest.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_national_admin:
        return qs
    if user.role not in (Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER):
        return qs.none()
    return policy.scope_to_user(qs, user, area_field="subdistrict")


def _loaded(qs: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    return qs.select_related(
        "subdistrict__district",
        "subdistrict__province",
        "village",
        "problem_type",
        "case",
        "handled_by",
    )


def request_list(*, user: Any, status: str = "") -> QuerySet[HelpRequest]:
    """The requests of the user's area, newest first, optionally of one status."""
    qs = visible_requests(user)
    if status:
        qs = qs.filter(status=status)
    return _loaded(qs).order_by("-created_at", "-pk")


def request_detail(*, user: Any, pk: int) -> HelpRequest | None:
    return _loaded(visible_requests(user)).filter(pk=pk).first()


@dataclass(frozen=True)
class PublicStatus:
    """What the requester may see: the status and its dates, nothing they or others wrote."""

    reference: str
    status: str
    label: str
    received_on: dt.datetime
    updated_on: dt.datetime


def public_status(reference: str) -> PublicStatus | None:
    """The status of a request by its reference; "closed" also once its case is closed."""
    found = (
        HelpRequest.objects.filter(reference=reference.strip().upper())
        .select_related("case")
        .only("reference", "status", "created_at", "updated_at", "case__state", "case__closed_at")
        .first()
    )
    if found is None:
        return None
    status = found.status
    updated = found.updated_at
    if found.case is not None and found.case.state == State.CLOSED:
        status = HelpRequest.Status.CLOSED
        updated = max(updated, found.case.closed_at or updated)
    return PublicStatus(
        reference=found.reference,
        status=status,
        label=str(HelpRequest.Status(status).label),
        received_on=found.created_at,
        updated_on=updated,
    )


def people_for_request(*, user: Any, help_request: HelpRequest, q: str) -> list[Person]:
    """People of the request's sub-district (in the user's area) whose name matches `q`."""
    if not q.strip():
        return []
    qs = visible_people(user).filter(
        subdistrict_id=help_request.subdistrict_id, merged_into__isnull=True
    )
    return list(search_by_name(qs, q).select_related("household", "village")[:SUBJECT_LIMIT])


def households_for_request(*, user: Any, help_request: HelpRequest, q: str) -> list[Household]:
    """Households of the request's sub-district whose house number is `q` (or a sub-number)."""
    if not q.strip() or not q.strip()[0].isdigit():
        return []
    qs = visible_households(user).filter(subdistrict_id=help_request.subdistrict_id)
    return list(
        qs.filter(house_number_condition(q, field="house_number"))
        .select_related("village")
        .order_by("house_number", "pk")[:SUBJECT_LIMIT]
    )
