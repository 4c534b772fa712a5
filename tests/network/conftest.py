"""Named users of the network tests, besides those of tests/conftest.py: `member` (a partner
account acting for the Siphum partner), `outsider` (a partner account acting for none)."""

import pytest

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.network.models import Partner
from tests.conftest import MakeUser
from tests.network.factories import PHRA_BOROM, PartnerFactory


@pytest.fixture
def member(make_user: MakeUser) -> User:
    return make_user("member", Role.PARTNER, "5001", first_name="วิภา", last_name="กองทุนดี")


@pytest.fixture
def outsider(make_user: MakeUser) -> User:
    return make_user("outsider", Role.PARTNER, "5001", first_name="ประเสริฐ", last_name="ค้าดี")


@pytest.fixture
def siphum_partner(member: User) -> Partner:
    """A community welfare fund of ศรีภูมิ, Chiang Mai, covering its sub-district."""
    return PartnerFactory(name="กองทุนสวัสดิการชุมชนตำบลศรีภูมิ", sector="welfare_fund", members=[member])


@pytest.fixture
def bangkok_partner() -> Partner:
    """A temple of พระบรมมหาราชวัง, Bangkok, covering its sub-district only."""
    return PartnerFactory(
        name="วัดพระเชตุพนวิมลมังคลาราม", sector="religious", subdistrict_id=PHRA_BOROM
    )
