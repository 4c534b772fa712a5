"""Demo data of Shift and Share training: three courses; the 2021 facilitator cohorts 1 (Surat
Thani, 9 March), 2 (Khon Kaen, 24 March) and 3 (Chiang Mai, 29–31 March) with their trainees,
attendance, tests, surveys, certificates and facilitators; the workshops those facilitators ran;
and an upcoming cohort taking nominations.

Every cohort is made whole the first time and left alone afterwards, so a second run creates
nothing; everything is bulk-created.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.roles import Role
from tambon.demo.registry import DEMO_EMAIL_DOMAIN, DemoContext, generator
from tambon.geo.models import Subdistrict, Village
from tambon.training.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Course,
    CourseModule,
    Enrollment,
    Facilitator,
    Question,
    SurveyQuestion,
    SurveyResponse,
    TestAnswer,
    TestAttempt,
    Workshop,
    WorkshopHeadcount,
)

FACILITATOR_COURSE = "shift-and-share-facilitator"
REFRESHER_COURSE = "shift-and-share-refresher"
MENTOR_COURSE = "youth-social-innovation-mentor"

# --- courses -----------------------------------------------------------------------------

OPTIONS = ["ก", "ข", "ค", "ง"]


@dataclass(frozen=True)
class CourseSpec:
    """A course written compactly. `modules`: one per line, "title | objectives | hours".
    `questions`: one per line, either "question | option | *correct option | option ..." or
    "question = accepted answer / another". `survey`: rating questions, one per line (a
    free-text question for suggestions is added)."""

    code: str
    name_th: str
    name_en: str
    description: str
    objectives: str
    min_attendance: int
    pass_mark: int
    modules: str
    questions: str
    survey: str


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


COURSES = (
    CourseSpec(
        code=FACILITATOR_COURSE,
        name_th="หลักสูตรวิทยากรกระบวนการ Shift and Share",
        name_en="Shift and Share process facilitator course",
        description=(
            "พัฒนาศักยภาพเจ้าหน้าที่และภาคีเครือข่ายของตำบลสร้างเสริมสวัสดิการสังคม ให้เป็นวิทยากร"
            "กระบวนการที่ขับเคลื่อนเด็ก เยาวชน และประชาชน ให้สร้างนวัตกรรมทางสังคมแก้ปัญหาในพื้นที่"
        ),
        objectives=(
            "เข้าใจบทบาทการพัฒนาสังคม จิตอาสา จิตสาธารณะ; ใช้เครื่องมือค้นหาปัญหาสังคมของตำบล; "
            "ออกแบบกิจกรรมสร้างสรรค์เชิงนวัตกรรมทางสังคม; เป็นพี่เลี้ยงทีมนวัตกร"
        ),
        min_attendance=80,
        pass_mark=60,
        modules="""
            ตำบลสร้างเสริมสวัสดิการสังคมและเป้าหมาย 4S | อธิบาย Safety Smile Smart Sufficiency | 3
            จิตอาสา จิตสาธารณะ และการเป็นผู้ให้ | ออกแบบกิจกรรมปลุกจิตสาธารณะ | 3
            การค้นหาและวิเคราะห์ปัญหาสังคมในตำบล | ใช้แผนที่ชุมชนและต้นไม้ปัญหา | 4
            ความคิดสร้างสรรค์และนวัตกรรมทางสังคม | สร้างแนวคิดโครงการจากปัญหาจริง | 5
            ทักษะวิทยากรกระบวนการ | นำกระบวนการกลุ่มและสะท้อนคิด | 4
            การเป็นพี่เลี้ยงทีมนวัตกรและการติดตามผล | วางแผนติดตามโครงการของทีม | 2
        """,
        questions="""
            4S ของตำบลสร้างเสริมสวัสดิการสังคม ได้แก่ข้อใด | *Safety Smile Smart Sufficiency | Safety Service Smart Share | Smile Share Social Support | Safe Strong Smart Social
            สายด่วน 1300 ของกระทรวง พม. ให้บริการเรื่องใด | แจ้งเหตุเพลิงไหม้ | *รับแจ้งและช่วยเหลือผู้ประสบปัญหาทางสังคม | จองคิวโรงพยาบาล | ร้องเรียนค่าไฟฟ้า
            จิตสาธารณะ หมายถึงข้อใด | ทำเพื่อรับรางวัล | *คำนึงถึงส่วนรวมและลงมือช่วยเหลือผู้อื่น | ทำตามคำสั่งผู้ใหญ่ | ช่วยเฉพาะคนในครอบครัว
            ขั้นแรกของการสร้างนวัตกรรมทางสังคมคือข้อใด | เขียนงบประมาณ | *ค้นหาและทำความเข้าใจปัญหาของชุมชน | ประชาสัมพันธ์โครงการ | ประเมินผลโครงการ
            เครื่องมือใดช่วยวิเคราะห์สาเหตุและผลของปัญหา | *ต้นไม้ปัญหา | ปฏิทินฤดูกาล | ผังองค์กร | ใบลงชื่อ
            บทบาทของวิทยากรกระบวนการในวงเรียนรู้คือข้อใด | บรรยายให้มากที่สุด | ตัดสินว่าความเห็นใดถูก | *เอื้อให้ผู้เข้าร่วมคิด แลกเปลี่ยน และสรุปเอง | ให้คะแนนผู้เข้าร่วม
            กลุ่มใดเป็นผู้ประสบปัญหาทางสังคม | *ผู้สูงอายุที่ไม่มีผู้ดูแล | นักท่องเที่ยว | ผู้ถือหุ้นบริษัท | นักกีฬาทีมชาติ
            พี่เลี้ยงทีมนวัตกรที่ดีควรทำอย่างไร | ทำโครงการแทนทีม | *ติดตาม ให้คำปรึกษา และให้ทีมตัดสินใจเอง | ให้ทีมทำตามแบบที่กำหนด | พบทีมเฉพาะวันนำเสนอ
            สายด่วนศูนย์ช่วยเหลือสังคมคือหมายเลขใด = 1300
            อพม. ย่อมาจากอะไร = อาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์
        """,  # noqa: E501 (one question per line reads best)
        survey="""
            ความพึงพอใจต่อเนื้อหาหลักสูตร
            ความพึงพอใจต่อวิทยากร
            ความพึงพอใจต่อสถานที่และอาหาร
            ความมั่นใจในการนำไปจัดกิจกรรมในตำบล
        """,
    ),
    CourseSpec(
        code=REFRESHER_COURSE,
        name_th="หลักสูตรทบทวนวิทยากรกระบวนการ Shift and Share",
        name_en="Shift and Share facilitator refresher",
        description="ทบทวนทักษะวิทยากรกระบวนการและแลกเปลี่ยนบทเรียนจากการจัดกิจกรรมในตำบล",
        objectives="ทบทวนเครื่องมือ แลกเปลี่ยนกรณีตัวอย่าง วางแผนกิจกรรมรอบใหม่",
        min_attendance=100,
        pass_mark=60,
        modules="""
            แลกเปลี่ยนบทเรียนจากกิจกรรมในตำบล | สรุปสิ่งที่ได้ผลและไม่ได้ผล | 3
            เครื่องมือใหม่สำหรับวิทยากรกระบวนการ | ฝึกใช้เครื่องมือกระบวนการกลุ่ม | 3
        """,
        questions="""
            การสะท้อนคิดหลังกิจกรรม (AAR) มีประโยชน์อย่างไร | ใช้จับผิดผู้เข้าร่วม | *เรียนรู้และปรับปรุงกิจกรรมครั้งต่อไป | ใช้แทนการประเมินผล | ไม่มีประโยชน์
            กิจกรรมเชิงนวัตกรรมทางสังคมควรเริ่มจากสิ่งใด | *ปัญหาจริงของชุมชน | งบประมาณที่มี | ความต้องการของวิทยากร | กิจกรรมปีที่แล้ว
        """,  # noqa: E501 (one question per line reads best)
        survey="""
            ความพึงพอใจโดยรวม
            ความเป็นประโยชน์ต่อการทำงาน
        """,
    ),
    CourseSpec(
        code=MENTOR_COURSE,
        name_th="หลักสูตรพี่เลี้ยงนวัตกรสังคมรุ่นเยาว์",
        name_en="Youth social-innovation mentor course",
        description="เตรียมพี่เลี้ยงให้ดูแลทีมเด็กและเยาวชน (นวัตกรน้อย / อพม.รุ่นจิ๋ว) ตลอดวงจรโครงการ",
        objectives="การสื่อสารกับเยาวชน การโค้ชทีม การติดตามและประเมินโครงการ การคุ้มครองเด็ก",
        min_attendance=80,
        pass_mark=70,
        modules="""
            เข้าใจเด็กและเยาวชน และการคุ้มครองเด็ก | สื่อสารอย่างปลอดภัยและเคารพ | 3
            การโค้ชทีมนวัตกรรุ่นเยาว์ | ใช้คำถามชวนคิดและให้ข้อมูลป้อนกลับ | 3
            การติดตามและประเมินโครงการนวัตกรรมสังคม | วางตัวชี้วัดอย่างง่ายกับทีม | 2
        """,
        questions="""
            เยาวชนเสนอความคิดที่ยังไม่สมบูรณ์ พี่เลี้ยงควรทำอย่างไร | ปฏิเสธทันที | *ถามชวนคิดต่อเพื่อพัฒนาความคิด | เลือกความคิดของตนแทน | เพิกเฉย
            ข้อใดเป็นหลักการคุ้มครองเด็กในการทำกิจกรรม | เผยแพร่ภาพเด็กได้ทุกกรณี | *ขอความยินยอมผู้ปกครองและรักษาข้อมูลส่วนบุคคล | ให้เด็กเดินทางคนเดียวตอนกลางคืน | ไม่ต้องมีผู้ดูแล
            ทีมนวัตกรรุ่นเยาว์ในตำบลมักเรียกว่าอะไร = นวัตกรน้อย / อพม.รุ่นจิ๋ว
        """,  # noqa: E501 (one question per line reads best)
        survey="""
            ความพึงพอใจโดยรวม
            ความมั่นใจในการเป็นพี่เลี้ยง
        """,
    ),
)


def _question(course: Course, line: str) -> Question:
    if "|" not in line:
        text, answers = line.split("=", 1)
        accepted = [a.strip() for a in answers.split("/")]
        return Question(
            course=course, kind=Question.Kind.SHORT, text=text.strip(), accepted_answers=accepted
        )
    text, *options = (part.strip() for part in line.split("|"))
    correct = next(i for i, option in enumerate(options) if option.startswith("*"))
    return Question(
        course=course,
        kind=Question.Kind.CHOICE,
        text=text,
        choices=[f"{OPTIONS[i]}. {option.lstrip('*')}" for i, option in enumerate(options)],
        correct_choice=correct,
    )


def _create_course(spec: CourseSpec) -> Course:
    course = Course.objects.create(
        code=spec.code,
        name_th=spec.name_th,
        name_en=spec.name_en,
        description=spec.description,
        objectives=spec.objectives,
        min_attendance_percent=spec.min_attendance,
        pass_mark_percent=spec.pass_mark,
    )
    modules = []
    for n, line in enumerate(_lines(spec.modules), start=1):
        title, objectives, hours = (part.strip() for part in line.split("|"))
        modules.append(
            CourseModule(course=course, order=n, title=title, objectives=objectives, hours=hours)
        )
    CourseModule.objects.bulk_create(modules)
    questions = [_question(course, line) for line in _lines(spec.questions)]
    for n, question in enumerate(questions, start=1):
        question.order = n
    Question.objects.bulk_create(questions)
    survey = [SurveyQuestion(course=course, text=text) for text in _lines(spec.survey)]
    survey.append(SurveyQuestion(course=course, kind=SurveyQuestion.Kind.TEXT, text="ข้อเสนอแนะ"))
    for n, item in enumerate(survey, start=1):
        item.order = n
    SurveyQuestion.objects.bulk_create(survey)
    return course


@generator(name="training.courses", order=60)
def courses(ctx: DemoContext) -> str:
    """Three Shift and Share courses with modules, a question bank and a survey."""
    existing = set(Course.objects.values_list("code", flat=True))
    made = [_create_course(spec) for spec in COURSES if spec.code not in existing]
    return f"{len(made)} new courses ({len(COURSES)} demo courses)"


# --- cohorts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortSpec:
    number: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    venue: str
    province: str
    organiser: str  # a demo username
    # Trainees per province of their sub-district: {"50": 18, ...}
    trainees: tuple[tuple[str, int], ...]


NORTH = (("50", 18), ("57", 10), ("51", 8), ("52", 8), ("58", 5), ("56", 4), ("55", 4), ("54", 3))
SOUTH = (("84", 10), ("80", 6), ("86", 4), ("85", 3), ("82", 3), ("83", 3), ("81", 3))
NORTHEAST = (("40", 10), ("41", 6), ("44", 5), ("45", 5), ("46", 5), ("47", 4))

COHORTS = (
    CohortSpec(
        1,
        "วิทยากรกระบวนการ Shift and Share ภาคใต้",
        dt.date(2021, 3, 9),
        dt.date(2021, 3, 9),
        "ห้องประชุมโรงแรมในอำเภอเมืองสุราษฎร์ธานี",
        "84",
        "admin",
        SOUTH,
    ),
    CohortSpec(
        2,
        "วิทยากรกระบวนการ Shift and Share ภาคตะวันออกเฉียงเหนือ",
        dt.date(2021, 3, 24),
        dt.date(2021, 3, 24),
        "ห้องประชุมโรงแรมในอำเภอเมืองขอนแก่น",
        "40",
        "admin",
        NORTHEAST,
    ),
    CohortSpec(
        3,
        "วิทยากรกระบวนการ Shift and Share ภาคเหนือ",
        dt.date(2021, 3, 29),
        dt.date(2021, 3, 31),
        "ห้องประชุมใหญ่ โรงแรมในอำเภอเมืองเชียงใหม่",
        "50",
        "province",
        NORTH,
    ),
)
UPCOMING_NUMBER = 4
FALLBACK_ORGANISER = "training-organiser"

SESSION_TIMES = {
    CohortSession.Period.MORNING: (dt.time(9), dt.time(12)),
    CohortSession.Period.AFTERNOON: (dt.time(13), dt.time(16, 30)),
}


def _demo_user(username: str) -> User | None:
    return User.objects.filter(username=username, email__endswith=f"@{DEMO_EMAIL_DOMAIN}").first()


def _organiser(ctx: DemoContext, username: str) -> User:
    """The named demo account, or (when the demo accounts were not made) a national admin."""
    found = _demo_user(username)
    if found is not None:
        return found
    user, _ = User.objects.get_or_create(
        username=FALLBACK_ORGANISER,
        defaults={
            "email": f"{FALLBACK_ORGANISER}@{DEMO_EMAIL_DOMAIN}",
            "first_name": "ผู้จัด",
            "last_name": "หลักสูตร",
            "role": Role.NATIONAL_ADMIN,
            "organisation": "กรมพัฒนาสังคมและสวัสดิการ",
            "password": ctx.password_hash,
        },
    )
    return user


TRAINERS = (("ss-trainer-1", "ธนพร", "วงศ์ใหญ่"), ("ss-trainer-2", "สมศักดิ์", "แสงทอง"))


def _trainers(ctx: DemoContext) -> list[User]:
    """The Department's two course trainers (facilitators without an area of their own)."""
    users = []
    for username, first, last in TRAINERS:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@{DEMO_EMAIL_DOMAIN}",
                "first_name": first,
                "last_name": last,
                "role": Role.FACILITATOR,
                "organisation": "กรมพัฒนาสังคมและสวัสดิการ",
                "password": ctx.password_hash,
            },
        )
        users.append(user)
    return users


