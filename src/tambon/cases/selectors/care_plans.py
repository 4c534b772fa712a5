"""Reads of care plans: a case's plan with its goals and actions, and the problems a goal may
address."""

from django.db.models import Prefetch

from tambon.cases.models import CarePlan, CarePlanAction, CarePlanGoal, Case
from tambon.registry.models import ProblemType


def care_plan_of(case: Case) -> CarePlan | None:
    """The case's care plan with its goals, their problems and actions (and owners) loaded."""
    actions = CarePlanAction.objects.select_related("owner").order_by("due_date", "pk")
    goals = (
        CarePlanGoal.objects.select_related("problem_type")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("pk")
    )
    return (
        CarePlan.objects.filter(case=case)
        .prefetch_related(Prefetch("goals", queryset=goals))
        .select_related("updated_by")
        .first()
    )


def goal_problem_types(case: Case) -> list[ProblemType]:
    """The problems a goal may address: the case's and those of its needs assessment."""
    ids = set(case.problem_types.values_list("pk", flat=True))
    if case.needs_assessment_id is not None:
        ids |= set(
            ProblemType.objects.filter(
                pk__in=case.needs_assessment.problems.values("pk")  # type: ignore[union-attr]
            ).values_list("pk", flat=True)
        )
    return list(ProblemType.objects.filter(pk__in=ids).order_by("position", "code"))


def goal_of(case: Case, goal_id: int) -> CarePlanGoal | None:
    return CarePlanGoal.objects.filter(pk=goal_id, plan__case=case).select_related("plan").first()


def action_of(case: Case, action_id: int) -> CarePlanAction | None:
    return (
        CarePlanAction.objects.filter(pk=action_id, goal__plan__case=case)
        .select_related("goal__plan")
        .first()
    )
