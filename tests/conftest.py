"""Shared fixtures: the real Thai geography, and a few named users of every role.

Users (Healthchecks style, shared by all tests): `admin` (national), `cm_officer` (provincial,
Chiang Mai 50), `siphum_officer` (sub-district officer, ศรีภูมิ 500101), `siphum_volunteer`,
`bkk_officer` (sub-district officer in Bangkok, พระบรมมหาราชวัง 100101), and more per role.
"""

from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.roles import Role
from tambon.geo.services import load_geography
from tests.core.stand_in_models import CarePlanDraft, PersonIdStandIn

PASSWORD = "Tambon-test-2568!"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load every province, district and sub-district once per test database."""
    with django_db_blocker.unblock():
        load_geography()
        with connection.schema_editor() as editor:
            editor.create_model(CarePlanDraft)
            editor.create_model(PersonIdStandIn)
        ContentType.objects.get_for_model(CarePlanDraft)
        ContentType.objects.get_for_model(PersonIdStandIn)


@pytest.fixture(autouse=True)
def _test_settings(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "th"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Keys for tests only (production reads them from the environment).
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = ["nJf5a2Ykq2s2cVnq8o0L1cJ0oG9y0u8mN1b3m9Hq9xk="]
    settings.TAMBON_BLIND_INDEX_KEY = "tambon-tests-only-blind-index-key-0123456789"
    # Sign-in rate limits count in the cache: each test starts with none.
    cache.clear()


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db) -> MakeUser:  # type: ignore[no-untyped-def]
    def make(username: str, role: str, *areas: str, **extra: object) -> User:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@example.go.th",
            password=PASSWORD,
            role=role,
            first_name=extra.pop("first_name", "สมชาย"),
            last_name=extra.pop("last_name", "ใจดี"),
            **extra,
        )
        for code in areas:
            AreaAssignment.objects.create(user=user, area_code=code)
        return user

    return make


@pytest.fixture
def admin(make_user: MakeUser) -> User:
    return make_user("admin", Role.NATIONAL_ADMIN, first_name="อรุณี", last_name="ศรีสุข")


@pytest.fixture
def cm_officer(make_user: MakeUser) -> User:
    return make_user("cm_officer", Role.PROVINCIAL_OFFICER, "50")


@pytest.fixture
def siphum_officer(make_user: MakeUser) -> User:
    return make_user("siphum_officer", Role.SUBDISTRICT_OFFICER, "500101")


@pytest.fixture
def siphum_volunteer(make_user: MakeUser) -> User:
    return make_user("siphum_volunteer", Role.VOLUNTEER, "500101")


@pytest.fixture
def bkk_officer(make_user: MakeUser) -> User:
    return make_user("bkk_officer", Role.SUBDISTRICT_OFFICER, "100101")


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    if user.role in ("national_admin", "provincial_officer"):
        # Those roles must pass MFA; tests of other features act as if they did.
        session = client.session
        session["mfa_ok"] = True
        session.save()
    return client
