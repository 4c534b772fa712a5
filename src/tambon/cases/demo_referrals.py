"""Demo referrals: the demo cases being helped (planning, in service, follow-up) of each program
sub-district are referred to the partners' services that serve it, and the referrals are
walked to every state (sent, accepted, declined, delivered, not delivered, withdrawn), one of
them overdue and escalated — all through the services, so timelines and notifications are the
real ones. The demo "partner" account answers the referrals to its fund.

Deterministic for a seed and idempotent: a sub-district whose cases already have referrals is
left alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.cases.models import Case, Referral, ReferralState, State
from tambon.cases.selectors.referrals import referable_services
from tambon.cases.services import referrals as services
from tambon.demo.registry import DemoContext, generator
from tambon.network.models import WelfareService
from tambon.registry.demo_data.areas import recorders

HELPED = [State.PLANNING, State.IN_SERVICE, State.FOLLOW_UP]
# The states the referrals of each helped case of a sub-district are walked to, case by case
# ("late": unanswered past its date, escalated to the officer). The first case's referral is
# withdrawn and the case referred again.
PLAN: list[list[str]] = [
    [ReferralState.WITHDRAWN, ReferralState.SENT],
    ["late"],
    [ReferralState.ACCEPTED],
    [ReferralState.DELIVERED],
    [ReferralState.DECLINED],
    [ReferralState.NOT_DELIVERED],
]
REQUESTS = [
    "ขอให้จัดอาสาสมัครเยี่ยมบ้านและประเมินอุปกรณ์ช่วยเหลือที่จำเป็น",
    "ขอรับการช่วยเหลือค่าครองชีพเร่งด่วนตามระเบียบกองทุน",
    "ขอให้ประสานการซ่อมแซมหลังคาบ้านก่อนฤดูฝน",
    "ขอให้พิจารณารับเข้าฝึกอาชีพและช่วยหางานใกล้บ้าน",
]
DECLINE_REASONS = ["รับเต็มจำนวนของเดือนนี้แล้ว", "ไม่อยู่ในเงื่อนไขอายุของบริการ"]
RESULTS = ["อาสาสมัครเยี่ยมบ้านแล้ว 2 ครั้ง มอบรถเข็น 1 คัน", "จ่ายเงินช่วยเหลือ 2,000 บาทแล้ว"]
NOT_DELIVERED = ["ติดต่อครอบครัวไม่ได้หลังจากนัดหมาย 3 ครั้ง"]


def _answerer(service: WelfareService, admin: User | None) -> User | None:
    member = service.partner.members.filter(is_active=True, role=Role.PARTNER).order_by("pk")
    return member.first() or admin


def _pick(services_found: list[WelfareService], rng: Any) -> WelfareService:
    # The demo partner account's fund first (it has members), then a service of the case's needs.
    with_members = [s for s in services_found if s.partner.members.exists()]
    if with_members:
        return with_members[0]
    matching = [s for s in services_found if getattr(s, "matches_case", False)]
    return rng.choice(matching or services_found)


def _walk(referral: Referral, target: str, *, by: User, officer: User, rng: Any) -> None:
    def answer(action: str, **text: str) -> None:
        services.answer_referral(
            referral=referral, action=action, by=by, expected_version=referral.version, **text
        )

    if target in (ReferralState.ACCEPTED, ReferralState.DELIVERED, ReferralState.NOT_DELIVERED):
        answer("accept")
    if target == ReferralState.DELIVERED:
        answer("deliver", result_note=rng.choice(RESULTS))
    elif target == ReferralState.NOT_DELIVERED:
        answer("not_deliver", result_note=rng.choice(NOT_DELIVERED))
    elif target == ReferralState.DECLINED:
        answer("decline", reason=rng.choice(DECLINE_REASONS))
    elif target == ReferralState.WITHDRAWN:
        services.withdraw_referral(
            referral=referral,
            by=officer,
            expected_version=referral.version,
            reason="ครอบครัวรับไปดูแลเองแล้ว",
        )


def _refer_subdistrict(ctx: DemoContext, code: str, officer: User, admin: User | None) -> list[int]:
    """Refer the helped cases of one sub-district; the ids of the referrals left unanswered late."""
    rng: Any = ctx.random
    cases = list(
        Case.objects.filter(subdistrict_id=code, state__in=HELPED)
        .select_related("person")
        .order_by("pk")
    )
    late: list[int] = []
    for targets, case in zip(PLAN, cases, strict=False):
        for target in targets:
            found = list(referable_services(user=officer, case=case).select_related("partner"))
            if not found:
                break
            service = _pick(found, rng)
            by = _answerer(service, admin)
            if by is None and target not in (ReferralState.SENT, ReferralState.WITHDRAWN, "late"):
                break
            referral = services.refer_case(
                case=case,
                service=service,
                request=rng.choice(REQUESTS),
                share_personal_data=services.current_consent(case) is not None,
                by=officer,
            )
            if target == "late":
                late.append(referral.pk)
            elif by is not None:
                _walk(referral, target, by=by, officer=officer, rng=rng)
    return late


@generator(name="cases.referrals", order=53)
def referrals(ctx: DemoContext) -> str:
    """Referrals of demo cases to partners' services, in every state, one escalated."""
    codes = sorted(ctx.subdistrict_codes)
    done = set(
        Referral.objects.filter(case__subdistrict_id__in=codes)
        .order_by()
        .values_list("case__subdistrict_id", flat=True)
        .distinct()
    )
    who = recorders(ctx, codes)
    admin = User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).order_by("pk").first()
    before = Referral.objects.count()
    late: list[int] = []
    for code in codes:
        officer = who.get(code)
        if code in done or officer is None:
            continue
        ctx.reseed_item(code)
        late += _refer_subdistrict(ctx, code, officer, admin)
    if late:
        # Demo ageing: the late referrals were due ten days ago; the daily escalation then
        # reminded their partner four days ago and escalates them to the officer today.
        today = timezone.localdate()
        Referral.objects.filter(pk__in=late).update(answer_due=today - dt.timedelta(days=10))
        services.escalate_referrals(today=today - dt.timedelta(days=4))
        services.escalate_referrals(today=today)
    made = Referral.objects.count() - before
    return f"{made} new referrals in {len(codes) - len(done)} sub-districts ({len(late)} escalated)"
