"""Cases of real shape for tests: opened through the service for people of ศรีภูมิ (500101)
and พระบรมมหาราชวัง (100101), and moved on through the workflow service."""

import itertools
from typing import Any

from tambon.accounts.models import User
from tambon.cases.models import Case, State
from tambon.cases.services.cases import CaseData, open_case
from tambon.cases.services.workflow import transition_case
from tambon.registry.models import Person, ProblemType
from tests.registry.factories import SIPHUM, make_household, make_person

# The way from intake to a state, transition by transition (for arranging cases).
PATH = [
    State.SCREENING,
    State.ASSESSMENT,
    State.PLANNING,
    State.IN_SERVICE,
    State.FOLLOW_UP,
]
_names = itertools.cycle([("สมศรี", "มีสุข"), ("บุญมี", "ศรีวงศ์"), ("ทองใบ", "แก้วมณี"), ("คำปุน", "ใจดี")])


def problems(*codes: str) -> list[ProblemType]:
    return list(ProblemType.objects.filter(code__in=codes or ("elderly",)))


def person_in(subdistrict: str = SIPHUM, **fields: Any) -> Person:
    first, last = next(_names)
    fields.setdefault("first_name", first)
    fields.setdefault("last_name", last)
    fields.setdefault("household", make_household(subdistrict=subdistrict))
    fields.setdefault("relation", "head")
    return make_person(subdistrict=subdistrict, **fields)


def make_case(
    by: User,
    *,
    person: Person | None = None,
    subdistrict: str = SIPHUM,
    state: str = State.INTAKE,
    codes: tuple[str, ...] = ("elderly", "poverty"),
    **data: Any,
) -> Case:
    """A case opened by `by` (an officer of its area) and moved on to `state`."""
    data.setdefault("channel", Case.Channel.HOTLINE_1300)
    data.setdefault("summary", "ผู้สูงอายุอยู่ลำพัง รายได้ไม่พอใช้จ่าย")
    case = open_case(
        by=by,
        person=person or person_in(subdistrict),
        data=CaseData(problem_types=problems(*codes), **data),
    )
    return move(case, state, by=by)


def move(case: Case, state: str, *, by: User) -> Case:
    """Walk the case along the workflow to `state` (closing as self-reliant from follow-up)."""
    if state == State.INTAKE:
        return case
    for step in PATH:
        case = transition_case(case=case, to=step, by=by, expected_version=case.version)
        if step == state:
            return case
    case = transition_case(
        case=case, to=State.CLOSED, by=by, expected_version=case.version, outcome="self_reliant"
    )
    if state == State.CLOSED:
        return case
    return transition_case(
        case=case,
        to=State.REOPENED,
        by=by,
        expected_version=case.version,
        reason="ญาติแจ้งว่ากลับมามีปัญหาอีก",
    )


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)
