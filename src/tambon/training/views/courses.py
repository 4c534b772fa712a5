"""Course pages: list and detail for everyone signed in; editors for national admins."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.core.errors import DomainError
from tambon.training.forms.courses import CourseForm, ModuleForm, QuestionForm, SurveyQuestionForm
from tambon.training.models import Course, CourseModule, Question, SurveyQuestion
from tambon.training.selectors import courses as selectors
from tambon.training.services import courses as services
from tambon.training.views.cohorts import INVALID, form_error, me, require, run_action


@login_required
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/courses/list.html",
        {
            "courses": selectors.courses(),
            "can_manage": request.user.has_perm("training.manage_courses"),
        },
    )


@login_required
@require_GET
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course(pk)
    if course is None:
        raise Http404
    return render(
        request,
        "training/courses/detail.html",
        {
            "course": course,
            "modules": list(course.modules.all()),
            "can_manage": request.user.has_perm("training.manage_courses"),
        },
    )


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    back_url: str,
    course: Course | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "training/courses/form.html",
        {"form": form, "title": title, "back_url": back_url, "course": course},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    require(request, "training.manage_courses")
    status = 200
    form = CourseForm(request.POST or None)
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                course = services.create_course(by=me(request), **form.cleaned_data)
            except DomainError as exc:
                status = form_error(exc, form)
            else:
                messages.success(request, _("The course is created: now add its modules."))
                return redirect("training:course_detail", pk=course.pk)
    return _form_page(
        request,
        form,
        title=_("New course"),
        back_url=reverse("training:course_list"),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    course = get_object_or_404(Course, pk=pk)
    status = 200
    if request.method == "POST":
        form = CourseForm(request.POST)
        status = INVALID
        if form.is_valid():
            try:
                services.update_course(by=me(request), course=course, **form.cleaned_data)
            except DomainError as exc:
                status = form_error(exc, form)
            else:
                messages.success(request, _("The course is saved."))
                return redirect("training:course_detail", pk=course.pk)
    else:
        form = CourseForm(initial=CourseForm.initial_for(course))
    return _form_page(
        request,
        form,
        title=_("Edit the course"),
        back_url=reverse("training:course_detail", args=[course.pk]),
        course=course,
        status=status,
    )


# --- modules --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    course = get_object_or_404(Course, pk=pk)
    form = ModuleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                services.add_module(by=me(request), course=course, **form.cleaned_data)
            except DomainError as exc:
                status = form_error(exc, form)
            else:
                messages.success(request, _("The module is added."))
                return redirect("training:course_detail", pk=course.pk)
    return _form_page(
        request,
        form,
        title=_("New module"),
        back_url=reverse("training:course_detail", args=[course.pk]),
        course=course,
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    module = get_object_or_404(CourseModule.objects.select_related("course"), pk=pk)
    status = 200
    if request.method == "POST":
        form = ModuleForm(request.POST)
        status = INVALID
        if form.is_valid():
            try:
                services.update_module(by=me(request), module=module, **form.cleaned_data)
            except DomainError as exc:
                status = form_error(exc, form)
            else:
                messages.success(request, _("The module is saved."))
                return redirect("training:course_detail", pk=module.course_id)
    else:
        form = ModuleForm(
            initial={
                "title": module.title,
                "hours": module.hours,
                "objectives": module.objectives,
                "order": module.order,
            }
        )
    return _form_page(
        request,
        form,
        title=_("Edit the module"),
        back_url=reverse("training:course_detail", args=[module.course_id]),
        course=module.course,
        status=status,
    )


@login_required
@require_POST
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    module = get_object_or_404(CourseModule, pk=pk)
    course_pk = module.course_id
    run_action(
        request,
        lambda: services.remove_module(by=me(request), module=module),
        _("The module is removed."),
    )
    return redirect("training:course_detail", pk=course_pk)


# --- question bank and survey -------------------------------------------------------------------


@login_required
@require_GET
def course_questions(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    course = get_object_or_404(Course, pk=pk)
    questions, survey = selectors.question_bank(course)
    return render(
        request,
        "training/courses/questions.html",
        {"course": course, "questions": questions, "survey_questions": survey},
    )


def _questions_url(course_pk: int) -> str:
    return reverse("training:course_questions", args=[course_pk])


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    course = get_object_or_404(Course, pk=pk)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                services.add_question(by=me(request), course=course, **form.service_values())
            except DomainError as exc:
                status = form_error(exc, form)
            else:
                messages.success(request, _("The question is added."))
                return redirect(_questions_url(course.pk))
    return _form_page(
        request,
        form,
        title=_("New test question"),
        back_url=_questions_url(course.pk),
        course=course,
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    question = get_object_or_404(Question.objects.select_related("course"), pk=pk)
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        status = INVALID
        if form.is_valid():
            try:
                services.update_question(by=me(request), question=question, **form.service_values())
            except DomainError as exc:
                status = form_error(exc, form)
            else:
                messages.success(request, _("The question is saved."))
                return redirect(_questions_url(question.course_id))
    else:
        form = QuestionForm(initial=QuestionForm.initial_for(question))
    return _form_page(
        request,
        form,
        title=_("Edit the test question"),
        back_url=_questions_url(question.course_id),
        course=question.course,
        status=status,
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    question = get_object_or_404(Question, pk=pk)
    course_pk = question.course_id
    run_action(
        request,
        lambda: services.remove_question(by=me(request), question=question),
        _("The question is removed."),
    )
    return redirect(_questions_url(course_pk))


@login_required
@require_http_methods(["GET", "POST"])
def survey_question_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    course = get_object_or_404(Course, pk=pk)
    form = SurveyQuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                services.add_survey_question(by=me(request), course=course, **form.cleaned_data)
            except DomainError as exc:
                status = form_error(exc, form)
            else:
                messages.success(request, _("The survey question is added."))
                return redirect(_questions_url(course.pk))
    return _form_page(
        request,
        form,
        title=_("New survey question"),
        back_url=_questions_url(course.pk),
        course=course,
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    question = get_object_or_404(SurveyQuestion.objects.select_related("course"), pk=pk)
    status = 200
    if request.method == "POST":
        form = SurveyQuestionForm(request.POST)
        status = INVALID
        if form.is_valid():
            try:
                services.update_survey_question(
                    by=me(request), question=question, **form.cleaned_data
                )
            except DomainError as exc:
                status = form_error(exc, form)
            else:
                messages.success(request, _("The survey question is saved."))
                return redirect(_questions_url(question.course_id))
    else:
        form = SurveyQuestionForm(
            initial={"kind": question.kind, "text": question.text, "order": question.order}
        )
    return _form_page(
        request,
        form,
        title=_("Edit the survey question"),
        back_url=_questions_url(question.course_id),
        course=question.course,
        status=status,
    )


@login_required
@require_POST
def survey_question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "training.manage_courses")
    question = get_object_or_404(SurveyQuestion, pk=pk)
    course_pk = question.course_id
    run_action(
        request,
        lambda: services.remove_survey_question(by=me(request), question=question),
        _("The survey question is removed."),
    )
    return redirect(_questions_url(course_pk))


urlpatterns = [
    path("courses/", course_list, name="course_list"),
    path("courses/new/", course_create, name="course_create"),
    path("courses/<int:pk>/", course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", course_edit, name="course_edit"),
    path("courses/<int:pk>/modules/new/", module_create, name="module_create"),
    path("modules/<int:pk>/edit/", module_edit, name="module_edit"),
    path("modules/<int:pk>/delete/", module_delete, name="module_delete"),
    path("courses/<int:pk>/questions/", course_questions, name="course_questions"),
    path("courses/<int:pk>/questions/new/", question_create, name="question_create"),
    path("questions/<int:pk>/edit/", question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", question_delete, name="question_delete"),
    path("courses/<int:pk>/survey/new/", survey_question_create, name="survey_question_create"),
    path("survey-questions/<int:pk>/edit/", survey_question_edit, name="survey_question_edit"),
    path(
        "survey-questions/<int:pk>/delete/", survey_question_delete, name="survey_question_delete"
    ),
]
