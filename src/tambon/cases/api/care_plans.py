"""The care-plan API (/api/v1/cases/{id}/care-plan): the plan, its goals and actions, with the
same rules as the care-plan page (a volunteer of the case reads it; officers change it)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Status

from tambon.accounts.requests import signed_in_user
from tambon.accounts.selectors import assignable_users
from tambon.api.errors import ErrorOut
from tambon.cases.api.cases import visible
from tambon.cases.api.schemas import (
    ActionIn,
    ActionOut,
    CarePlanIn,
    CarePlanOut,
    GoalIn,
    GoalOut,
    GoalStatusIn,
)
from tambon.cases.models import CarePlan, CarePlanAction, CarePlanGoal
from tambon.cases.selectors import care_plans as selectors
from tambon.cases.services import care_plans as services
from tambon.core.errors import NotFound, ValidationError
from tambon.registry.models import ProblemType

router = Router(tags=["cases"])

MSG_NO_PROBLEM = gettext_noop("“%(code)s” is not a known problem type.")
MSG_NO_OWNER = gettext_noop("No user with the id %(id)s can own this action.")

READ = {404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def action_out(action: CarePlanAction) -> ActionOut:
    return ActionOut(
        id=action.pk,
        description=action.description,
        owner_id=action.owner_id,
        owner_text=action.owner_text,
        due_date=action.due_date,
        status=action.status,
        done_at=action.done_at,
    )


def goal_out(goal: CarePlanGoal) -> GoalOut:
    return GoalOut(
        id=goal.pk,
        text=goal.text,
        problem_type=goal.problem_type.code if goal.problem_type else None,
        status=goal.status,
        actions=[action_out(a) for a in goal.actions.all()],
    )


def plan_out(plan: CarePlan | None) -> CarePlanOut:
    if plan is None:
        return CarePlanOut(id=None, version=None, summary="", goals=[])
    return CarePlanOut(
        id=plan.pk,
        version=plan.version,
        summary=plan.summary,
        goals=[goal_out(g) for g in plan.goals.all()],
    )


@router.get("/{case_id}/care-plan", response={200: CarePlanOut, **READ}, summary="Care plan")
def get_plan(request: HttpRequest, case_id: int) -> CarePlanOut:
    """The case's care plan (an empty one, without id, when none is written yet)."""
    return plan_out(selectors.care_plan_of(visible(request, case_id)))


@router.put(
    "/{case_id}/care-plan", response={200: CarePlanOut, **WRITE}, summary="Save a care plan"
)
def put_plan(request: HttpRequest, case_id: int, payload: CarePlanIn) -> CarePlanOut:
    """Write the plan's summary; send the `version` you read (409 if it changed)."""
    case = visible(request, case_id)
    services.save_care_plan(
        by=signed_in_user(request),
        case=case,
        summary=payload.summary,
        expected_version=payload.version,
    )
    return plan_out(selectors.care_plan_of(case))


@router.post("/{case_id}/care-plan/goals", response={201: GoalOut, **WRITE}, summary="Add a goal")
def post_goal(request: HttpRequest, case_id: int, payload: GoalIn) -> Status[GoalOut]:
    """Add a goal, tied to one of the case's problem types (by code)."""
    case = visible(request, case_id)
    problem = None
    if payload.problem_type:
        problem = ProblemType.objects.filter(code=payload.problem_type).first()
        if problem is None:
            raise ValidationError(
                _(MSG_NO_PROBLEM) % {"code": payload.problem_type}, field="problem_type"
            )
    goal = services.add_goal(
        by=signed_in_user(request), case=case, text=payload.text, problem_type=problem
    )
    return Status(201, goal_out(goal))


def _goal(case: Any, goal_id: int) -> CarePlanGoal:
    goal = selectors.goal_of(case, goal_id)
    if goal is None:
        raise NotFound()
    return goal


@router.put(
    "/{case_id}/care-plan/goals/{goal_id}/status",
    response={200: GoalOut, **WRITE},
    summary="Set a goal's status",
)
def put_goal_status(
    request: HttpRequest, case_id: int, goal_id: int, payload: GoalStatusIn
) -> GoalOut:
    case = visible(request, case_id)
    goal = services.set_goal_status(
        by=signed_in_user(request), case=case, goal=_goal(case, goal_id), status=payload.status
    )
    return goal_out(goal)


@router.post(
    "/{case_id}/care-plan/goals/{goal_id}/actions",
    response={201: ActionOut, **WRITE},
    summary="Add an action",
)
def post_action(
    request: HttpRequest, case_id: int, goal_id: int, payload: ActionIn
) -> Status[ActionOut]:
    """Add an action toward a goal: an owner (a user of the case's area) or an owner by name."""
    case = visible(request, case_id)
    goal = _goal(case, goal_id)
    owner = None
    if payload.owner_id is not None:
        # Among who may own it: an outsider's id is answered like a missing one (no name).
        owners = assignable_users(case.subdistrict_id, services.OWNER_ROLES)
        owner = owners.filter(pk=payload.owner_id).first()
        if owner is None:
            raise ValidationError(_(MSG_NO_OWNER) % {"id": payload.owner_id}, field="owner_id")
    action = services.add_action(
        by=signed_in_user(request),
        case=case,
        goal=goal,
        description=payload.description,
        owner=owner,
        owner_text=payload.owner_text,
        due_date=payload.due_date,
    )
    return Status(201, action_out(action))


@router.post(
    "/{case_id}/care-plan/actions/{action_id}/done",
    response={200: ActionOut, **WRITE},
    summary="Mark an action done",
)
def post_action_done(request: HttpRequest, case_id: int, action_id: int) -> ActionOut:
    case = visible(request, case_id)
    action = selectors.action_of(case, action_id)
    if action is None:
        raise NotFound()
    return action_out(
        services.complete_action(by=signed_in_user(request), case=case, action=action)
    )
