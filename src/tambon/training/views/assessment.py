"""Pre/post tests online and from paper, the satisfaction survey and the results page. Thin."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tambon.accounts.requests import require_perm
from tambon.core.errors import DomainError
from tambon.training.models import (
    Cohort,
    Enrollment,
    Question,
    SurveyQuestion,
    SurveyResponse,
    TestAttempt,
)
from tambon.training.selectors import assessment as selectors
from tambon.training.services import assessment as services

# --- forms -----------------------------------------------------------------------------------


class AnswersForm(forms.Form):
    """One field per question: radio buttons for multiple choice, a text box for short answers."""

    def __init__(self, *args: Any, questions: list[Question], required: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            if q.kind == Question.Kind.CHOICE:
                options = [(str(i), str(c)) for i, c in enumerate(q.choices or [])]
                self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                    label=q.text,
                    choices=options if required else [("", _("no answer")), *options],
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    required=required,
                )
            else:
                self.fields[f"q{q.pk}"] = forms.CharField(
                    label=q.text,
                    max_length=300,
                    required=required,
                    widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
                )

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def numbered(self) -> list[tuple[int, Question, forms.BoundField]]:
        return [(n, q, self[f"q{q.pk}"]) for n, q in enumerate(self.questions, start=1)]


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=gettext_lazy("Score"), min_value=0)
    max_score = forms.IntegerField(label=gettext_lazy("Maximum score"), min_value=1)


class SurveyForm(forms.Form):
    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            if q.kind == SurveyQuestion.Kind.RATING:
                self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                    label=q.text,
                    choices=[(str(i), str(i)) for i in range(1, 6)],
                    coerce=int,
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[f"q{q.pk}"] = forms.CharField(
                    label=q.text,
                    max_length=2000,
                    required=False,
                    widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                )

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def rows(self) -> list[tuple[SurveyQuestion, forms.BoundField]]:
        return [(q, self[f"q{q.pk}"]) for q in self.questions]


# --- helpers ---------------------------------------------------------------------------------


def _cohort(pk: int) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("course"), pk=pk)


def _kind(kind: str) -> str:
    if kind not in TestAttempt.Kind.values:
        raise Http404()
    return kind


def _questions(cohort: Cohort) -> list[Question]:
    return list(Question.objects.filter(course_id=cohort.course_id).order_by("order", "pk"))


def _fail(request: HttpRequest, exc: DomainError, form: forms.Form | None = None) -> int:
    """Show a domain error on the form (or as a message); a forbidden act is a 403 page."""
    if exc.status == 403:
        raise HttpForbidden()
    if form is not None and exc.field in form.fields:
        form.add_error(exc.field, str(exc.message))
    else:
        messages.error(request, str(exc.message))
    return exc.status


# --- taking a test online ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def take_test(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    kind = _kind(kind)
    cohort = _cohort(pk)
    require_perm(request, "training.take_tests", cohort)
    enrollment = get_object_or_404(
        Enrollment, cohort=cohort, trainee=request.user, status=Enrollment.Status.APPROVED
    )
    questions = _questions(cohort)
    form = AnswersForm(request.POST or None, questions=questions, required=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            submitted = services.submit_online_test(
                cohort=cohort, kind=kind, answers=form.answers(), by=request.user
            )
        except DomainError as exc:
            status = _fail(request, exc)
        else:
            messages.success(
                request,
                _("Your answers are submitted. Your score: %(score)s of %(max)s.")
                % {"score": submitted.score, "max": submitted.max_score},
            )
            return redirect("training:take_test", pk=cohort.pk, kind=kind)
    elif request.method == "POST":
        status = 400
    attempt = enrollment.tests.filter(kind=kind).first()
    closed = None if attempt else services.why_test_closed(enrollment=enrollment, kind=kind)
    return render(
        request,
        "training/assessment/take_test.html",
        {
            "cohort": cohort,
            "kind": kind,
            "kind_label": TestAttempt.Kind(kind).label,
            "attempt": attempt,
            "closed": closed,
            "form": form,
        },
        status=status,
    )


# --- entering tests from paper -----------------------------------------------------------------


@login_required
@require_GET
def test_entry(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(pk)
    require_perm(request, "training.run_sessions", cohort)
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.APPROVED)
        .select_related("trainee", "subdistrict")
        .order_by("trainee__first_name", "trainee__last_name", "pk")
    )
    attempts = {
        (a.enrollment_id, a.kind): a
        for a in TestAttempt.objects.filter(enrollment__cohort=cohort).only(
            "enrollment_id", "kind", "source", "score", "max_score"
        )
    }
    rows = [(e, attempts.get((e.pk, "pre")), attempts.get((e.pk, "post"))) for e in enrollments]
    return render(
        request,
        "training/assessment/test_entry.html",
        {"cohort": cohort, "rows": rows, "tab": "results"},
    )


def _paper_forms(
    request: HttpRequest, questions: list[Question], attempt: TestAttempt | None
) -> tuple[AnswersForm, ScoreForm]:
    mode = request.POST.get("mode") if request.method == "POST" else None
    initial: dict[str, Any] = {}
    if attempt is not None and attempt.source == TestAttempt.Source.PAPER:
        for a in attempt.answers.all():
            initial[f"q{a.question_id}"] = a.choice if a.choice is not None else a.text
    answers_form = AnswersForm(
        request.POST if mode == "answers" else None,
        questions=questions,
        required=False,
        initial=initial,
        prefix="answers",
    )
    total = sum(q.points for q in questions)
    score_form = ScoreForm(
        request.POST if mode == "score" else None,
        initial={
            "score": attempt.score if attempt else None,
            "max_score": attempt.max_score if attempt else total or None,
        },
        prefix="score",
    )
    return answers_form, score_form


@login_required
@require_http_methods(["GET", "POST"])
def enter_test(request: HttpRequest, pk: int, enrollment_pk: int, kind: str) -> HttpResponse:
    kind = _kind(kind)
    cohort = _cohort(pk)
    require_perm(request, "training.run_sessions", cohort)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("trainee", "cohort"), pk=enrollment_pk, cohort=cohort
    )
    questions = _questions(cohort)
    attempt = enrollment.tests.filter(kind=kind).first()
    answers_form, score_form = _paper_forms(request, questions, attempt)
    status = 200
    if request.method == "POST":
        saved = None
        try:
            if answers_form.is_bound and answers_form.is_valid():
                saved = services.enter_paper_test(
                    enrollment=enrollment,
                    kind=kind,
                    answers=answers_form.answers(),
                    by=request.user,
                )
            elif score_form.is_bound and score_form.is_valid():
                saved = services.enter_paper_score(
                    enrollment=enrollment, by=request.user, kind=kind, **score_form.cleaned_data
                )
            else:
                status = 400
        except DomainError as exc:
            status = _fail(request, exc, score_form if score_form.is_bound else answers_form)
        if saved is not None:
            messages.success(
                request,
                _("%(test)s of %(name)s is saved: %(score)s of %(max)s.")
                % {
                    "test": saved.get_kind_display(),
                    "name": enrollment.trainee.get_full_name(),
                    "score": saved.score,
                    "max": saved.max_score,
                },
            )
            return redirect("training:test_entry", pk=cohort.pk)
    return render(
        request,
        "training/assessment/enter_test.html",
        {
            "cohort": cohort,
            "enrollment": enrollment,
            "kind": kind,
            "kind_label": TestAttempt.Kind(kind).label,
            "attempt": attempt,
            "answers_form": answers_form,
            "score_form": score_form,
            "tab": "results",
        },
        status=status,
    )


# --- satisfaction survey -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(pk)
    require_perm(request, "training.take_tests", cohort)
    enrollment = get_object_or_404(
        Enrollment, cohort=cohort, trainee=request.user, status=Enrollment.Status.APPROVED
    )
    questions = list(SurveyQuestion.objects.filter(course_id=cohort.course_id))
    response = SurveyResponse.objects.filter(enrollment=enrollment).first()
    initial = {f"q{k}": v for k, v in (response.answers if response else {}).items()}
    form = SurveyForm(request.POST or None, questions=questions, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_survey(cohort=cohort, answers=form.answers(), by=request.user)
        except DomainError as exc:
            status = _fail(request, exc, form)
        else:
            messages.success(request, _("Thank you: your answers to the survey are saved."))
            return redirect("training:cohort_survey", pk=cohort.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "training/assessment/survey.html",
        {
            "cohort": cohort,
            "form": form,
            "response": response,
            "closed": services.why_survey_closed(cohort=cohort),
            "closes_on": services.survey_closes_on(cohort),
        },
        status=status,
    )


# --- results -----------------------------------------------------------------------------------


@login_required
@require_GET
def cohort_results(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(pk)
    require_perm(request, "training.view_cohort", cohort)
    results = selectors.cohort_results(cohort=cohort, user=request.user)
    return render(
        request,
        "training/assessment/results.html",
        {
            "cohort": cohort,
            "results": results,
            "charts": selectors.chart_data(results),
            "is_trainee": request.user.has_perm("training.take_tests", cohort),
            "tab": "results",
        },
    )


urlpatterns = [
    path("cohorts/<int:pk>/results/", cohort_results, name="cohort_results"),
    path("cohorts/<int:pk>/tests/<str:kind>/", take_test, name="take_test"),
    path("cohorts/<int:pk>/paper-tests/", test_entry, name="test_entry"),
    path(
        "cohorts/<int:pk>/paper-tests/<int:enrollment_pk>/<str:kind>/",
        enter_test,
        name="enter_test",
    ),
    path("cohorts/<int:pk>/survey/", survey, name="cohort_survey"),
]
