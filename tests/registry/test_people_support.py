"""Shared arrangements of the people tests (no tests here): villages, typed data, assessments."""

import datetime as dt
import itertools
from typing import Any

from django.test import Client

from tambon.accounts.models import User
from tambon.accounts.services import create_api_token
from tambon.geo.models import Subdistrict, Village
from tambon.registry.models import MappingVersion, NeedsAssessment, ProblemType, TargetGroup
from tambon.registry.services.people import PersonData
from tests.registry.factories import PHRA_BOROM, SIPHUM, SIPHUM_VILLAGE, valid_national_id

__all__ = ["PHRA_BOROM", "SIPHUM", "SIPHUM_VILLAGE"]


_serial = itertools.count(1)


def new_national_id() -> str:
    """A checksum-valid national ID, different at every call (made up, never a real one)."""
    return valid_national_id(f"3{next(_serial) + 10_000_000_000:011d}")


def village(code: str = SIPHUM_VILLAGE, name: str = "บ้านศรีภูมิ") -> Village:
    found, _ = Village.objects.get_or_create(
        code=code, defaults={"subdistrict_id": code[:6], "number": int(code[6:]), "name_th": name}
    )
    return found


def group(code: str) -> TargetGroup:
    return TargetGroup.objects.get(code=code)


def person_data(**changes: Any) -> PersonData:
    """A woman of ศรีภูมิ, Chiang Mai, as an officer would type her."""
    data = PersonData(
        title="นาง",
        first_name="บุญมี",
        last_name="ศรีวงศ์",
        sex="F",
        birth_date=dt.date(1950, 7, 2),
        phone="081-234-5678",
        subdistrict=Subdistrict.objects.get(pk=SIPHUM),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def assess(*, problems: list[str], on: dt.date, **subject: Any) -> NeedsAssessment:
    """A needs assessment of a person or household that found `problems`."""
    target = subject.get("person") or subject.get("household")
    assessment = NeedsAssessment.objects.create(
        subdistrict_id=target.subdistrict_id,
        assessed_on=on,
        mapping_version=MappingVersion.objects.get(number=1),
        **subject,
    )
    assessment.problems.set(ProblemType.objects.filter(code__in=problems))
    return assessment


def api_client(user: User) -> Client:
    _token, raw = create_api_token(user=user, name="สคริปต์ทะเบียน", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