def _sessions(cohort: Cohort, modules: Sequence[CourseModule]) -> list[CohortSession]:
    rows: list[CohortSession] = []
    day = cohort.starts_on
    while day <= cohort.ends_on:
        for period, (start, end) in SESSION_TIMES.items():
            module = modules[len(rows) % len(modules)] if modules else None
            rows.append(
                CohortSession(
                    cohort=cohort,
                    date=day,
                    period=period,
                    title=module.title if module else "",
                    starts_at=start,
                    ends_at=end,
                )
            )
        day += dt.timedelta(days=1)
    return CohortSession.objects.bulk_create(rows)


def _subdistricts_by_province(provinces: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    by_province: dict[str, list[tuple[str, str]]] = {}
    for code, name, province in (
        Subdistrict.objects.filter(province_id__in=provinces)
        .order_by("code")
        .values_list("code", "name_th", "province_id")
    ):
        by_province.setdefault(province, []).append((code, name))
    return by_province


def _trainee_areas(ctx: DemoContext, spec: CohortSpec) -> list[tuple[str, str]]:
    """(sub-district code, name) of each trainee: program sub-districts of a province first, then
    real sub-districts drawn from the province, no two trainees from the same one."""
    available = _subdistricts_by_province([p for p, _ in spec.trainees])
    program = set(ctx.subdistrict_codes)
    chosen: list[tuple[str, str]] = []
    for province, count in spec.trainees:
        places = available.get(province, [])
        first = [p for p in places if p[0] in program][:count]
        rest = [p for p in places if p[0] not in program]
        chosen += first + ctx.random.sample(rest, k=min(count - len(first), len(rest)))
    return chosen


def _trainee_users(ctx: DemoContext, spec: CohortSpec, areas: list[tuple[str, str]]) -> list[User]:
    """One demo user per trainee (officers and partner staff of the sub-districts); the named
    facilitator account is the first trainee of cohort 3 when it exists."""
    users: list[User] = []
    new: list[User] = []
    for n, (code, name) in enumerate(areas, start=1):
        if spec.number == 3 and n == 1:
            named = _demo_user("facilitator")
            if named is not None and any(code.startswith(a) for a in named.area_codes()):
                users.append(named)
                continue
        username = f"ss-c{spec.number}-{n:02d}"
        ctx.reseed_item(username)
        female = ctx.random.random() < 0.6
        partner = ctx.random.random() < 0.3
        user = User(
            username=username,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            first_name=ctx.fake.first_name_female() if female else ctx.fake.first_name_male(),
            last_name=ctx.fake.last_name(),
            role=Role.PARTNER if partner else Role.SUBDISTRICT_OFFICER,
            organisation=(
                f"เครือข่ายองค์กรชุมชนตำบล{name}" if partner else f"องค์การบริหารส่วนตำบล{name}"
            ),
            phone=ctx.area_provider.thai_mobile_number(),
            password=ctx.password_hash,
        )
        users.append(user)
        new.append(user)
    User.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    saved = dict(
        User.objects.filter(username__in=[u.username for u in new]).values_list("username", "id")
    )
    for user in new:
        user.pk = saved[user.username]
    made = {user.username for user in new}
    AreaAssignment.objects.bulk_create(
        [
            AreaAssignment(user_id=user.pk, area_code=code)
            for user, (code, _) in zip(users, areas, strict=True)
            if user.username in made
        ],
        ignore_conflicts=True,
    )
    return users


@dataclass
class _Outcome:
    attended: list[CohortSession]
    pre_correct: float
    post_correct: float


def _outcome(ctx: DemoContext, sessions: list[CohortSession]) -> _Outcome:
    """Most attend every session, a few miss one, one in twenty misses half."""
    draw = ctx.random.random()
    attended = list(sessions)
    if len(sessions) > 1 and draw < 0.05:
        attended = sorted(
            ctx.random.sample(sessions, k=len(sessions) // 2), key=lambda s: (s.date, s.starts_at)
        )
    elif len(sessions) > 2 and draw < 0.15:
        attended.remove(ctx.random.choice(sessions))
    pre = ctx.random.uniform(0.3, 0.7)
    post = min(1.0, pre + ctx.random.uniform(0.05, 0.45))
    return _Outcome(attended, pre, post)


def _answers(
    ctx: DemoContext, attempt: TestAttempt, questions: list[Question], p_correct: float
) -> list[TestAnswer]:
    answers = []
    for q in questions:
        correct = ctx.random.random() < p_correct
        if q.kind == Question.Kind.CHOICE:
            wrong = [i for i in range(len(q.choices)) if i != q.correct_choice]
            choice = q.correct_choice if correct else ctx.random.choice(wrong)
            answers.append(
                TestAnswer(
                    attempt=attempt,
                    question=q,
                    choice=choice,
                    is_correct=correct,
                    points=q.points if correct else 0,
                )
            )
        else:
            text = q.accepted_answers[0] if correct else "ไม่ทราบ"
            answers.append(
                TestAnswer(
                    attempt=attempt,
                    question=q,
                    text=text,
                    is_correct=correct,
                    points=q.points if correct else 0,
                )
            )
    return answers


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


SUGGESTIONS = (
    "อยากให้มีเวลาฝึกปฏิบัติมากขึ้น",
    "ได้แนวคิดไปจัดกิจกรรมกับเยาวชนในตำบล",
    "วิทยากรเป็นกันเอง เข้าใจง่าย",
    "",
)
SKILLS = (
    "ค่ายเยาวชน, กระบวนการกลุ่ม",
    "เวทีประชาคม, แผนที่ชุมชน",
    "กิจกรรมในโรงเรียน, นวัตกรน้อย",
    "อพม.รุ่นจิ๋ว, การเยี่ยมบ้าน",
    "การเป็นพี่เลี้ยงโครงการ, การประเมินผล",
)


def _run_cohort(ctx: DemoContext, course: Course, spec: CohortSpec, serial: int) -> int:
    """Create one past cohort whole; return the number of certificates issued."""
    organiser = _organiser(ctx, spec.organiser)
    cohort = Cohort.objects.create(
        course=course,
        number=spec.number,
        title=spec.title,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        venue=spec.venue,
        province_id=spec.province,
        capacity=60,
        organiser=organiser,
        nominations_close_on=spec.starts_on - dt.timedelta(days=7),
        created_by=organiser,
    )
    cohort.trainers.set(_trainers(ctx))
    modules = list(course.modules.all())
    sessions = _sessions(cohort, modules)
    questions = list(course.questions.all())
    ratings = list(course.survey_questions.filter(kind=SurveyQuestion.Kind.RATING))
    free_text = course.survey_questions.filter(kind=SurveyQuestion.Kind.TEXT).first()
    areas = _trainee_areas(ctx, spec)
    users = _trainee_users(ctx, spec, areas)
    decided = _at(spec.starts_on - dt.timedelta(days=5), dt.time(10))
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            cohort=cohort,
            trainee=user,
            subdistrict_id=code,
            status=Enrollment.Status.APPROVED,
            nominated_by=organiser,
            decided_at=decided,
            created_by=organiser,
        )
        for user, (code, _) in zip(users, areas, strict=True)
    )
    attendance: list[Attendance] = []
    attempts: list[tuple[TestAttempt, float]] = []
    surveys: list[SurveyResponse] = []
    outcomes: dict[int, _Outcome] = {}
    for enrollment in enrollments:
        ctx.reseed_item(f"cohort{spec.number}:{enrollment.trainee.username}")
        outcome = _outcome(ctx, sessions)
        if enrollment.trainee.username == "facilitator":
            # The named demo facilitator must come out certified, to try the workshop pages.
            outcome = _Outcome(list(sessions), outcome.pre_correct, 1.0)
        outcomes[enrollment.pk] = outcome
        attendance += [
            Attendance(
                session=s,
                enrollment=enrollment,
                method=Attendance.Method.QR
                if ctx.random.random() < 0.9
                else Attendance.Method.ROSTER,
                at=_at(s.date, s.starts_at) + dt.timedelta(minutes=ctx.random.randint(-20, 15)),
                recorded_by=None,
            )
            for s in outcome.attended
        ]
        first, last = sessions[0], sessions[-1]
        for kind, p, when in (
            (TestAttempt.Kind.PRE, outcome.pre_correct, _at(first.date, first.starts_at)),
            (TestAttempt.Kind.POST, outcome.post_correct, _at(last.date, last.ends_at)),
        ):
            attempts.append(
                (
                    TestAttempt(
                        enrollment=enrollment,
                        kind=kind,
                        source=TestAttempt.Source.ONLINE,
                        submitted_at=when,
                    ),
                    p,
                )
            )
        answers: dict[str, Any] = {
            str(q.pk): ctx.random.choice((3, 4, 4, 5, 5, 5)) for q in ratings
        }
        if free_text is not None:
            answers[str(free_text.pk)] = ctx.random.choice(SUGGESTIONS)
        surveys.append(
            SurveyResponse(
                enrollment=enrollment, answers=answers, submitted_at=_at(last.date, last.ends_at)
            )
        )
    Attendance.objects.bulk_create(attendance, batch_size=1000)
    SurveyResponse.objects.bulk_create(surveys, batch_size=1000)
    saved = TestAttempt.objects.bulk_create([a for a, _ in attempts], batch_size=1000)
    all_answers: list[TestAnswer] = []
    for attempt, (_, p) in zip(saved, attempts, strict=True):
        ctx.reseed_item(f"cohort{spec.number}:test:{attempt.enrollment_id}:{attempt.kind}")
        rows = _answers(ctx, attempt, questions, p)
        attempt.score = sum(a.points for a in rows)
        attempt.max_score = sum(q.points for q in questions)
        all_answers += rows
    TestAttempt.objects.bulk_update(saved, ["score", "max_score"], batch_size=1000)
    TestAnswer.objects.bulk_create(all_answers, batch_size=2000)
    return _certify(ctx, cohort, enrollments, outcomes, saved, len(sessions), serial)


