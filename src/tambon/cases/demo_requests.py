"""Demo requests for help: in each program sub-district, three requests sent through the
public form's service: one waiting for an officer, one an officer turned into a case (for a
demo person of the sub-district), one closed without a case.

Deterministic for a seed (per-sub-district random streams, references drawn from them) and
idempotent: a sub-district that already has requests is left alone. Registered from
CasesConfig.ready(); runs after `cases.cases`.
"""

from __future__ import annotations

from typing import Any

from tambon.cases.models import HelpRequest
from tambon.cases.services.cases import CaseData
from tambon.cases.services.requests import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    RequestData,
    close_request,
    open_case_from_request,
    submit_request,
)
from tambon.demo.registry import DemoContext, generator
from tambon.geo.models import Subdistrict, Village
from tambon.registry.demo_data.areas import recorders
from tambon.registry.models import Person, ProblemType

STORIES = [
    ("elderly", "ยายอายุ 84 ปี อยู่บ้านคนเดียว ลูกหลานไปทำงานต่างจังหวัด เดินไม่ค่อยไหว"),
    ("disability", "ลุงข้างบ้านนั่งรถเข็น บ้านไม่มีทางลาด เข้าห้องน้ำลำบาก"),
    ("poverty", "ครอบครัวเพื่อนบ้านตกงานทั้งคู่ มีลูกเล็กสองคน ไม่มีเงินซื้อข้าว"),
    ("housing", "หลังคาบ้านรั่วหลังพายุเมื่อสัปดาห์ก่อน ผู้สูงอายุนอนเปียกฝน"),
]
CLOSING_NOTE = "ตรวจสอบแล้ว เป็นเรื่องเดียวกับกรณีที่ อบต. ดูแลอยู่ ไม่ต้องเปิดกรณีใหม่"


def _reference(rng: Any) -> str:
    return "HR-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _request(code: str, rng: Any, problems: dict[str, ProblemType]) -> HelpRequest:
    code_name, text = rng.choice(STORIES)
    village = Village.objects.filter(subdistrict_id=code).order_by("code").first()
    return submit_request(
        data=RequestData(
            subdistrict=Subdistrict.objects.get(pk=code),
            village=village,
            problem_type=problems.get(code_name),
            description=text,
            place_detail=f"ซอย {rng.randint(1, 9)}",
            contact_name=rng.choice(["มาลี", "สมพร", "ทองดี", ""]),
            contact_phone=f"08{rng.randint(10_000_000, 99_999_999)}",
            for_someone_else=True,
            consent=True,
        ),
        reference=_reference(rng),
    )


@generator(name="cases.requests", order=52)
def requests(ctx: DemoContext) -> str:
    """Requests for help: one waiting, one turned into a case, one closed."""
    codes = sorted(ctx.subdistrict_codes)
    done = set(
        HelpRequest.objects.filter(subdistrict_id__in=codes).values_list(
            "subdistrict_id", flat=True
        )
    )
    who = recorders(ctx, codes)
    problems = {p.code: p for p in ProblemType.objects.filter(active=True)}
    made = 0
    for code in codes:
        officer = who.get(code)
        if code in done or officer is None:
            continue
        ctx.reseed_item(f"requests:{code}")
        rng: Any = ctx.random
        _request(code, rng, problems)
        handled = _request(code, rng, problems)
        person = (
            Person.objects.filter(subdistrict_id=code, merged_into__isnull=True, cases__isnull=True)
            .order_by("pk")
            .first()
        )
        if person is not None and handled.problem_type is not None:
            open_case_from_request(
                by=officer,
                help_request=handled,
                data=CaseData(channel="public_request", problem_types=[handled.problem_type]),
                person=person,
            )
        close_request(by=officer, help_request=_request(code, rng, problems), note=CLOSING_NOTE)
        made += 3
    return f"{made} requests for help in {len(codes) - len(done)} sub-districts"
