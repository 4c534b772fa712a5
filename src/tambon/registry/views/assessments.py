"""Pages of needs assessments (การประเมินความต้องการ): the list, the survey, one assessment.

Thin: services.assessments records, selectors.assessments reads. A household or person outside
the user's area is 404; a role that may not touch the registry is 403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tambon.accounts.requests import require_perm
from tambon.accounts.services import record_access
from tambon.core.errors import DomainError
from tambon.core.forms import record_id
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm
from tambon.registry.forms.assessments import AssessmentFilterForm, AssessmentForm
from tambon.registry.models import Dimension, FourS, Household, NeedsAssessment, Person
from tambon.registry.selectors import assessments as selectors
from tambon.registry.selectors.households import visible_households
from tambon.registry.selectors.people import visible_people
from tambon.registry.selectors.taxonomy import active_indicators
from tambon.registry.services.assessments import record_assessment

AREA_PREFIX = "area"


def subject_url(subject: Household | Person | None) -> str:
    """The page of a household or person, when the people pages are installed."""
    if subject is None:
        return ""
    name = "registry:person_detail" if isinstance(subject, Person) else "registry:household_detail"
    try:
        return reverse(name, args=[subject.pk])
    except NoReverseMatch:
        return ""


def _subject_from_query(request: HttpRequest) -> tuple[Household | None, Person | None]:
    """The household or person named by ?household= or ?person=, inside the user's area."""
    user = request.user
    household_id = record_id(request.GET.get("household"))
    person_id = record_id(request.GET.get("person"))
    if (household_id is None) == (person_id is None):
        raise Http404
    if household_id is not None:
        household = (
            visible_households(user).select_related("village").filter(pk=household_id).first()
        )
        if household is None:
            raise Http404
        return household, None
    assert person_id is not None
    people = visible_people(user).select_related("household")
    person = people.filter(pk=person_id, merged_into__isnull=True).first()
    if person is None:
        raise Http404
    return None, person


@login_required
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    """Assessments of the user's area, filtered by area, period (B.E.) and problem."""
    require_perm(request, "registry.view_registry")
    form = AssessmentFilterForm(request.GET)
    area_form = AreaSelectForm(request.GET, depth="village", prefix=AREA_PREFIX)
    data = form.cleaned_data if form.is_valid() else {}
    area_code = area_form.area_code() if area_form.is_valid() else ""
    assessments = selectors.assessment_list(
        user=request.user,
        area_code=area_code,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        problem=data.get("problem", ""),
    )
    return render(
        request,
        "registry/assessments/list.html",
        {
            "form": form,
            "area_form": area_form,
            "page_obj": paginate(request, assessments),
            "querystring": querystring_without_page(request),
            "filtered": bool(area_code or data.get("date_from") or data.get("date_to"))
            or bool(data.get("problem")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest) -> HttpResponse:
    """The survey of one household (?household=) or person (?person=)."""
    require_perm(request, "registry.view_registry")
    household, person = _subject_from_query(request)
    subject = household or person
    require_perm(request, "registry.record_assessment", subject)
    indicators = active_indicators()
    form = AssessmentForm(request.POST or None, indicators=indicators)
    latest_mapping = selectors.latest_mapping()
    if request.method == "POST" and form.is_valid():
        try:
            assessment = record_assessment(
                by=request.user,
                assessed_on=form.cleaned_data["assessed_on"],
                answers=form.answers(),
                household=household,
                person=person,
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, str(exc.message))
        else:
            messages.success(request, _("The assessment was saved and scored."))
            return redirect("registry:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "registry/assessments/form.html",
        {
            "form": form,
            "household": household,
            "person": person,
            "subject_url": subject_url(subject),
            "mapping": latest_mapping,
        },
        status=400 if request.method == "POST" else 200,
    )


def _tone(value: float | None) -> str:
    if value is None:
        return "secondary"
    return "success" if value >= 80 else "warning" if value >= 50 else "danger"


def _bars(scores: dict[str, Any], choices: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """One progress bar per dimension: its label, its score (None: nothing asked), a colour."""
    return [
        {"code": code, "label": label, "value": scores.get(code), "tone": _tone(scores.get(code))}
        for code, label in choices
    ]


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One assessment: scores per dimension and 4S, its problems and its answers."""
    require_perm(request, "registry.view_registry")
    assessment = selectors.assessment_detail(user=request.user, pk=pk)
    if assessment is None:
        raise Http404
    record_access(user=request.user, obj=assessment, request=request)
    subject: Household | Person | None = assessment.person or assessment.household
    return render(
        request,
        "registry/assessments/detail.html",
        {
            "assessment": assessment,
            "subject": subject,
            "subject_url": subject_url(subject),
            "dimension_bars": _bars(assessment.scores, Dimension.choices),
            "four_s_bars": _bars(assessment.four_s_scores, FourS.choices),
            "answer_groups": [
                (Dimension(code).label, answers)
                for code, answers in selectors.answers_by_dimension(assessment)
                if code in Dimension.values
            ],
            "newer_mapping": _newer_mapping(assessment),
            "can_record": request.user.has_perm("registry.record_assessment", subject),
        },
    )


def _newer_mapping(assessment: NeedsAssessment) -> Any:
    latest = selectors.latest_mapping()
    if latest is not None and latest.number > assessment.mapping_version.number:
        return latest
    return None


urlpatterns = [
    path("assessments/", assessment_list, name="assessment_list"),
    path("assessments/new/", assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", assessment_detail, name="assessment_detail"),
]