def _certify(
    ctx: DemoContext,
    cohort: Cohort,
    enrollments: list[Enrollment],
    outcomes: dict[int, _Outcome],
    attempts: list[TestAttempt],
    session_count: int,
    serial: int,
) -> int:
    """Certificates (running numbers) and Facilitator records for those who met the rule."""
    course = cohort.course
    post = {a.enrollment_id: a for a in attempts if a.kind == TestAttempt.Kind.POST}
    year_be = cohort.ends_on.year + 543
    issued_on = cohort.ends_on
    certificates = []
    for enrollment in enrollments:
        attended = 100 * len(outcomes[enrollment.pk].attended) / session_count
        score = post[enrollment.pk].percent
        if attended >= course.min_attendance_percent and score >= course.pass_mark_percent:
            serial += 1
            certificates.append(
                Certificate(
                    enrollment=enrollment,
                    year_be=year_be,
                    serial=serial,
                    issued_on=issued_on,
                    verification_code=f"{ctx.random.getrandbits(128):032x}",
                    created_by=cohort.organiser,
                )
            )
    Certificate.objects.bulk_create(certificates)
    by_enrollment = {e.pk: e for e in enrollments}
    Facilitator.objects.bulk_create(
        [
            Facilitator(
                user=by_enrollment[c.enrollment_id].trainee,
                certificate=c,
                cohort=cohort,
                subdistrict_id=by_enrollment[c.enrollment_id].subdistrict_id,
                skills=ctx.random.choice(SKILLS),
                created_by=cohort.organiser,
            )
            for c in certificates
        ],
        ignore_conflicts=True,
    )
    return len(certificates)


