"""Factories for training tests: a course with a question bank, a cohort with its sessions,
approved trainees. Real shapes: cohort 3 of the facilitator course, 29–31 March 2021, Chiang Mai.
"""

import datetime as dt

import factory
from django.utils import timezone

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.roles import Role
from tambon.training.models import (
    Cohort,
    CohortSession,
    Course,
    CourseModule,
    Enrollment,
    Question,
    SurveyQuestion,
)

THAI_FIRST = ["สมหญิง", "ก้องเกียรติ", "วันเพ็ญ", "ประยูร", "จันทร์เพ็ญ", "สุริยา", "อรทัย", "ณัฐพล"]
THAI_LAST = ["ใจดี", "ศักดิ์สิทธิ์", "แก้วมณี", "บุญมา", "ทองคำ", "สายสุวรรณ", "ศรีวงศ์"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"trainee{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.th")
    first_name = factory.Sequence(lambda n: THAI_FIRST[n % len(THAI_FIRST)])
    last_name = factory.Sequence(lambda n: THAI_LAST[n % len(THAI_LAST)])
    role = Role.SUBDISTRICT_OFFICER
    password = factory.PostGenerationMethodCall("set_password", "Tambon-test-2568!")

    @factory.post_generation
    def areas(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for code in extracted or ["500101"]:
            AreaAssignment.objects.create(user=self, area_code=code)
        self.save()


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"shift-share-facilitator-{n}")
    name_th = "หลักสูตรวิทยากรกระบวนการ Shift and Share"
    name_en = "Shift and Share process facilitator course"
    min_attendance_percent = 80
    pass_mark_percent = 60

    @factory.post_generation
    def content(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Two modules, four choice questions and one short answer, two survey questions."""
        CourseModule.objects.create(course=self, order=1, title="บทบาทของนักพัฒนาสังคม", hours=6)
        CourseModule.objects.create(course=self, order=2, title="นวัตกรรมทางสังคม", hours=12)
        for i, (text, correct) in enumerate(
            [
                ("4S ของตำบลสร้างเสริมสวัสดิการสังคม ประกอบด้วยข้อใด", 0),
                ("ผู้ประสบปัญหาทางสังคมควรได้รับความช่วยเหลือแบบใด", 1),
                ("จิตอาสา หมายถึงข้อใด", 2),
                ("ขั้นแรกของการสร้างนวัตกรรมทางสังคมคือข้อใด", 0),
            ],
            start=1,
        ):
            Question.objects.create(
                course=self,
                order=i,
                kind=Question.Kind.CHOICE,
                text=text,
                choices=["ตัวเลือก ก", "ตัวเลือก ข", "ตัวเลือก ค", "ตัวเลือก ง"],
                correct_choice=correct,
            )
        Question.objects.create(
            course=self,
            order=5,
            kind=Question.Kind.SHORT,
            text="สายด่วนศูนย์ช่วยเหลือสังคมคือหมายเลขใด",
            accepted_answers=["1300"],
        )
        SurveyQuestion.objects.create(course=self, order=1, text="ความพึงพอใจต่อวิทยากร")
        SurveyQuestion.objects.create(
            course=self, order=2, kind=SurveyQuestion.Kind.TEXT, text="ข้อเสนอแนะ"
        )


class CohortFactory(factory.django.DjangoModelFactory):
    """Cohort 3: 29–31 March 2021 at a hotel in Chiang Mai, six half-day sessions."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    number = factory.Sequence(lambda n: n + 3)
    title = "วิทยากรกระบวนการ Shift and Share ภาคเหนือ"
    starts_on = dt.date(2021, 3, 29)
    ends_on = dt.date(2021, 3, 31)
    venue = "โรงแรมในอำเภอเมืองเชียงใหม่"
    province_id = "50"
    capacity = 60
    organiser = factory.SubFactory(UserFactory, role=Role.PROVINCIAL_OFFICER, areas=["50"])

    @factory.post_generation
    def sessions(self, create: bool, extracted: object, **kwargs: object) -> None:
        day = self.starts_on
        while day <= self.ends_on:
            CohortSession.objects.create(
                cohort=self,
                date=day,
                period="morning",
                starts_at=dt.time(9),
                ends_at=dt.time(12),
            )
            CohortSession.objects.create(
                cohort=self,
                date=day,
                period="afternoon",
                starts_at=dt.time(13),
                ends_at=dt.time(16, 30),
            )
            day += dt.timedelta(days=1)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """An approved trainee from ศรีภูมิ."""

    class Meta:
        model = Enrollment

    cohort = factory.SubFactory(CohortFactory)
    trainee = factory.SubFactory(UserFactory)
    subdistrict_id = "500101"
    status = Enrollment.Status.APPROVED
    decided_at = factory.LazyFunction(timezone.now)
