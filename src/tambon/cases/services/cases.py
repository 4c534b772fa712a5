"""Writes of cases: open, change (versioned), assign (versioned) and add a note.

Each is one transaction, checks the policy (cases/policy.py), and writes a CaseEvent; the
change history (django-auditlog) records the rows themselves.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts.models import User
from tambon.cases.models import Case, CaseCounter, CaseEvent
from tambon.cases.selectors.cases import assignable_officers, assignable_volunteers
from tambon.cases.services.events import record_event
from tambon.cases.services.notices import notify_assignment
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.core.thai import be_year
from tambon.registry.models import Household, NeedsAssessment, Person, ProblemType

MSG_NOT_ALLOWED = gettext_noop("You may not open or change cases.")
MSG_SUBJECT_OUTSIDE = gettext_noop("This person or household is outside your area.")
MSG_NO_SUBJECT = gettext_noop("Choose the person or the household the case is about.")
MSG_NOT_A_MEMBER = gettext_noop("%(person)s is not a member of this household.")
MSG_NO_PROBLEM = gettext_noop("Choose at least one problem type.")
MSG_PROBLEM_INACTIVE = gettext_noop("The problem type “%(name)s” is no longer in use.")
MSG_CHANNEL = gettext_noop("Choose how the case came in.")
MSG_URGENCY = gettext_noop("Choose the urgency.")
MSG_ASSESSMENT_OTHER = gettext_noop(
    "This needs assessment is not of the case's person or household."
)
MSG_CLOSED = gettext_noop("The case is closed: reopen it before changing it.")
MSG_NOT_OFFICER = gettext_noop(
    "%(name)s is not an officer of the case's sub-district and cannot be assigned to it."
)
MSG_NOT_VOLUNTEER = gettext_noop(
    "%(name)s is not a volunteer of the case's sub-district and cannot be assigned to it."
)
MSG_NOTE_EMPTY = gettext_noop("Write the note.")
MSG_NOTE_NOT_ALLOWED = gettext_noop("You may not add notes to this case.")

CASE_FIELDS = ["channel", "urgency", "summary", "needs_assessment"]
NOTE_MAX = 4000


@dataclass
class CaseData:
    """What an officer says about a case (the form and the API both fill this)."""

    channel: str
    problem_types: list[ProblemType] = field(default_factory=list)
    urgency: str = Case.Urgency.NORMAL
    summary: str = ""
    needs_assessment: NeedsAssessment | None = None


def next_reference(subdistrict_code: str, when: dt.datetime) -> str:
    """C-<sub-district>-<Buddhist-era year>-<sequence>, e.g. C-500101-2568-00042.

    The counter row is bumped with an UPDATE inside the caller's transaction: two officers
    opening cases at once are serialised on that row (PostgreSQL) or on the database (SQLite).
    """
    year = be_year(timezone.localtime(when).year)
    counter, _created = CaseCounter.objects.get_or_create(
        subdistrict_id=subdistrict_code, year=year
    )
    CaseCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"C-{subdistrict_code}-{year}-{counter.last:05d}"


def _root(person: Person | None) -> Person | None:
    """A merged duplicate stands for its survivor (decision 0003)."""
    if person is not None and person.merged_into_id is not None:
        return person.merged_into
    return person


def _check_subject(by: Any, person: Person | None, household: Household | None) -> None:
    if person is None and household is None:
        raise ValidationError(_(MSG_NO_SUBJECT), field="person")
    for subject in (person, household):
        if subject is not None and not by.has_perm("cases.open_case_for", subject):
            raise PermissionDenied(_(MSG_SUBJECT_OUTSIDE), field="person")
    if person is not None and household is not None and person.household_id != household.pk:
        raise ValidationError(_(MSG_NOT_A_MEMBER) % {"person": person}, field="household")


def _check_data(
    data: CaseData, *, person: Person | None, household: Household | None
) -> list[ProblemType]:
    if data.channel not in Case.Channel.values:
        raise ValidationError(_(MSG_CHANNEL), field="channel")
    if data.urgency not in Case.Urgency.values:
        raise ValidationError(_(MSG_URGENCY), field="urgency")
    problems = list(dict.fromkeys(data.problem_types))
    if not problems:
        raise ValidationError(_(MSG_NO_PROBLEM), field="problem_types")
    for problem in problems:
        if not problem.active:
            raise ValidationError(
                _(MSG_PROBLEM_INACTIVE) % {"name": problem}, field="problem_types"
            )
    assessment = data.needs_assessment
    if assessment is not None:
        household_id = household.pk if household else (person.household_id if person else None)
        ours = (person is not None and assessment.person_id == person.pk) or (
            household_id is not None and assessment.household_id == household_id
        )
        if not ours:
            raise ValidationError(_(MSG_ASSESSMENT_OTHER), field="needs_assessment")
    return problems


@transaction.atomic
def open_case(
    *,
    by: Any,
    data: CaseData,
    person: Person | None = None,
    household: Household | None = None,
    opened_at: dt.datetime | None = None,
) -> Case:
    """Open a case for a person and/or household of the officer's area (state: intake)."""
    if not by.has_perm("cases.open_case"):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    person = _root(person)
    _check_subject(by, person, household)
    problems = _check_data(data, person=person, household=household)
    subject = person if person is not None else household
    assert subject is not None
    when = opened_at or timezone.now()
    case = Case.objects.create(
        reference=next_reference(subject.subdistrict_id, when),
        person=person,
        household=household,
        subdistrict_id=subject.subdistrict_id,
        channel=data.channel,
        urgency=data.urgency,
        summary=data.summary.strip(),
        needs_assessment=data.needs_assessment,
        opened_at=when,
        created_by=by,
        updated_by=by,
    )
    case.problem_types.set(problems)
    record_event(
        case=case,
        by=by,
        kind=CaseEvent.Kind.OPENED,
        to_state=case.state,
        data={"channel": case.channel, "problem_types": sorted(p.code for p in problems)},
    )
    return case


