"""The cases section of a person's data-subject export (registry/selectors/subject.py):
every case of the person, of the records merged into them and of their household alone, with
all that was done in them. The cases app adds it (apps.py): the registry imports no case.
"""

from typing import Any

from django.db.models import Prefetch, Q

from tambon.cases.models import (
    Assistance,
    CarePlanAction,
    CarePlanGoal,
    Case,
    CaseEvent,
    FollowUp,
    HomeVisit,
    Referral,
)
from tambon.registry.models import Dimension, Person
from tambon.registry.selectors.people import merged_family
from tambon.registry.selectors.subject import user_name


def _care_plan(case: Case) -> dict[str, Any] | None:
    plan = getattr(case, "care_plan", None)  # a case without a plan has none (reverse 1-1)
    if plan is None:
        return None
    return {
        "summary": plan.summary,
        "goals": [
            {
                "goal": goal.text,
                "problem_type": goal.problem_type.name if goal.problem_type else None,
                "status": goal.status,
                "status_label": str(goal.get_status_display()),
                "actions": [
                    {
                        "action": action.description,
                        "owner": action.owner_name or None,
                        "due_date": action.due_date,
                        "status": action.status,
                        "status_label": str(action.get_status_display()),
                        "done_at": action.done_at,
                    }
                    for action in goal.actions.all()
                ],
            }
            for goal in plan.goals.all()
        ],
    }


def _visit(visit: HomeVisit) -> dict[str, Any]:
    dimensions = dict(Dimension.choices)
    return {
        "visited_on": visit.visited_on,
        "visitor": user_name(visit.visitor),
        "met": visit.met,
        "observations": visit.observations,
        "quick_reassessment": [
            {"dimension": code, "label": str(dimensions.get(code, code)), "score": score}
            for code, score in (visit.dimension_scores or {}).items()
        ],
        "photo_taken": bool(visit.photo),
    }


def _assistance(given: Assistance) -> dict[str, Any]:
    return {
        "given_on": given.given_on,
        "kind": given.kind,
        "kind_label": str(given.get_kind_display()),
        "description": given.description,
        "amount": given.amount,
        "source": given.source,
        "source_label": str(given.get_source_display()),
        "partner": given.partner.name if given.partner else None,
    }


def _referral(referral: Referral) -> dict[str, Any]:
    return {
        "partner": referral.partner.name,
        "service": referral.service.name,
        "state": referral.state,
        "state_label": str(referral.get_state_display()),
        "request": referral.request,
        "shares_personal_data": referral.shares_personal_data,
        "sent_at": referral.sent_at,
        "answer_due": referral.answer_due,
        "answered_at": referral.answered_at,
        "answered_by": user_name(referral.answered_by),
        "decline_reason": referral.decline_reason,
        "closed_at": referral.closed_at,
        "result": referral.result_note,
    }


def _follow_up(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "due_on": follow_up.due_on,
        "purpose": follow_up.purpose,
        "assigned_to": user_name(follow_up.assigned_to),
        "status": follow_up.status,
        "status_label": str(follow_up.get_status_display()),
        "done_at": follow_up.done_at,
        "done_by": user_name(follow_up.done_by),
        "result": follow_up.result,
    }


def _case(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        # The person's own record, or one merged into it; None: a case of their household.
        "person_id": case.person_id,
        "state": case.state,
        "state_label": str(case.get_state_display()),
        "channel": case.channel,
        "channel_label": str(case.get_channel_display()),
        "urgency": case.urgency,
        "urgency_label": str(case.get_urgency_display()),
        "summary": case.summary,
        "opened_at": case.opened_at,
        "closed_at": case.closed_at,
        "outcome": case.outcome,
        "outcome_label": str(case.get_outcome_display()) if case.outcome else "",
        "problem_types": [{"code": p.code, "name": p.name} for p in case.problem_types.all()],
        "assigned_officer": user_name(case.assigned_officer),
        "assigned_volunteer": user_name(case.assigned_volunteer),
        "care_plan": _care_plan(case),
        "visits": [_visit(v) for v in case.visits.all()],
        "assistance": [_assistance(a) for a in case.assistance.all()],
        "referrals": [_referral(r) for r in case.referrals.all()],
        "follow_ups": [_follow_up(f) for f in case.follow_ups.all()],
        "notes": [
            {"at": e.at, "by": user_name(e.by), "text": (e.data or {}).get("text", "")}
            for e in case.notes  # type: ignore[attr-defined]  # Prefetch(to_attr="notes")
        ],
    }


def case_records(person: Person) -> list[dict[str, Any]]:
    """The cases of the person and of the records merged into them, newest first, with their
    care plans, visits, assistance, referrals, follow-ups and notes: one query per kind."""

    family = Person.objects.filter(pk__in=merged_family(person))
    # A case opened on the household alone is about the person too.
    of_household = Q(person__isnull=True, household__in=family.values("household"))
    cases = (
        Case.objects.filter(Q(person__in=family) | of_household)
        .select_related("assigned_officer", "assigned_volunteer", "care_plan")
        .prefetch_related(
            "problem_types",
            Prefetch(
                "care_plan__goals",
                queryset=CarePlanGoal.objects.select_related("problem_type").order_by("pk"),
            ),
            Prefetch(
                "care_plan__goals__actions",
                queryset=CarePlanAction.objects.select_related("owner").order_by("due_date", "pk"),
            ),
            Prefetch(
                "visits",
                queryset=HomeVisit.objects.select_related("visitor").order_by("visited_on", "pk"),
            ),
            Prefetch(
                "assistance",
                queryset=Assistance.objects.select_related("partner").order_by("given_on", "pk"),
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related(
                    "partner", "service", "answered_by"
                ).order_by("sent_at", "pk"),
            ),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("assigned_to", "done_by").order_by(
                    "due_on", "pk"
                ),
            ),
            Prefetch(
                "events",
                queryset=CaseEvent.objects.filter(kind=CaseEvent.Kind.NOTE)
                .select_related("by")
                .order_by("at", "pk"),
                to_attr="notes",
            ),
        )
        .order_by("-opened_at", "-pk")
    )
    return [_case(case) for case in cases]
