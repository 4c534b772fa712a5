"""The persons API (/api/v1/registry/persons/): the same rules as the pages.

A person outside the caller's area answers 404; a write the caller may not make answers 403; an
update against a stale `version` answers 409. National IDs are masked unless the caller may see
them and asks `?reveal=true`; each full ID returned is written to the access log.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from tambon.accounts.models import AccessLog
from tambon.accounts.requests import signed_in_user
from tambon.accounts.services import record_access
from tambon.api.errors import ErrorOut
from tambon.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from tambon.core import nationalid
from tambon.core.errors import DomainError, NotFound, ValidationError
from tambon.geo.models import Subdistrict, Village
from tambon.registry.api.access import require_reader
from tambon.registry.api.people_schemas import (
    AREA_CODE,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonUpdateIn,
)
from tambon.registry.models import Person, ProblemType, TargetGroup
from tambon.registry.selectors import households as household_selectors
from tambon.registry.selectors import people as selectors
from tambon.registry.selectors.target_groups import active_groups, age_on, target_groups_of
from tambon.registry.services.people import (
    MSG_REASON_REQUIRED,
    PersonData,
    create_person,
    find_by_national_id,
    may_see_full_id,
    reveal_national_id,
    update_person,
)

router = Router(tags=["registry"])

MSG_NO_SUBDISTRICT = gettext_noop("No sub-district has the code %(code)s.")
MSG_NO_VILLAGE = gettext_noop("No village has the code %(code)s.")
MSG_NO_HOUSEHOLD = gettext_noop("No household with the id %(id)s is in your area.")
MSG_NO_GROUP = gettext_noop("“%(code)s” is not a known target group.")
MSG_NO_PROBLEM = gettext_noop("“%(code)s” is not a known problem type.")
MSG_ID_IN_Q = gettext_noop(
    "That looks like a national ID: q searches names. Find a national ID with POST "
    "/api/v1/registry/persons/lookup, so that the number stays out of addresses and logs."
)

# Service field names → the names of the API's own fields.
FIELD_NAMES = {
    "subdistrict": "subdistrict_code",
    "village": "village_code",
    "household": "household_id",
}
READ = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class PersonFilters(Schema):
    subdistrict: str | None = SchemaField(
        None,
        pattern=AREA_CODE,
        description="A province, district, sub-district or village code.",
        examples=["500101"],
    )
    q: str = SchemaField("", max_length=100, description="Part of the name, Thai or Latin.")
    house_number: str = SchemaField("", max_length=30)
    target_group: str = SchemaField("", max_length=40, description="A target group code.")
    need: str = SchemaField(
        "", max_length=40, description="A problem type found by the latest assessment."
    )
    reveal: bool = SchemaField(
        False, description="Full national IDs, if you may see them (with a `reason`)."
    )
    reason: str = SchemaField(
        "", max_length=200, description="Why the full IDs are needed (written to the access log)."
    )
    limit: int = SchemaField(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = SchemaField(0, ge=0)


class LookupIn(Schema):
    national_id: str = SchemaField(
        ..., max_length=30, description="13 digits; dashes and spaces are ignored."
    )


class RevealQuery(Schema):
    reveal: bool = SchemaField(
        False, description="The full national ID, if you may see it (with a `reason`)."
    )
    reason: str = SchemaField(
        "", max_length=200, description="Why the full ID is needed (written to the access log)."
    )


def _require_reason(*, reveal: bool, reason: str) -> None:
    # As on the person page: no full ID without a reason for the access log. Checked before
    # any row is read, so a refused list logs nothing.
    if reveal and not reason.strip():
        raise ValidationError(_(MSG_REASON_REQUIRED), field="reason")


def _national_id(
    request: HttpRequest, person: Person, *, reveal: bool, reason: str
) -> tuple[str | None, bool]:
    if not person.national_id:
        return None, False
    user = signed_in_user(request)
    if reveal and may_see_full_id(user, person):
        full = reveal_national_id(person=person, by=user, reason=reason, request=request)
        return nationalid.normalize(full), False
    return nationalid.mask(person.national_id), True


def person_out(
    request: HttpRequest,
    person: Person,
    *,
    groups: list[TargetGroup],
    reveal: bool = False,
    reason: str = "",
) -> PersonOut:
    national_id, masked = _national_id(request, person, reveal=reveal, reason=reason)
    return PersonOut(
        id=person.pk,
        version=person.version,
        title=person.title,
        first_name=person.first_name,
        last_name=person.last_name,
        sex=person.sex,
        birth_date=person.birth_date,
        age=age_on(person.birth_date),
        phone=person.phone,
        subdistrict_code=str(person.subdistrict_id),
        village_code=person.village_id,
        household_id=person.household_id,
        relation=person.relation,
        address=person.address,
        national_id=national_id,
        national_id_masked=masked,
        target_groups=[g.code for g in target_groups_of(person, groups=groups)],
        recorded_target_groups=sorted(g.code for g in person.target_groups.all()),
        disability_type=person.disability_type,
        disability_card=person.disability_card,
        welfare_card=person.welfare_card,
        note=person.note,
        merged_into_id=person.merged_into_id,
        created_at=person.created_at,
        updated_at=person.updated_at,
    )


def by_code(model: Any, code: str, message: str, field: str) -> Any:
    """The `model` row with this code; a 400 on `field` naming the unknown code."""
    found = model.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(_(message) % {"code": code}, field=field)
    return found


@router.get("/", response={200: PersonPage, 400: ErrorOut, 403: ErrorOut}, summary="List persons")
def list_persons(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, Any]:
    """Root persons (not merged duplicates) in the caller's area, by name, place, target group
    and need; `limit`/`offset` paging like every list."""
    require_reader(request)
    _require_reason(reveal=filters.reveal, reason=filters.reason)
    if selectors.looks_like_national_id(filters.q):
        raise ValidationError(_(MSG_ID_IN_Q), field="q")
    user = signed_in_user(request)
    group = need = None
    if filters.target_group:
        group = by_code(TargetGroup, filters.target_group, MSG_NO_GROUP, "target_group")
    if filters.need:
        need = by_code(ProblemType, filters.need, MSG_NO_PROBLEM, "need")
    qs = selectors.person_list(
        user=user,
        filters=selectors.PersonFilters(
            area_code=filters.subdistrict or "",
            q=filters.q,
            house_number=filters.house_number,
            target_group=group,
            need=need,
        ),
    )
    count = qs.count()
    page = list(qs[filters.offset : filters.offset + filters.limit])
    groups = active_groups()
    items = [
        person_out(request, p, groups=groups, reveal=filters.reveal, reason=filters.reason)
        for p in page
    ]
    return {"items": items, "count": count}


@router.post(
    "/lookup",
    response={200: PersonPage, 400: ErrorOut, 403: ErrorOut},
    summary="Find persons by national ID",
)
def lookup(request: HttpRequest, payload: LookupIn) -> dict[str, Any]:
    """The people in the caller's area with this national ID (exact match, IDs masked). The
    number travels in the body, never in an address; each search is written to the access log."""
    require_reader(request)
    found = find_by_national_id(
        by=signed_in_user(request), national_id=payload.national_id, request=request, channel="API"
    )
    groups = active_groups()
    return {"items": [person_out(request, p, groups=groups) for p in found], "count": len(found)}


def _visible(request: HttpRequest, person_id: int) -> Person:
    person = selectors.person_detail(user=signed_in_user(request), pk=person_id)
    if person is None:
        raise NotFound()
    return person


@router.get("/{person_id}", response={200: PersonOut, **READ}, summary="Get a person")
def get_person(request: HttpRequest, person_id: int, query: Query[RevealQuery]) -> PersonOut:
    """A person in the caller's area; the read is written to the access log."""
    require_reader(request)
    _require_reason(reveal=query.reveal, reason=query.reason)
    person = _visible(request, person_id)
    record_access(
        user=signed_in_user(request), obj=person, request=request, action=AccessLog.Action.VIEW
    )
    return person_out(
        request, person, groups=active_groups(), reveal=query.reveal, reason=query.reason
    )


