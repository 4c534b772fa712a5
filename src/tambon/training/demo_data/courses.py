"""Demo courses: the Shift and Share facilitator course, a refresher and a mentor course."""

from dataclasses import dataclass

from tambon.demo.registry import DemoContext, generator
from tambon.training.models import (
    Course,
    CourseModule,
    Question,
    SurveyQuestion,
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
