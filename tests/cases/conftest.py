"""Named users of the case tests besides those of tests/conftest.py."""

import pytest

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tests.conftest import MakeUser


@pytest.fixture
def other_volunteer(make_user: MakeUser) -> User:
    """A volunteer of ศรีภูมิ who is not the assigned volunteer of any case."""
    return make_user("other_volunteer", Role.VOLUNTEER, "500101", first_name="วันดี")


@pytest.fixture
def partner(make_user: MakeUser) -> User:
    return make_user("partner", Role.PARTNER, "500101", first_name="มูลนิธิ")


@pytest.fixture
def facilitator(make_user: MakeUser) -> User:
    return make_user("facilitator", Role.FACILITATOR, "50", first_name="ศิริพร")