def _upcoming(ctx: DemoContext, course: Course) -> int:
    """Cohort 4, about two months ahead, with nominations of the program's officers."""
    if Cohort.objects.filter(course=course, number=UPCOMING_NUMBER).exists():
        return 0
    organiser = _organiser(ctx, "province")
    start = timezone.localdate() + dt.timedelta(days=60)
    start += dt.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
    cohort = Cohort.objects.create(
        course=course,
        number=UPCOMING_NUMBER,
        title="วิทยากรกระบวนการ Shift and Share รุ่นขยายผล",
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
        venue="ศูนย์ประชุมในอำเภอเมืองเชียงใหม่",
        province_id=ctx.home_subdistrict[:2],
        capacity=40,
        organiser=organiser,
        nominations_close_on=start - dt.timedelta(days=14),
        created_by=organiser,
    )
    _sessions(cohort, list(course.modules.all()))
    officers = (
        User.objects.filter(
            email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
            role__in=[Role.SUBDISTRICT_OFFICER, Role.VOLUNTEER],
            areas__area_code__in=ctx.subdistrict_codes,
        )
        .exclude(enrollments__isnull=False)
        .values_list("pk", "areas__area_code")
        .order_by("username")
    )
    nominated = [
        Enrollment(
            cohort=cohort,
            trainee_id=pk,
            subdistrict_id=code,
            channel=Enrollment.Channel.NOMINATION,
            nominated_by=organiser,
            note="เสนอชื่อโดยสำนักงาน พมจ.",
        )
        for pk, code in list(dict(officers).items())[:12]
    ]
    Enrollment.objects.bulk_create(nominated, ignore_conflicts=True)
    return len(nominated)


