"""Referrals of real shape for the referral tests: a planning case of ศรีภูมิ (500101) with a
person who has a national ID, phone and address; the community welfare fund of ศรีภูมิ with a
home-care service for the elderly and its member account; a temple of พระบรมมหาราชวัง with a
member of its own (another partner, who must never see the fund's referrals).

Test modules import the fixture `world`: `from tests.cases.referral_support import world_fixture`
(with `# noqa: F401`: pytest finds it by its name, "world").
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.cases.models import Case, Referral, State
from tambon.cases.services.cases import assign_case
from tambon.cases.services.referrals import refer_case
from tambon.network.models import Partner, WelfareService
from tambon.registry.models import Consent
from tambon.registry.services.consent import add_consent
from tests.cases.factories import make_case, person_in
from tests.conftest import MakeUser
from tests.network.factories import PHRA_BOROM, PartnerFactory, ServiceFactory
from tests.registry.factories import valid_national_id

NATIONAL_ID = valid_national_id("310010012345")
PHONE = "081-234-5678"
ADDRESS = "99 หมู่ 1 ถนนมณีนพรัตน์"
REQUEST = "ขอให้จัดอาสาสมัครเยี่ยมบ้านดูแลผู้สูงอายุสัปดาห์ละครั้ง และประเมินความต้องการอุปกรณ์"


@dataclass
class World:
    officer: User
    member: User
    other_member: User
    fund: Partner
    temple: Partner
    service: WelfareService
    case: Case

    def refer(self, *, share: bool = False, case: Case | None = None, **kw: Any) -> Referral:
        kw.setdefault("request", REQUEST)
        return refer_case(
            case=case or self.case,
            service=kw.pop("service", self.service),
            share_personal_data=share,
            by=kw.pop("by", self.officer),
            **kw,
        )

    def consent(self, *, given_on: dt.date | None = None) -> Consent:
        person = self.case.person
        assert person is not None
        return add_consent(
            by=self.officer,
            person=person,
            purpose=Consent.Purpose.SHARE_WITH_PARTNERS,
            given_on=given_on or timezone.localdate(),
        )


def planning_case(officer: User, **person_fields: Any) -> Case:
    person_fields.setdefault("phone", PHONE)
    person_fields.setdefault("address", ADDRESS)
    case = make_case(officer, person=person_in(**person_fields), state=State.PLANNING)
    return assign_case(
        by=officer, case=case, expected_version=case.version, officer=officer, volunteer=None
    )


@pytest.fixture(name="world")
def world_fixture(make_user: MakeUser, siphum_officer: User) -> World:
    member = make_user("fund_member", Role.PARTNER, "5001", first_name="วิภา", last_name="กองทุนดี")
    other = make_user("temple_member", Role.PARTNER, "1001", first_name="พระมหา", last_name="สมปอง")
    fund = PartnerFactory(name="กองทุนสวัสดิการชุมชนตำบลศรีภูมิ", sector="welfare_fund", members=[member])
    temple = PartnerFactory(
        name="วัดพระเชตุพนวิมลมังคลาราม",
        sector="religious",
        subdistrict_id=PHRA_BOROM,
        members=[other],
    )
    service = ServiceFactory(partner=fund, name="เยี่ยมบ้านดูแลผู้สูงอายุโดยอาสาสมัคร", problems=["elderly"])
    case = planning_case(
        siphum_officer, first_name="บุญมี", last_name="ศรีวงศ์", national_id=NATIONAL_ID
    )
    return World(
        officer=siphum_officer,
        member=member,
        other_member=other,
        fund=fund,
        temple=temple,
        service=service,
        case=case,
    )
