"""Arranging work-queue tests: cases assigned through the service, follow-ups, referrals and
public requests of real shape, and many cases at once (bulk_create) for the query counts."""

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from tambon.accounts.models import User
from tambon.cases.models import Case, FollowUp, HelpRequest, Referral, State
from tambon.cases.services.cases import assign_case
from tambon.network.models import WelfareService
from tambon.registry.models import Household, Person, ProblemType
from tambon.registry.names import search_name
from tests.cases.factories import make_case
from tests.network.factories import PartnerFactory, ServiceFactory

TODAY = timezone.localdate()  # the pages ask the clock; selector tests pass it
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)

_serial = itertools.count(1)


def assigned_case(
    by: User, *, officer: User | None = None, volunteer: User | None = None, **kwargs: Any
) -> Case:
    """A case opened and moved on by `by`, then given an officer and a volunteer."""
    case = make_case(by, **kwargs)
    if officer is None and volunteer is None:
        return case
    return assign_case(
        by=by, case=case, expected_version=case.version, officer=officer, volunteer=volunteer
    )


def follow_up(case: Case, *, due_on: dt.date, assigned_to: User | None = None, **fields: Any):
    fields.setdefault("purpose", "ตรวจว่ายังได้รับเบี้ยยังชีพผู้สูงอายุ")
    return FollowUp.objects.create(case=case, due_on=due_on, assigned_to=assigned_to, **fields)


def partner_service(*, members: list[User] | None = None, subdistrict: str = "500101"):
    partner = PartnerFactory(subdistrict_id=subdistrict, members=members or [])
    return ServiceFactory(partner=partner, name="กายอุปกรณ์สำหรับผู้สูงอายุ")


def referral(
    case: Case,
    service: WelfareService,
    *,
    state: str = "sent",
    answer_due: dt.date = TOMORROW,
    **fields: Any,
) -> Referral:
    fields.setdefault("request", "ขอรถเข็นวีลแชร์ให้ผู้สูงอายุที่เดินไม่ได้")
    if state in ("declined",):
        fields.setdefault("decline_reason", "เกินขีดความสามารถเดือนนี้")
    return Referral.objects.create(
        case=case,
        service=service,
        partner=service.partner,
        state=state,
        answer_due=answer_due,
        **fields,
    )


def help_request(subdistrict: str = "500101", **fields: Any) -> HelpRequest:
    fields.setdefault("description", "ยายอยู่บ้านคนเดียว ไม่มีข้าวกินมาสองวันแล้ว")
    fields.setdefault("contact_name", "สมพร แก้วใส")
    fields.setdefault("contact_phone", "0812345678")
    return HelpRequest.objects.create(
        reference=f"R{next(_serial):06d}", subdistrict_id=subdistrict, **fields
    )


def bulk_cases(
    n: int,
    *,
    subdistrict: str = "500101",
    officer: User | None = None,
    volunteer: User | None = None,
    service: WelfareService | None = None,
) -> list[Case]:
    """`n` cases of people in `subdistrict` in every open state and urgency, two problems each,
    an overdue follow-up each and (given a service) a late referral each: bulk_create only."""
    households = Household.objects.bulk_create(
        [Household(subdistrict_id=subdistrict, house_number=f"{i}/9") for i in range(n)]
    )
    names = [("สมศรี", "มีสุข"), ("บุญมี", "ศรีวงศ์"), ("ทองใบ", "แก้วมณี"), ("คำปุน", "ใจดี")]
    people = Person.objects.bulk_create(
        [
            Person(
                household=h,
                relation="head",
                subdistrict_id=subdistrict,
                first_name=names[i % 4][0],
                last_name=names[i % 4][1],
                search_name=search_name(*names[i % 4]),
            )
            for i, h in enumerate(households)
        ]
    )
    states = [s for s in State.values if s != State.CLOSED]
    urgencies = Case.Urgency.values
    start = timezone.now() - dt.timedelta(days=n)
    batch = next(_serial)
    cases = Case.objects.bulk_create(
        [
            Case(
                reference=f"C-{subdistrict}-B{batch}-{i:05d}",
                person=p,
                subdistrict_id=subdistrict,
                channel=Case.Channel.SURVEY,
                urgency=urgencies[i % len(urgencies)],
                state=states[i % len(states)],
                opened_at=start + dt.timedelta(days=i),
                assigned_officer=officer,
                assigned_volunteer=volunteer,
            )
            for i, p in enumerate(people)
        ]
    )
    kinds = list(ProblemType.objects.filter(code__in=["elderly", "poverty"]))
    through = Case.problem_types.through
    through.objects.bulk_create(
        [through(case_id=c.pk, problemtype_id=k.pk) for c in cases for k in kinds]
    )
    FollowUp.objects.bulk_create(
        [
            FollowUp(
                case=c,
                subdistrict_id=c.subdistrict_id,
                due_on=YESTERDAY,
                purpose="ติดตามหลังได้รับเบี้ย",
                assigned_to=volunteer,
            )
            for c in cases
        ]
    )
    if service is not None:
        Referral.objects.bulk_create(
            [
                Referral(
                    case=c,
                    subdistrict_id=c.subdistrict_id,
                    service=service,
                    partner=service.partner,
                    request="ขอรถเข็น",
                    answer_due=YESTERDAY,
                )
                for c in cases
            ]
        )
    return cases