@generator(name="training.cohorts", order=61)
def cohorts(ctx: DemoContext) -> str:
    """Facilitator cohorts 1–3 of 2021 with trainees, attendance, tests, surveys, certificates
    and facilitators, and an upcoming cohort 4 with nominations."""
    course = Course.objects.filter(code=FACILITATOR_COURSE).first()
    if course is None:
        return "skipped: run training.courses first"
    existing = set(Cohort.objects.filter(course=course).values_list("number", flat=True))
    made, certified = 0, 0
    for spec in COHORTS:
        if spec.number in existing:
            continue
        ctx.reseed_item(f"cohort{spec.number}")
        top = Certificate.objects.filter(year_be=spec.ends_on.year + 543).aggregate(m=Max("serial"))
        certified += _run_cohort(ctx, course, spec, top["m"] or 0)
        made += 1
    nominations = _upcoming(ctx, course)
    return f"{made} new cohorts, {certified} certificates, {nominations} nominations"


# --- workshops ---------------------------------------------------------------------------

WORKSHOP_TITLES = {
    Workshop.Kind.YOUTH_CAMP: "ค่ายเยาวชนจิตอาสา Shift and Share ตำบล{name}",
    Workshop.Kind.SCHOOL: "กิจกรรมนวัตกรน้อยในโรงเรียน ตำบล{name}",
    Workshop.Kind.COMMUNITY_FORUM: "เวทีประชาคมค้นหาปัญหาสังคม ตำบล{name}",
    Workshop.Kind.VOLUNTEER_TRAINING: "อบรม อพม.รุ่นจิ๋ว ตำบล{name}",
}
WORKSHOP_TOPICS = (
    "บทบาทของเด็กและเยาวชนในการพัฒนาสังคม; จิตอาสา จิตสาธารณะ; การเป็นผู้ให้",
    "นวัตกรรมทางสังคมและความคิดสร้างสรรค์; ออกแบบโครงการจากปัญหาจริงของตำบล",
    "แผนที่ชุมชน; ต้นไม้ปัญหา; เลือกปัญหาที่ทีมอยากแก้",
)
PROBLEM_SETS = (
    ["elderly", "bedridden_care"],
    ["children_youth", "drugs"],
    ["poverty", "debt"],
    ["disability", "housing"],
    ["teenage_pregnancy", "children_youth"],
    ["unemployment", "poverty"],
)
BANDS = {
    Workshop.Kind.YOUTH_CAMP: {"youth": 0.7, "child": 0.2, "adult": 0.1},
    Workshop.Kind.SCHOOL: {"child": 0.8, "adult": 0.2},
    Workshop.Kind.COMMUNITY_FORUM: {"adult": 0.6, "elderly": 0.25, "youth": 0.15},
    Workshop.Kind.VOLUNTEER_TRAINING: {"youth": 0.5, "child": 0.3, "adult": 0.2},
}


