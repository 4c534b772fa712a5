"""The duplicate review API (/api/v1/registry/duplicates/): list, detail, merge, not the same.

The same rules as the pages: registry.review_duplicates is needed (403), a pair outside the
caller's area answers 404, a pair already decided answers 409. Reading a pair is written to
the access log for both people; national IDs appear masked only, compared by their blind index.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from tambon.accounts.models import AccessLog, User
from tambon.accounts.services import record_access
from tambon.api.errors import ErrorOut
from tambon.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from tambon.core.errors import NotFound, PermissionDenied, ValidationError
from tambon.registry.api.duplicate_schemas import (
    AREA_CODE,
    CandidateDetailOut,
    CandidateOut,
    CandidatePage,
    FieldComparisonOut,
    MergeIn,
    MergeOut,
    PersonSideOut,
)
from tambon.registry.models import DuplicateCandidate, Merge, Person
from tambon.registry.selectors import duplicates as selectors
from tambon.registry.services import duplicates as services

router = Router(tags=["registry"])

READ = {403: ErrorOut, 404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
API_REASON = "duplicate review (API)"


class QueueQuery(Schema):
    status: str = SchemaField(
        DuplicateCandidate.Status.OPEN,
        pattern=r"^(open|merged|not_same|all)$",
        description="open (default), merged, not_same or all.",
    )
    area: str | None = SchemaField(
        None, pattern=AREA_CODE, description="A province, district, sub-district or village code."
    )
    min_probability: float | None = SchemaField(None, ge=0, le=1)
    limit: int = SchemaField(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = SchemaField(0, ge=0)


def _reviewer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # every route requires a caller
    if not user.has_perm(services.PERM):
        raise PermissionDenied()
    return user


def _candidate(request: HttpRequest, candidate_id: int) -> DuplicateCandidate:
    candidate = selectors.candidate_detail(user=_reviewer(request), pk=candidate_id)
    if candidate is None:
        raise NotFound()
    return candidate


def candidate_out(candidate: DuplicateCandidate) -> CandidateOut:
    return CandidateOut(
        id=candidate.pk,
        probability=candidate.probability,
        status=candidate.status,
        subdistrict_code=candidate.subdistrict_code,
        left_id=candidate.left_id,
        right_id=candidate.right_id,
        left_name=candidate.left.full_name,
        right_name=candidate.right.full_name,
        created_at=candidate.created_at,
        decided_at=candidate.decided_at,
    )


def _side(person: Person) -> PersonSideOut:
    return PersonSideOut(
        id=person.pk,
        title=person.title,
        first_name=person.first_name,
        last_name=person.last_name,
        sex=person.sex,
        birth_date=person.birth_date,
        subdistrict_code=str(person.subdistrict_id),
        village_code=person.village_id,
        house_number=person.household.house_number if person.household else "",
        national_id_masked=selectors.masked_id(person) or None,
        merged_into_id=person.merged_into_id,
    )


def detail_out(candidate: DuplicateCandidate) -> CandidateDetailOut:
    merge = selectors.merge_of(candidate)
    return CandidateDetailOut(
        **candidate_out(candidate).dict(),
        left=_side(candidate.left),
        right=_side(candidate.right),
        fields=[
            FieldComparisonOut(field=row.key, status=row.status)
            for row in selectors.pair_rows(candidate)
            if row.key != "title"
        ],
        merge_id=merge.pk if merge is not None and merge.undone_at is None else None,
    )


def merge_out(merge: Merge) -> MergeOut:
    return MergeOut(
        id=merge.pk,
        survivor_id=merge.survivor_id,
        merged_id=merge.merged_id,
        candidate_id=merge.candidate_id,
        merged_by=merge.merged_by.get_username(),
        reason=merge.reason,
        created_at=merge.created_at,
        undone_at=merge.undone_at,
    )


@router.get("/", response={200: CandidatePage, **READ}, summary="List possible duplicates")
def list_duplicates(request: HttpRequest, query: Query[QueueQuery]) -> dict[str, Any]:
    """The review queue of the caller's area: open pairs first, most likely first."""
    user = _reviewer(request)
    qs = selectors.duplicate_queue(
        user=user,
        filters=selectors.QueueFilters(
            status=query.status,
            area_code=query.area or "",
            min_probability=query.min_probability,
        ),
    )
    page = qs[query.offset : query.offset + query.limit]
    return {"items": [candidate_out(c) for c in page], "count": qs.count()}


@router.get("/{candidate_id}", response={200: CandidateDetailOut, **READ}, summary="Get a pair")
def get_duplicate(request: HttpRequest, candidate_id: int) -> CandidateDetailOut:
    """Both people of a pair and how each field compared (written to the access log)."""
    candidate = _candidate(request, candidate_id)
    for person in (candidate.left, candidate.right):
        record_access(
            user=request.user,
            obj=person,
            request=request,
            action=AccessLog.Action.VIEW,
            reason=API_REASON,
        )
    return detail_out(candidate)


@router.post("/{candidate_id}/merge", response={201: MergeOut, **WRITE}, summary="Merge a pair")
def merge_duplicate(request: HttpRequest, candidate_id: int, payload: MergeIn) -> Status:
    """Merge the pair: the survivor is kept, the other record points to it (reversible)."""
    candidate = _candidate(request, candidate_id)
    survivor = None
    if payload.survivor_id is not None:
        survivor = {candidate.left_id: candidate.left, candidate.right_id: candidate.right}.get(
            payload.survivor_id
        )
        if survivor is None:
            raise ValidationError(_(services.MSG_NOT_IN_PAIR), field="survivor_id")
    merge = services.merge_people(
        by=request.user, candidate=candidate, survivor=survivor, reason=payload.reason
    )
    return Status(201, merge_out(merge))


@router.post(
    "/{candidate_id}/not-same",
    response={200: CandidateOut, **WRITE},
    summary="Mark a pair as two different people",
)
def not_same_duplicate(request: HttpRequest, candidate_id: int) -> CandidateOut:
    """The pair are two different people: later runs never propose it again."""
    candidate = _candidate(request, candidate_id)
    return candidate_out(services.mark_not_same(by=request.user, candidate=candidate))
