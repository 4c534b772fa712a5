"""Course pages: list and detail for everyone signed in; editors for national admins."""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.forms import show_domain_error
from tambon.training.forms.courses import CourseForm, ModuleForm, QuestionForm, SurveyQuestionForm
from tambon.training.models import Course, CourseModule, Question, SurveyQuestion
from tambon.training.selectors import courses as selectors
from tambon.training.services import courses as services
from tambon.training.views.cohorts import INVALID, run_action


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


def _editor(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[forms.Form], str],
    *,
    done: str,
    title: str,
    back_url: str,
    course: Course | None = None,
) -> HttpResponse:
    """One create/edit page: validate, call the service through `save` (which returns where to
    go next), and show domain errors on the form (400/403/409) without losing what was typed."""
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                next_url = save(form)
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, done)
                return redirect(next_url)
    return render(
        request,
        "training/courses/form.html",
        {"form": form, "title": title, "back_url": back_url, "course": course},
        status=status,
    )


def _bound(request: HttpRequest, form_class: type[forms.Form], initial: dict) -> forms.Form:
    return form_class(request.POST) if request.method == "POST" else form_class(initial=initial)


def _detail_url(course_pk: int) -> str:
    return reverse("training:course_detail", args=[course_pk])


def _questions_url(course_pk: int) -> str:
    return reverse("training:course_questions", args=[course_pk])


def _course_admin(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, GET or POST, and allowed to manage courses."""

    @login_required
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        require_perm(request, "training.manage_courses")
        return view(request, *args, **kwargs)

    return wrapper


@_course_admin
def course_create(request: HttpRequest) -> HttpResponse:
    def save(form: forms.Form) -> str:
        course = services.create_course(by=signed_in_user(request), **form.cleaned_data)
        return _detail_url(course.pk)

    return _editor(
        request,
        CourseForm(request.POST or None),
        save,
        done=_("The course is created: now add its modules."),
        title=_("New course"),
        back_url=reverse("training:course_list"),
    )


@_course_admin
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)

    def save(form: forms.Form) -> str:
        services.update_course(by=signed_in_user(request), course=course, **form.cleaned_data)
        return _detail_url(course.pk)

    return _editor(
        request,
        _bound(request, CourseForm, CourseForm.initial_for(course)),
        save,
        done=_("The course is saved."),
        title=_("Edit the course"),
        back_url=_detail_url(course.pk),
        course=course,
    )


# --- modules --------------------------------------------------------------------------------


@_course_admin
def module_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)

    def save(form: forms.Form) -> str:
        services.add_module(by=signed_in_user(request), course=course, **form.cleaned_data)
        return _detail_url(course.pk)

    return _editor(
        request,
        ModuleForm(request.POST or None),
        save,
        done=_("The module is added."),
        title=_("New module"),
        back_url=_detail_url(course.pk),
        course=course,
    )


@_course_admin
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    module = get_object_or_404(CourseModule.objects.select_related("course"), pk=pk)
    initial = {
        "title": module.title,
        "hours": module.hours,
        "objectives": module.objectives,
        "order": module.order,
    }

    def save(form: forms.Form) -> str:
        services.update_module(by=signed_in_user(request), module=module, **form.cleaned_data)
        return _detail_url(module.course_id)

    return _editor(
        request,
        _bound(request, ModuleForm, initial),
        save,
        done=_("The module is saved."),
        title=_("Edit the module"),
        back_url=_detail_url(module.course_id),
        course=module.course,
    )


@login_required
@require_POST
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "training.manage_courses")
    module = get_object_or_404(CourseModule, pk=pk)
    course_pk = module.course_id
    run_action(
        request,
        lambda: services.remove_module(by=signed_in_user(request), module=module),
        _("The module is removed."),
    )
    return redirect("training:course_detail", pk=course_pk)


# --- question bank and survey -------------------------------------------------------------------


@login_required
@require_GET
def course_questions(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "training.manage_courses")
    course = get_object_or_404(Course, pk=pk)
    questions, survey = selectors.question_bank(course)
    return render(
        request,
        "training/courses/questions.html",
        {"course": course, "questions": questions, "survey_questions": survey},
    )


@_course_admin
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)

    def save(form: forms.Form) -> str:
        assert isinstance(form, QuestionForm)
        services.add_question(by=signed_in_user(request), course=course, **form.service_values())
        return _questions_url(course.pk)

    return _editor(
        request,
        QuestionForm(request.POST or None),
        save,
        done=_("The question is added."),
        title=_("New test question"),
        back_url=_questions_url(course.pk),
        course=course,
    )


@_course_admin
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("course"), pk=pk)

    def save(form: forms.Form) -> str:
        assert isinstance(form, QuestionForm)
        services.update_question(
            by=signed_in_user(request), question=question, **form.service_values()
        )
        return _questions_url(question.course_id)

    return _editor(
        request,
        _bound(request, QuestionForm, QuestionForm.initial_for(question)),
        save,
        done=_("The question is saved."),
        title=_("Edit the test question"),
        back_url=_questions_url(question.course_id),
        course=question.course,
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "training.manage_courses")
    question = get_object_or_404(Question, pk=pk)
    course_pk = question.course_id
    run_action(
        request,
        lambda: services.remove_question(by=signed_in_user(request), question=question),
        _("The question is removed."),
    )
    return redirect(_questions_url(course_pk))


@_course_admin
def survey_question_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)

    def save(form: forms.Form) -> str:
        services.add_survey_question(by=signed_in_user(request), course=course, **form.cleaned_data)
        return _questions_url(course.pk)

    return _editor(
        request,
        SurveyQuestionForm(request.POST or None),
        save,
        done=_("The survey question is added."),
        title=_("New survey question"),
        back_url=_questions_url(course.pk),
        course=course,
    )


@_course_admin
def survey_question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(SurveyQuestion.objects.select_related("course"), pk=pk)
    initial = {"kind": question.kind, "text": question.text, "order": question.order}

    def save(form: forms.Form) -> str:
        services.update_survey_question(
            by=signed_in_user(request), question=question, **form.cleaned_data
        )
        return _questions_url(question.course_id)

    return _editor(
        request,
        _bound(request, SurveyQuestionForm, initial),
        save,
        done=_("The survey question is saved."),
        title=_("Edit the survey question"),
        back_url=_questions_url(question.course_id),
        course=question.course,
    )


@login_required
@require_POST
def survey_question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "training.manage_courses")
    question = get_object_or_404(SurveyQuestion, pk=pk)
    course_pk = question.course_id
    run_action(
        request,
        lambda: services.remove_survey_question(by=signed_in_user(request), question=question),
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
