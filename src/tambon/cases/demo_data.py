"""Demo cases: in each program sub-district, cases of demo people in every state of the
workflow, with care plans, assignments, notes and their timeline, all written through the
services (so the timeline and the change history are the real ones).

Deterministic for a seed (people, problems, urgency and texts come from per-sub-district random
streams) and idempotent: a sub-district that already has cases is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from tambon.accounts.models import User
from tambon.cases.models import Case, State
from tambon.cases.selectors.care_plans import goal_problem_types
from tambon.cases.selectors.cases import assignable_volunteers
from tambon.cases.services import care_plans
from tambon.cases.services.cases import CaseData, add_note, assign_case, open_case
from tambon.cases.services.workflow import transition_case
from tambon.demo.registry import DemoContext, generator
from tambon.registry.demo_data.areas import recorders
from tambon.registry.models import NeedsAssessment, Person, ProblemType

# Cases per state in each program sub-district.
PER_STATE = 2
# The way from intake to each state (closing is as self-reliant from follow-up).
PATH = [State.SCREENING, State.ASSESSMENT, State.PLANNING, State.IN_SERVICE, State.FOLLOW_UP]
WITH_PLAN = {
    State.PLANNING,
    State.IN_SERVICE,
    State.FOLLOW_UP,
    State.CLOSED,
    State.REOPENED,
}
SUMMARIES = [
    "ผู้สูงอายุอยู่ลำพัง ลูกหลานทำงานต่างจังหวัด รายได้จากเบี้ยยังชีพอย่างเดียว",
    "ครอบครัวมีผู้ป่วยติดเตียง ผู้ดูแลต้องหยุดงาน รายได้ไม่พอใช้จ่าย",
    "บ้านทรุดโทรม หลังคารั่ว ฝนตกน้ำเข้าบ้าน",
    "ว่างงานหลังโรงงานปิด มีหนี้นอกระบบ",
    "แม่เลี้ยงเดี่ยว ลูกสองคนกำลังเรียน ขาดค่าใช้จ่ายเดินทางไปโรงเรียน",
]
GOALS = [
    ("ได้รับเบี้ยยังชีพและสวัสดิการที่มีสิทธิ์ครบถ้วน", "ยื่นเอกสารขอรับสิทธิ์ที่ อบต."),
    ("มีผู้ดูแลและอุปกรณ์ช่วยเหลือที่เหมาะสม", "ประสาน รพ.สต. ยืมเตียงและรถเข็น"),
    ("ซ่อมแซมที่อยู่อาศัยให้ปลอดภัย", "ประสานกองทุนสวัสดิการชุมชนและจิตอาสาซ่อมหลังคา"),
    ("มีรายได้ประจำ", "ส่งต่อศูนย์จัดหางานจังหวัดและฝึกอาชีพ"),
]
OWNERS = ["อบต.ศรีภูมิ", "รพ.สต. ประจำตำบล", "กองทุนสวัสดิการชุมชน", "ศูนย์จัดหางานจังหวัด"]
NOTES = [
    "โทรติดตาม ญาติรับสายและยืนยันข้อมูลแล้ว",
    "อพม. เยี่ยมบ้าน สภาพทั่วไปดีขึ้น",
    "นัดประชุมทีมสหวิชาชีพสัปดาห์หน้า",
]


def _candidates(code: str) -> list[Person]:
    """The root people of the sub-district who are not yet the subject of a case."""
    return list(
        Person.objects.filter(subdistrict_id=code, merged_into__isnull=True, cases__isnull=True)
        .select_related("household")
        .order_by("pk")[:200]
    )


def _problems_of(
    person: Person, rng: random.Random, fallback: list[ProblemType]
) -> tuple[list[ProblemType], NeedsAssessment | None]:
    assessment = (
        NeedsAssessment.objects.filter(person=person).order_by("-assessed_on", "-pk").first()
    )
    found = list(assessment.problems.filter(active=True)) if assessment else []
    if not found:
        return rng.sample(fallback, k=min(2, len(fallback))), None
    return found[:3], assessment


def _move(case: Case, state: str, *, by: User) -> Case:
    """Walk the case on from where it is to `state` (closing as self-reliant from follow-up)."""
    route = [*PATH, State.CLOSED, State.REOPENED]
    while case.state != state:
        position = route.index(case.state) + 1 if case.state in route else 0
        target = route[position]
        case = transition_case(
            case=case,
            to=target,
            by=by,
            expected_version=case.version,
            outcome="self_reliant" if target == State.CLOSED else "",
            reason="ติดตามแล้วพบว่ารายได้ลดลงอีก ต้องวางแผนใหม่" if target == State.REOPENED else "",
        )
    return case


def _plan(case: Case, *, by: User, rng: random.Random, done: bool) -> None:
    """A care plan while the case can still change (before it is moved past planning)."""
    care_plans.save_care_plan(
        by=by, case=case, summary=rng.choice(SUMMARIES), expected_version=None
    )
    problems = goal_problem_types(case)
    for text, action_text in rng.sample(GOALS, k=2):
        goal = care_plans.add_goal(
            by=by, case=case, text=text, problem_type=rng.choice(problems) if problems else None
        )
        due = timezone.localdate() + dt.timedelta(days=rng.randint(7, 90))
        action = care_plans.add_action(
            by=by,
            case=case,
            goal=goal,
            description=action_text,
            owner_text=rng.choice(OWNERS),
            due_date=due,
        )
        if done:
            care_plans.complete_action(by=by, case=case, action=action)


def _one_case(
    person: Person,
    state: str,
    *,
    by: User,
    volunteer: User | None,
    rng: random.Random,
    fallback: list[ProblemType],
) -> Case:
    problems, assessment = _problems_of(person, rng, fallback)
    case = open_case(
        by=by,
        person=person,
        household=person.household,
        data=CaseData(
            channel=rng.choice(Case.Channel.values),
            urgency=rng.choice(Case.Urgency.values),
            problem_types=problems,
            summary=rng.choice(SUMMARIES),
            needs_assessment=assessment,
        ),
    )
    case = assign_case(
        by=by, case=case, expected_version=case.version, officer=by, volunteer=volunteer
    )
    if state in WITH_PLAN:
        case = _move(case, State.PLANNING, by=by)
        _plan(case, by=by, rng=rng, done=state != State.PLANNING)
    case = _move(case, state, by=by)
    add_note(by=by, case=case, text=rng.choice(NOTES))
    return case


@generator(name="cases.cases", order=50)
def cases(ctx: DemoContext) -> str:
    """Cases in every workflow state, with care plans, notes and timelines."""
    codes = sorted(ctx.subdistrict_codes)
    done = set(
        Case.objects.filter(subdistrict_id__in=codes).values_list("subdistrict_id", flat=True)
    )
    who = recorders(ctx, codes)
    fallback = list(ProblemType.objects.filter(active=True).order_by("position", "code"))
    made = 0
    for code in codes:
        officer = who.get(code)
        if code in done or officer is None:
            continue
        ctx.reseed_item(code)
        rng: Any = ctx.random
        people = _candidates(code)
        volunteer = assignable_volunteers(code).first()
        for state in State.values:
            for _ in range(PER_STATE):
                if not people:
                    break
                person = people.pop(rng.randrange(len(people)))
                _one_case(
                    person, state, by=officer, volunteer=volunteer, rng=rng, fallback=fallback
                )
                made += 1
    return f"{made} new cases in {len(codes) - len(done)} sub-districts ({len(done)} had cases)"