def _headcounts(ctx: DemoContext, workshop: Workshop) -> list[WorkshopHeadcount]:
    total = ctx.random.randint(25, 60)
    rows = []
    for band, share in BANDS[Workshop.Kind(workshop.kind)].items():
        people = round(total * share)
        female = round(people * ctx.random.uniform(0.45, 0.6))
        for sex, n in (("female", female), ("male", people - female)):
            if n:
                rows.append(WorkshopHeadcount(workshop=workshop, age_band=band, sex=sex, count=n))
    return rows


@generator(name="training.workshops", order=62)
def workshops(ctx: DemoContext) -> str:
    """Workshops the demo facilitators ran in their sub-districts, with headcounts."""
    facilitators = list(
        Facilitator.objects.filter(
            user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}", workshops__isnull=True
        )
        .select_related("subdistrict", "cohort")
        .order_by("pk")
    )
    villages: dict[str, list[str]] = {}
    for code, subdistrict_code in Village.objects.filter(
        subdistrict_id__in=[f.subdistrict_id for f in facilitators]
    ).values_list("code", "subdistrict_id"):
        villages.setdefault(subdistrict_code, []).append(code)
    people: dict[str, list[int]] = {}
    for user_id, code in AreaAssignment.objects.filter(
        area_code__in=ctx.subdistrict_codes,
        user__role__in=[Role.INNOVATOR, Role.VOLUNTEER],
        user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
    ).values_list("user_id", "area_code"):
        people.setdefault(code, []).append(user_id)
    planned: list[tuple[Workshop, list[int], list[WorkshopHeadcount]]] = []
    for facilitator in facilitators:
        ctx.reseed_item(f"workshops:{facilitator.user.username}")
        count = ctx.random.choice((0, 1, 1, 2, 2, 3))
        after = facilitator.cohort.ends_on if facilitator.cohort else dt.date(2021, 4, 1)
        for _n in range(count):
            kind = ctx.random.choice(list(WORKSHOP_TITLES))
            sub = facilitator.subdistrict
            date = after + dt.timedelta(days=ctx.random.randint(14, 270))
            workshop = Workshop(
                facilitator=facilitator,
                subdistrict=sub,
                village_id=(
                    ctx.random.choice(villages[sub.code]) if villages.get(sub.code) else None
                ),
                date=date,
                kind=kind,
                title=WORKSHOP_TITLES[kind].format(name=sub.name_th),
                topics=ctx.random.choice(WORKSHOP_TOPICS),
                problems=ctx.random.choice(PROBLEM_SETS),
                created_by=facilitator.user,
                updated_by=facilitator.user,
            )
            planned.append((workshop, people.get(sub.code, []), _headcounts(ctx, workshop)))
    Workshop.objects.bulk_create([w for w, _, _ in planned], batch_size=500)
    headcounts: list[WorkshopHeadcount] = []
    known = []
    through = Workshop.participants_known.through
    for workshop, participants, counts in planned:
        for row in counts:
            row.workshop = workshop  # now saved: give the row its key
        headcounts += counts
        known += [through(workshop_id=workshop.pk, user_id=pk) for pk in participants]
    WorkshopHeadcount.objects.bulk_create(headcounts, batch_size=1000)
    through.objects.bulk_create(known, batch_size=1000, ignore_conflicts=True)
    reached = sum(h.count for h in headcounts) + len(known)
    return f"{len(planned)} new workshops reaching {reached} participants"
