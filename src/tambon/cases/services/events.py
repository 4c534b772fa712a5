"""The timeline writer: every case service records one event in its own transaction."""

from typing import Any

from tambon.cases.models import Case, CaseEvent


def record_event(
    *,
    case: Case,
    by: Any,
    kind: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append one event to the case's timeline (the caller holds the transaction)."""
    return CaseEvent.objects.create(
        case=case,
        by=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )
