"""Courses: the completion rule, modules, the question bank and the survey, and who may edit."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tambon.accounts.models import User
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.training.models import Course, Enrollment, Question, TestAnswer, TestAttempt
from tambon.training.services import courses as services
from tests.conftest import login
from tests.training.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_a_national_admin_creates_a_course_with_its_completion_rule(admin: User) -> None:
    course = services.create_course(
        by=admin,
        code="shift-share-2564",
        name_th="หลักสูตรวิทยากรกระบวนการ Shift and Share",
        min_attendance_percent=80,
        pass_mark_percent=70,
    )
    assert (course.min_attendance_percent, course.pass_mark_percent) == (80, 70)
    assert course.created_by == admin


@pytest.mark.parametrize("field", ["min_attendance_percent", "pass_mark_percent"])
@pytest.mark.parametrize("value", [-1, 101])
def test_it_refuses_a_percentage_outside_0_to_100(admin: User, field: str, value: int) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.create_course(
            by=admin, code="shift-share-2564", name_th="หลักสูตร", **{field: value}
        )
    assert caught.value.field == field
    assert "from 0 to 100" in str(caught.value.message)
    assert not Course.objects.exists()


def test_it_refuses_a_code_another_course_has(admin: User) -> None:
    CourseFactory(code="shift-share-2564")
    with pytest.raises(ValidationError) as caught:
        services.create_course(by=admin, code="Shift-Share-2564", name_th="หลักสูตรใหม่")
    assert caught.value.field == "code"


def test_a_provincial_officer_may_not_create_a_course(cm_officer: User) -> None:
    with pytest.raises(PermissionDenied):
        services.create_course(by=cm_officer, code="shift-share-2564", name_th="หลักสูตร")
    assert not Course.objects.exists()


def test_it_refuses_a_choice_question_with_fewer_than_two_options(admin: User) -> None:
    course = CourseFactory()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.add_question(
            by=admin,
            course=course,
            kind=Question.Kind.CHOICE,
            text="จิตอาสา หมายถึงข้อใด",
            choices=["การให้โดยไม่หวังผลตอบแทน", "  "],
            correct_choice=0,
        )
    assert caught.value.field == "choices"
    assert str(caught.value.message) == services.MSG_CHOICE_OPTIONS
    assert course.questions.count() == 5


def test_it_refuses_a_correct_option_that_is_not_among_the_options(admin: User) -> None:
    course = CourseFactory()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.add_question(
            by=admin,
            course=course,
            kind=Question.Kind.CHOICE,
            text="จิตอาสา หมายถึงข้อใด",
            choices=["ก", "ข", "ค"],
            correct_choice=3,
        )
    assert caught.value.field == "correct_choice"
    assert "from 1 to 3" in str(caught.value.message)


def test_it_refuses_a_short_answer_question_without_an_accepted_answer(admin: User) -> None:
    course = CourseFactory()
    with pytest.raises(ValidationError) as caught:
        services.add_question(
            by=admin, course=course, kind=Question.Kind.SHORT, text="สายด่วน", accepted_answers=[]
        )
    assert caught.value.field == "accepted_answers"


def test_a_valid_choice_question_keeps_only_its_own_kind_of_answer(admin: User) -> None:
    course = CourseFactory()
    question = services.add_question(
        by=admin,
        course=course,
        kind=Question.Kind.CHOICE,
        text="4S ประกอบด้วยข้อใด",
        choices=["Safety Smile Smart Sufficiency", "", "Safe Sound Sure Smart"],
        correct_choice=0,
        accepted_answers=["ไม่ควรถูกเก็บ"],
        points=2,
    )
    question.refresh_from_db()
    assert question.choices == ["Safety Smile Smart Sufficiency", "Safe Sound Sure Smart"]
    assert question.accepted_answers == []
    assert question.order == 6


def test_an_answered_question_cannot_be_removed(admin: User) -> None:
    enrollment = EnrollmentFactory()
    question = enrollment.cohort.course.questions.first()
    attempt = TestAttempt.objects.create(enrollment=enrollment, kind="pre", source="online")
    TestAnswer.objects.create(attempt=attempt, question=question, choice=0)
    with pytest.raises(ValidationError):
        services.remove_question(by=admin, question=question)
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_course_page_shows_hours_rule_and_numbers_of_questions(
    client: Client, siphum_volunteer: User
) -> None:
    course = CourseFactory(pass_mark_percent=70)
    response = login(client, siphum_volunteer).get(
        reverse("training:course_detail", args=[course.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.context["course"].total_hours == 18
    assert response.context["course"].question_count == 5
    assert response.context["course"].survey_count == 2
    page = response.content.decode()
    assert "at least 80% of the sessions" in page
    assert "at least 70% in the post-test" in page
    assert "นวัตกรรมทางสังคม" in page
    # Readers never see the question bank with its answers.
    assert "ตัวเลือก ก" not in page
    assert "course-edit-link" not in page


def test_the_course_list_counts_modules_and_questions(client: Client, admin: User) -> None:
    CourseFactory()
    response = login(client, admin).get(reverse("training:course_list"))
    (course,) = response.context["courses"]
    assert (course.module_count, course.question_count, course.survey_count) == (2, 5, 2)


def test_the_question_form_puts_the_error_on_the_options(client: Client, admin: User) -> None:
    course = CourseFactory()
    response = login(client, admin).post(
        reverse("training:question_create", args=[course.pk]),
        {
            "kind": "choice",
            "text": "ข้อใดถูก",
            "choices": "ก\n",
            "correct_choice": "1",
            "points": "1",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["choices"]
    assert course.questions.count() == 5


def test_the_question_form_stores_the_correct_option_counting_from_one(
    client: Client, admin: User
) -> None:
    course = CourseFactory()
    response = login(client, admin).post(
        reverse("training:question_create", args=[course.pk]),
        {
            "kind": "choice",
            "text": "ข้อใดถูก",
            "choices": "ก\nข\nค",
            "correct_choice": "2",
            "points": "1",
        },
    )
    assert response.status_code == 302
    assert course.questions.get(text="ข้อใดถูก").correct_choice == 1


def test_the_course_form_refuses_a_pass_mark_of_120(client: Client, admin: User) -> None:
    course = CourseFactory()
    data = {
        "code": course.code,
        "name_th": course.name_th,
        "min_attendance_percent": "80",
        "pass_mark_percent": "120",
        "is_active": "on",
    }
    response = login(client, admin).post(reverse("training:course_edit", args=[course.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["pass_mark_percent"]
    course.refresh_from_db()
    assert course.pass_mark_percent == 60


@pytest.mark.parametrize(
    "url_name", ["course_create", "course_questions", "question_create", "module_create"]
)
def test_someone_who_is_not_a_national_admin_cannot_open_the_editors(
    client: Client, cm_officer: User, url_name: str
) -> None:
    course = CourseFactory()
    args = [] if url_name == "course_create" else [course.pk]
    response = login(client, cm_officer).get(reverse(f"training:{url_name}", args=args))
    assert response.status_code == 403


def test_an_approved_trainee_cannot_delete_a_question(client: Client) -> None:
    enrollment = EnrollmentFactory()
    question = enrollment.cohort.course.questions.first()
    response = login(client, enrollment.trainee).post(
        reverse("training:question_delete", args=[question.pk])
    )
    assert response.status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()
    assert Enrollment.objects.count() == 1


def test_every_editor_page_opens_for_a_national_admin(client: Client, admin: User) -> None:
    course = CourseFactory()
    client = login(client, admin)
    urls = [
        reverse("training:course_create"),
        reverse("training:course_edit", args=[course.pk]),
        reverse("training:course_questions", args=[course.pk]),
        reverse("training:module_edit", args=[course.modules.first().pk]),
        reverse("training:question_edit", args=[course.questions.first().pk]),
        reverse("training:question_edit", args=[course.questions.get(kind="short").pk]),
        reverse("training:survey_question_create", args=[course.pk]),
        reverse("training:survey_question_edit", args=[course.survey_questions.first().pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_question_bank_shows_the_correct_option(client: Client, admin: User) -> None:
    course = CourseFactory()
    response = login(client, admin).get(reverse("training:course_questions", args=[course.pk]))
    assert "สายด่วนศูนย์ช่วยเหลือสังคมคือหมายเลขใด" in response.content.decode()
    assert "1300" in response.content.decode()
