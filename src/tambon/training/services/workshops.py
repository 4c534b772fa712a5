"""Writes of workshops (กิจกรรม): a facilitator records one, and edits it later."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts import policy
from tambon.accounts.models import User
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict, Village
from tambon.registry.selectors.taxonomy import problem_type_codes
from tambon.training.models import Facilitator, Workshop, WorkshopHeadcount
from tambon.training.selectors.workshops import area_participants

MSG_NOT_A_FACILITATOR = gettext_noop("Only a certified facilitator can record a workshop.")
MSG_INACTIVE_FACILITATOR = gettext_noop("This facilitator is no longer active.")
MSG_NOT_YOURS = gettext_noop("Only the facilitator who ran this workshop can change it.")
MSG_OUTSIDE_AREA = gettext_noop(
    "The sub-district %(code)s is outside the facilitator's area: choose one in their province."
)
MSG_VILLAGE_OUTSIDE = gettext_noop("This village is not in the chosen sub-district.")
MSG_TITLE_REQUIRED = gettext_noop("Give the workshop a title.")
MSG_KIND_UNKNOWN = gettext_noop("Choose a type of workshop.")
MSG_PROBLEM_UNKNOWN = gettext_noop("“%(code)s” is not a known problem type.")
MSG_FUTURE_DATE = gettext_noop("A workshop is recorded after it took place: the date is ahead.")
MSG_HEADCOUNT = gettext_noop("Counts of participants are whole numbers, zero or more.")
MSG_PARTICIPANT_OUTSIDE = gettext_noop(
    "%(name)s does not work in this sub-district, so cannot be listed as a participant."
)
MSG_NO_PARTICIPANTS = gettext_noop(
    "Count the participants, or pick those who have an account: a workshop has at least one."
)

Headcounts = Mapping[tuple[str, str], int]


@dataclass
class WorkshopData:
    """What a facilitator types about a workshop (the form and the API both fill this)."""

    subdistrict: Subdistrict
    date: dt.date
    kind: str
    title: str
    village: Village | None = None
    topics: str = ""
    problems: list[str] = field(default_factory=list)
    # {(age band, sex): count}; missing cells count as zero.
    headcounts: Headcounts = field(default_factory=dict)
    participants: list[User] = field(default_factory=list)


def _facilitator_of(user: User) -> Facilitator:
    facilitator = Facilitator.objects.select_related("subdistrict").filter(user=user).first()
    if facilitator is None:
        raise PermissionDenied(_(MSG_NOT_A_FACILITATOR))
    if not facilitator.is_active:
        raise PermissionDenied(_(MSG_INACTIVE_FACILITATOR))
    return facilitator


def _may_work_in(facilitator: Facilitator, code: str) -> bool:
    """A facilitator works in their own province and in any area they are assigned."""
    return code.startswith(facilitator.subdistrict.province_id) or policy.covers(
        facilitator.user, code
    )


def _validate(data: WorkshopData, facilitator: Facilitator) -> None:
    code = data.subdistrict.code
    if not _may_work_in(facilitator, code):
        raise ValidationError(_(MSG_OUTSIDE_AREA) % {"code": code}, field="subdistrict")
    if data.village is not None and data.village.subdistrict_id != code:
        raise ValidationError(_(MSG_VILLAGE_OUTSIDE), field="village")
    if not data.title.strip():
        raise ValidationError(_(MSG_TITLE_REQUIRED), field="title")
    if data.kind not in Workshop.Kind.values:
        raise ValidationError(_(MSG_KIND_UNKNOWN), field="kind")
    # A retired problem type stays valid on the workshops that already chose it.
    known = set(problem_type_codes())
    for problem in data.problems:
        if problem not in known:
            raise ValidationError(_(MSG_PROBLEM_UNKNOWN) % {"code": problem}, field="problems")
    if data.date > timezone.localdate():
        raise ValidationError(_(MSG_FUTURE_DATE), field="date")
    for (band, sex), count in data.headcounts.items():
        valid_cell = (
            band in WorkshopHeadcount.AgeBand.values and sex in WorkshopHeadcount.Sex.values
        )
        if not valid_cell or not isinstance(count, int) or count < 0:
            raise ValidationError(_(MSG_HEADCOUNT), field="headcounts")
    if data.participants:
        allowed = set(
            area_participants(code)
            .filter(pk__in=[u.pk for u in data.participants])
            .values_list("pk", flat=True)
        )
        for person in data.participants:
            if person.pk not in allowed:
                raise ValidationError(
                    _(MSG_PARTICIPANT_OUTSIDE) % {"name": person}, field="participants"
                )
    if not data.participants and not any(data.headcounts.values()):
        raise ValidationError(_(MSG_NO_PARTICIPANTS), field="headcounts")


def _write_people(workshop: Workshop, data: WorkshopData) -> None:
    workshop.headcounts.all().delete()
    WorkshopHeadcount.objects.bulk_create(
        WorkshopHeadcount(workshop=workshop, age_band=band, sex=sex, count=count)
        for (band, sex), count in sorted(data.headcounts.items())
        if count
    )
    workshop.participants_known.set(data.participants)


def _normalised_problems(problems: Iterable[str]) -> list[str]:
    # Kept in the taxonomy's order, once each, so that equal choices compare equal.
    chosen = set(problems)
    return [code for code in problem_type_codes() if code in chosen]


@transaction.atomic
def record_workshop(
    *, by: User, data: WorkshopData, facilitator: Facilitator | None = None
) -> Workshop:
    """Record a workshop run by `by` (or, for a national admin, by `facilitator`)."""
    if not by.has_perm("training.record_workshop"):
        raise PermissionDenied(_(MSG_NOT_A_FACILITATOR))
    if facilitator is None or not by.is_national_admin:
        facilitator = _facilitator_of(by)
    _validate(data, facilitator)
    workshop = Workshop.objects.create(
        facilitator=facilitator,
        subdistrict=data.subdistrict,
        village=data.village,
        date=data.date,
        kind=data.kind,
        title=data.title.strip(),
        topics=data.topics.strip(),
        problems=_normalised_problems(data.problems),
        created_by=by,
        updated_by=by,
    )
    _write_people(workshop, data)
    return workshop


@transaction.atomic
def change_workshop(
    *, by: User, workshop: Workshop, expected_version: int, data: WorkshopData
) -> Workshop:
    """Change a workshop; raises Conflict if someone saved it since `expected_version`."""
    if not by.has_perm("training.change_workshop", workshop):
        raise PermissionDenied(_(MSG_NOT_YOURS))
    facilitator = Facilitator.objects.select_related("subdistrict", "user").get(
        pk=workshop.facilitator_id
    )
    _validate(data, facilitator)
    workshop.subdistrict = data.subdistrict
    workshop.village = data.village
    workshop.date = data.date
    workshop.kind = data.kind
    workshop.title = data.title.strip()
    workshop.topics = data.topics.strip()
    workshop.problems = _normalised_problems(data.problems)
    workshop.save_versioned(
        expected_version=expected_version,
        by=by,
        update_fields=["subdistrict", "village", "date", "kind", "title", "topics", "problems"],
    )
    _write_people(workshop, data)
    return workshop
