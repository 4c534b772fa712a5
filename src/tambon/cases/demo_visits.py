"""Demo field work: home visits, assistance and follow-ups (some overdue) for the demo cases,
written through the services by each case's volunteer and officer.

The demo cases are all opened on the day the demo is made, and a visit cannot be dated before
its case was opened; so that the demo shows a believable history (visits spread over weeks,
follow-ups past due), a case given field work here first has its opening date moved back
1–5 months. That is the only write outside a service, and it exists only in demo data.

Deterministic for a seed (per-case random streams) and idempotent: a case that already has a
visit is left alone. Registered from CasesConfig.ready() (only `demo_data` modules are found
by the demo registry on their own); runs after `cases.cases`.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from tambon.accounts.models import User
from tambon.cases.models import Assistance, Case, CaseEvent, HomeVisit, State
from tambon.cases.services.assistance import record_assistance
from tambon.cases.services.follow_ups import complete_follow_up, schedule_follow_up
from tambon.cases.services.visits import record_visit
from tambon.demo.registry import DemoContext, generator
from tambon.registry.demo_data.areas import recorders
from tambon.registry.models import Dimension

# The states in which a case is visited (a closed case takes no new field work).
VISITED = [
    State.SCREENING,
    State.ASSESSMENT,
    State.PLANNING,
    State.IN_SERVICE,
    State.FOLLOW_UP,
    State.REOPENED,
]
HELPED = {State.IN_SERVICE, State.FOLLOW_UP, State.REOPENED}
MET = ["ผู้สูงอายุและลูกสาว", "เจ้าตัว", "ภรรยาและหลาน", "เพื่อนบ้าน (เจ้าตัวไม่อยู่บ้าน)", "ผู้ดูแล"]
OBSERVATIONS = [
    "สภาพบ้านทรุดโทรม หลังคารั่วบางส่วน ผู้สูงอายุเดินได้แต่ต้องใช้ไม้เท้า",
    "อาการทั่วไปดีขึ้น รับประทานยาตามแพทย์สั่ง มีอาหารเพียงพอ",
    "ผู้ดูแลมีความเครียด ต้องการอุปกรณ์ช่วยเหลือ เช่น ที่นอนลม",
    "ยังไม่มีรายได้ประจำ สนใจฝึกอาชีพทำขนมส่งร้านในหมู่บ้าน",
    "เด็กไปโรงเรียนสม่ำเสมอ แต่ขาดค่าเดินทางบางวัน",
]
GOODS = [
    ("ถุงยังชีพ (ข้าวสาร อาหารแห้ง)", Decimal("500.00")),
    ("ที่นอนลมป้องกันแผลกดทับ", Decimal("2500.00")),
    ("ผ้าอ้อมผู้ใหญ่ 2 แพ็ค", Decimal("640.00")),
]
CASH = ["เงินสงเคราะห์ผู้ประสบปัญหาทางสังคมกรณีฉุกเฉิน", "เงินช่วยเหลือจากกองทุนสวัสดิการชุมชน"]
FOLLOW_UP_PURPOSES = [
    "ติดตามการได้รับเบี้ยยังชีพ",
    "ติดตามอาการและการดูแลที่บ้าน",
    "ติดตามผลการฝึกอาชีพและรายได้",
    "ตรวจสอบการซ่อมแซมหลังคา",
]


def _waiting(codes: list[str]) -> list[Case]:
    has_visit = HomeVisit.objects.filter(case=OuterRef("pk"))
    return list(
        Case.objects.filter(subdistrict_id__in=codes, state__in=VISITED)
        .filter(~Exists(has_visit))
        .select_related("assigned_officer", "assigned_volunteer")
        .order_by("reference")
    )


def _backdate(case: Case, days: int) -> Case:
    opened = timezone.now() - dt.timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(opened_at=opened)
    CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.OPENED).update(at=opened)
    case.opened_at = opened
    return case


def _days(rng: random.Random, start: dt.date, count: int) -> list[dt.date]:
    span = max((timezone.localdate() - start).days, 0)
    return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))


def _visit(case: Case, day: dt.date, *, by: User, rng: random.Random) -> HomeVisit:
    dimensions = rng.sample(Dimension.values, k=rng.randint(2, 5))
    return record_visit(
        case=case,
        visited_on=day,
        met=rng.choice(MET),
        observations=rng.choice(OBSERVATIONS),
        dimension_scores={d: rng.randint(1, 5) for d in dimensions},
        by=by,
    )


def _assistance(case: Case, day: dt.date, *, by: User, rng: random.Random) -> None:
    if rng.random() < 0.5:
        record_assistance(
            case=case,
            given_on=day,
            kind=Assistance.Kind.CASH,
            description=rng.choice(CASH),
            amount=Decimal(rng.choice([1000, 2000, 3000])),
            source=rng.choice([Assistance.Source.GOVERNMENT, Assistance.Source.COMMUNITY_FUND]),
            by=by,
        )
    else:
        description, value = rng.choice(GOODS)
        record_assistance(
            case=case,
            given_on=day,
            kind=Assistance.Kind.GOODS,
            description=description,
            amount=value,
            source=rng.choice([Assistance.Source.LOCAL_GOVERNMENT, Assistance.Source.DONOR]),
            by=by,
        )


def _follow_ups(case: Case, visit: HomeVisit, *, by: User, rng: random.Random) -> int:
    """One follow-up done on the last visit, and one open: past due for about half."""
    today = timezone.localdate()
    done = schedule_follow_up(
        case=case,
        due_on=visit.visited_on,
        purpose=rng.choice(FOLLOW_UP_PURPOSES),
        assigned_to=case.assigned_volunteer,
        by=by,
    )
    complete_follow_up(follow_up=done, result="เยี่ยมแล้ว สถานการณ์ดีขึ้น", visit=visit, by=by)
    opened = timezone.localtime(case.opened_at).date()
    if rng.random() < 0.5:
        due = max(today - dt.timedelta(days=rng.randint(1, 20)), opened)
    else:
        due = today + dt.timedelta(days=rng.randint(7, 30))
    schedule_follow_up(
        case=case,
        due_on=due,
        purpose=rng.choice(FOLLOW_UP_PURPOSES),
        assigned_to=case.assigned_volunteer,
        by=by,
    )
    return int(due < today)


def _fieldwork_of(case: Case, *, officer: User, rng: random.Random) -> tuple[int, int]:
    case = _backdate(case, rng.randint(30, 150))
    visitor = case.assigned_volunteer or officer
    start = timezone.localtime(case.opened_at).date()
    days = _days(rng, start, rng.randint(1, 3))
    visits = [_visit(case, day, by=visitor, rng=rng) for day in days]
    if case.state in HELPED:
        for day in _days(rng, start, rng.randint(1, 2)):
            _assistance(case, day, by=officer, rng=rng)
    overdue = _follow_ups(case, visits[-1], by=officer, rng=rng)
    return len(visits), overdue


@generator(name="cases.fieldwork", order=55)
def fieldwork(ctx: DemoContext) -> str:
    """Home visits, assistance and follow-ups (some overdue) for the demo cases."""
    codes = sorted(ctx.subdistrict_codes)
    who = recorders(ctx, codes)
    visits = overdue = cases = 0
    for case in _waiting(codes):
        officer = who.get(case.subdistrict_id) or case.assigned_officer
        if officer is None:
            continue
        ctx.reseed_item(case.reference)
        rng: Any = ctx.random
        made, late = _fieldwork_of(case, officer=officer, rng=rng)
        visits += made
        overdue += late
        cases += 1
    return f"{visits} home visits on {cases} cases ({overdue} with an overdue follow-up)"
