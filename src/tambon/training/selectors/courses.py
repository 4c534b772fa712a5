"""Reads of courses: the list with its counts, one course with what its page shows."""

from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from tambon.training.models import Course, CourseModule, Question, SurveyQuestion


def _count(model: type, name: str = "course") -> Coalesce:
    rows = (
        model._default_manager.filter(**{name: OuterRef("pk")})  # type: ignore[attr-defined]
        .order_by()
        .values(name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def courses() -> QuerySet[Course]:
    """Every course (those in use first) with its number of modules, hours and questions."""
    hours = (
        CourseModule.objects.filter(course=OuterRef("pk"))
        .order_by()
        .values("course")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    decimal: DecimalField = DecimalField(max_digits=7, decimal_places=1)
    return Course.objects.annotate(
        module_count=_count(CourseModule),
        total_hours=Coalesce(
            Subquery(hours, output_field=decimal), Decimal(0), output_field=decimal
        ),
        question_count=_count(Question),
        survey_count=_count(SurveyQuestion),
    ).order_by("-is_active", "code")


def course(pk: int) -> Course | None:
    """One course with its counts and its modules."""
    return courses().prefetch_related("modules").filter(pk=pk).first()


def question_bank(course: Course) -> tuple[QuerySet[Question], QuerySet[SurveyQuestion]]:
    return course.questions.order_by("order", "pk"), course.survey_questions.order_by("order", "pk")
