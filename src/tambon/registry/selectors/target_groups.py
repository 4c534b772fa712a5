"""A person's target groups (กลุ่มเป้าหมาย), worked out in one place.

A group with an age range or a sex (child, youth, elderly, woman) is derived from the birth
date or sex and never recorded. The others are recorded on the person (Person.target_groups);
two of them are also implied by a flag of the person: "disability" by a disability type and
"low_income" by a state welfare card. `target_groups_of` answers for one person in Python;
`filter_by_target_group` asks the same question of a queryset in SQL: the two must agree.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tambon.registry.models import Person, TargetGroup

# Recorded groups that a field of the person implies, as a condition on Person rows.
IMPLIED_BY_FLAGS: dict[str, Q] = {
    "disability": ~Q(disability_type=""),
    "low_income": Q(welfare_card=True),
}


def active_groups() -> list[TargetGroup]:
    """The target groups in use, in the taxonomy's order (one query)."""
    return list(TargetGroup.objects.filter(active=True).order_by("position", "code"))


def age_on(birth_date: dt.date | None, today: dt.date | None = None) -> int | None:
    """Age in whole years on `today` (None without a birth date)."""
    if birth_date is None:
        return None
    today = today or timezone.localdate()
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _implied(code: str, person: Person) -> bool:
    if code == "disability":
        return bool(person.disability_type)
    if code == "low_income":
        return bool(person.welfare_card)
    return False


def is_derived_member(group: TargetGroup, person: Person, today: dt.date) -> bool:
    """Whether the person's birth date and sex put them in a derived group."""
    if group.sex and person.sex != group.sex:
        return False
    if group.min_age is not None or group.max_age is not None:
        age = age_on(person.birth_date, today)
        if age is None:
            return False
        if group.min_age is not None and age < group.min_age:
            return False
        if group.max_age is not None and age > group.max_age:
            return False
    return True


def target_groups_of(
    person: Person,
    today: dt.date | None = None,
    *,
    groups: Iterable[TargetGroup] | None = None,
) -> list[TargetGroup]:
    """The active groups a saved person belongs to, derived and recorded, in taxonomy order.

    Pass `groups` (from `active_groups()`) when asking for many people, and prefetch
    `target_groups`: then no query is made per person.
    """
    today = today or timezone.localdate()
    taxonomy = active_groups() if groups is None else list(groups)
    recorded = {g.pk for g in person.target_groups.all()}
    chosen = []
    for group in taxonomy:
        if group.is_derived:
            member = is_derived_member(group, person, today)
        else:
            member = group.pk in recorded or _implied(group.code, person)
        if member:
            chosen.append(group)
    return chosen


def target_group_condition(group: TargetGroup, today: dt.date | None = None) -> Q:
    """The condition on Person rows of being in `group` (see the module docstring)."""
    today = today or timezone.localdate()
    if group.is_derived:
        condition = Q()
        if group.min_age is not None:
            condition &= Q(birth_date__lte=years_before(today, group.min_age))
        if group.max_age is not None:
            condition &= Q(birth_date__gt=years_before(today, group.max_age + 1))
        if group.sex:
            condition &= Q(sex=group.sex)
        return condition
    through = Person.target_groups.through
    recorded = Exists(through.objects.filter(person_id=OuterRef("pk"), targetgroup_id=group.pk))
    condition = Q(recorded)
    if group.code in IMPLIED_BY_FLAGS:
        condition |= IMPLIED_BY_FLAGS[group.code]
    return condition


def filter_by_target_group(
    qs: QuerySet[Person], group: TargetGroup, today: dt.date | None = None
) -> QuerySet[Person]:
    """The people of `qs` in `group`, in SQL (no duplicates: recorded groups use EXISTS)."""
    return qs.filter(target_group_condition(group, today))