@transaction.atomic
def update_case(*, by: Any, case: Case, expected_version: int, data: CaseData) -> Case:
    """Change what a case is about; raises Conflict if someone saved it since
    `expected_version`."""
    if not by.has_perm("cases.change_case", case):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    if not case.is_open:
        raise ValidationError(_(MSG_CLOSED))
    problems = _check_data(data, person=case.person, household=case.household)
    before = {name: getattr(case, name) for name in CASE_FIELDS}
    before_problems = set(case.problem_types.values_list("code", flat=True))
    case.channel = data.channel
    case.urgency = data.urgency
    case.summary = data.summary.strip()
    case.needs_assessment = data.needs_assessment
    case.save_versioned(expected_version=expected_version, by=by, update_fields=CASE_FIELDS)
    after_problems = {p.code for p in problems}
    if after_problems != before_problems:
        case.problem_types.set(problems)
    changed = [name for name in CASE_FIELDS if getattr(case, name) != before[name]]
    if after_problems != before_problems:
        changed.append("problem_types")
    record_event(case=case, by=by, kind=CaseEvent.Kind.CHANGED, data={"fields": changed})
    return case


def _check_assignee(user: User | None, allowed: Any, message: str, field_name: str) -> None:
    if user is not None and not allowed.filter(pk=user.pk).exists():
        raise ValidationError(_(message) % {"name": user}, field=field_name)


@transaction.atomic
def assign_case(
    *,
    by: Any,
    case: Case,
    expected_version: int,
    officer: User | None,
    volunteer: User | None,
) -> Case:
    """Give the case an officer and a volunteer of its sub-district (None: nobody)."""
    if not by.has_perm("cases.assign_case", case):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    if not case.is_open:
        raise ValidationError(_(MSG_CLOSED))
    code = case.subdistrict_id
    before = {case.assigned_officer_id, case.assigned_volunteer_id}
    _check_assignee(officer, assignable_officers(code), MSG_NOT_OFFICER, "assigned_officer")
    _check_assignee(volunteer, assignable_volunteers(code), MSG_NOT_VOLUNTEER, "assigned_volunteer")
    case.assigned_officer = officer
    case.assigned_volunteer = volunteer
    case.save_versioned(
        expected_version=expected_version,
        by=by,
        update_fields=["assigned_officer", "assigned_volunteer"],
    )
    record_event(
        case=case,
        by=by,
        kind=CaseEvent.Kind.ASSIGNED,
        data={
            "officer": str(officer) if officer else "",
            "volunteer": str(volunteer) if volunteer else "",
        },
    )
    notify_assignment(case=case, by=by, before=before)
    return case


@transaction.atomic
def add_note(*, by: Any, case: Case, text: str) -> CaseEvent:
    """Add a note to the case's timeline (officers of the area and its volunteer)."""
    if not by.has_perm("cases.add_note", case):
        raise PermissionDenied(_(MSG_NOTE_NOT_ALLOWED))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_(MSG_NOTE_EMPTY), field="text")
    return record_event(case=case, by=by, kind=CaseEvent.Kind.NOTE, data={"text": text[:NOTE_MAX]})