def _data(request: HttpRequest, payload: PersonIn) -> PersonData:
    user = signed_in_user(request)
    subdistrict = village = household = None
    if payload.subdistrict_code:
        subdistrict = by_code(
            Subdistrict, payload.subdistrict_code, MSG_NO_SUBDISTRICT, "subdistrict_code"
        )
    if payload.village_code:
        village = by_code(Village, payload.village_code, MSG_NO_VILLAGE, "village_code")
    if payload.household_id is not None:
        household = (
            household_selectors.visible_households(user)
            .select_related("subdistrict", "village")
            .filter(pk=payload.household_id)
            .first()
        )
        if household is None:
            raise ValidationError(
                _(MSG_NO_HOUSEHOLD) % {"id": payload.household_id}, field="household_id"
            )
    codes = list(dict.fromkeys(payload.target_groups))
    groups = {g.code: g for g in TargetGroup.objects.filter(code__in=codes)}
    for code in codes:
        if code not in groups:
            raise ValidationError(_(MSG_NO_GROUP) % {"code": code}, field="target_groups")
    return PersonData(
        first_name=payload.first_name,
        last_name=payload.last_name,
        title=payload.title,
        sex=payload.sex,
        birth_date=payload.birth_date,
        phone=payload.phone,
        subdistrict=subdistrict,
        village=village,
        household=household,
        relation=payload.relation,
        address=payload.address,
        national_id=payload.national_id,
        target_groups=[groups[c] for c in codes],
        disability_type=payload.disability_type,
        disability_card=payload.disability_card,
        welfare_card=payload.welfare_card,
        note=payload.note,
    )


def renamed(exc: DomainError) -> DomainError:
    """The error with its field named as the API names it."""
    if exc.field in FIELD_NAMES:
        exc.field = FIELD_NAMES[exc.field]
    return exc


@router.post("/", response={201: PersonOut, **WRITE}, summary="Create a person")
def create(request: HttpRequest, payload: PersonIn) -> Status[PersonOut]:
    """Record a person in the caller's area (officers); a national ID already in the registry
    is refused."""
    try:
        person = create_person(by=signed_in_user(request), data=_data(request, payload))
    except DomainError as exc:
        raise renamed(exc) from None
    return Status(201, person_out(request, _visible(request, person.pk), groups=active_groups()))


@router.put("/{person_id}", response={200: PersonOut, **WRITE}, summary="Update a person")
def update(request: HttpRequest, person_id: int, payload: PersonUpdateIn) -> PersonOut:
    """Replace a person's fields; send the `version` you read (409 if someone saved since)."""
    person = _visible(request, person_id)
    try:
        update_person(
            by=signed_in_user(request),
            person=person,
            expected_version=payload.version,
            data=_data(request, payload),
        )
    except DomainError as exc:
        raise renamed(exc) from None
    return person_out(request, _visible(request, person.pk), groups=active_groups())
