"""The one access policy: every query and object check of every app goes through here.

Areas are DOPA codes, and a code's prefix is its parent (50 ⊃ 5001 ⊃ 500101 ⊃ 50010103),
so "inside my area" is "the record's code starts with one of my area codes".
"""

from functools import reduce
from operator import or_
from typing import Any

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from tambon.accounts.roles import INVITABLE_ROLES, Role

EVERYWHERE = None  # the scope of a national administrator


def area_prefixes(user: Any) -> list[str] | None:
    """The area codes a user covers: None means everywhere, [] means nowhere."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_national_admin:
        return EVERYWHERE
    if not user.role:
        return []
    return user.area_codes()


def covers(user: Any, code: str | None) -> bool:
    """Is the area `code` (2, 4, 6 or 8 digits) inside the user's area?"""
    prefixes = area_prefixes(user)
    if prefixes is EVERYWHERE:
        return True
    if not code:
        return False
    return any(code.startswith(p) for p in prefixes)


def scope_to_user(qs: QuerySet, user: Any, *, area_field: str = "subdistrict") -> QuerySet:
    """Only the rows of `qs` whose area (a code or a FK to an area keyed by code) the user covers.

    `area_field` names a field holding a DOPA code, or a foreign key to Province, District,
    Subdistrict or Village (their primary keys are codes): `subdistrict`, `household__village`.
    """
    prefixes = area_prefixes(user)
    if prefixes is EVERYWHERE:
        return qs
    if not prefixes:
        return qs.none()
    lookup = _code_lookup(qs, area_field)
    return qs.filter(reduce(or_, (code_within(lookup, p) for p in prefixes)))


def code_within(lookup: str, prefix: str) -> Q:
    """Rows whose area code (`lookup`) lies inside the area `prefix`, as a range of codes.

    DOPA codes are digit strings, so the codes starting with 50 lie from 50 up to, not
    including, 51: a range an index on the column serves, where PostgreSQL's `LIKE '50%'` on a
    cast column reads the whole table. The prefix test stays, for columns that mix lengths
    (a district's "51" lies in that range too).
    """
    inside = Q(**{f"{lookup}__startswith": prefix})
    if not prefix.isdigit():
        return inside
    inside &= Q(**{f"{lookup}__gte": prefix})
    if prefix.strip("9"):  # "99" has no successor of its length: every code from it is inside
        inside &= Q(**{f"{lookup}__lt": str(int(prefix) + 1).zfill(len(prefix))})
    return inside


def _code_lookup(qs: QuerySet, area_field: str) -> str:
    # A foreign key to an area points at its code (the primary key). Django refuses
    # `fk_id__startswith`, but `fk__code__startswith` compares the key column itself: the join
    # to the area table is trimmed away.
    model = qs.model
    parts = area_field.split("__")
    for name in parts[:-1]:
        model = model._meta.get_field(name).related_model
    last = model._meta.get_field(parts[-1])
    if last.is_relation and last.related_model is not None:
        return f"{area_field}__{last.related_model._meta.pk.name}"
    return area_field


def object_area_code(obj: Any) -> str | None:
    """The area code of a record: its `area_code`, or the code of its sub-district/village."""
    for attribute in ("area_code", "village_id", "subdistrict_id", "code"):
        value = getattr(obj, attribute, None)
        if value:
            return str(value)
    return None


# --- predicates (django-rules) -----------------------------------------------------------


@rules.predicate
def is_national_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_national_admin)


def has_role(*roles: str) -> rules.Predicate:
    name = "has_role:" + ",".join(roles)

    @rules.predicate(name)
    def predicate(user: Any) -> bool:
        return bool(
            getattr(user, "is_authenticated", False) and user.is_active and user.role in roles
        )

    return predicate


is_provincial_officer = has_role(Role.PROVINCIAL_OFFICER)
is_subdistrict_officer = has_role(Role.SUBDISTRICT_OFFICER)
is_officer = is_national_admin | has_role(Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER)


@rules.predicate
def in_user_area(user: Any, obj: Any) -> bool:
    return obj is not None and covers(user, object_area_code(obj))


def _is_active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def can_invite(user: Any) -> bool:
    return _is_active(user) and bool(INVITABLE_ROLES.get(user.role))


@rules.predicate
def manages_user(user: Any, other: Any) -> bool:
    """An inviting officer manages users whose every area lies inside their own."""
    if other is None or other.pk == user.pk:
        return False
    if user.is_national_admin:
        return True
    if other.role not in INVITABLE_ROLES.get(user.role, set()):
        return False
    codes = other.area_codes()
    return bool(codes) and all(covers(user, code) for code in codes)


def scope_managed_users(qs: QuerySet, user: Any) -> QuerySet:
    """`manages_user` as a queryset: the users of `qs` that `user` manages, in one query."""
    if not _is_active(user):
        return qs.none()
    qs = qs.exclude(pk=user.pk)
    if user.is_national_admin:
        return qs
    prefixes = area_prefixes(user)
    roles = INVITABLE_ROLES.get(user.role, set())
    if not prefixes or not roles:
        return qs.none()
    from tambon.accounts.models import AreaAssignment

    inside = reduce(or_, (Q(area_code__startswith=p) for p in prefixes))
    assignments = AreaAssignment.objects.filter(user=OuterRef("pk"))
    return qs.filter(role__in=roles).filter(
        Exists(assignments), ~Exists(assignments.exclude(inside))
    )


rules.add_perm("accounts.view_audit", is_national_admin)
rules.add_perm("accounts.invite_user", is_national_admin | can_invite)
rules.add_perm("accounts.manage_user", is_national_admin | (can_invite & manages_user))
rules.add_perm("geo.import_villages", is_national_admin | is_provincial_officer)
rules.add_perm("geo.view_area", is_national_admin | in_user_area)


def invitable_roles(user: Any) -> list[tuple[str, str]]:
    if not _is_active(user):
        return []
    allowed = set(Role.values) if user.is_national_admin else INVITABLE_ROLES.get(user.role, set())
    return [(value, str(label)) for value, label in Role.choices if value in allowed]
