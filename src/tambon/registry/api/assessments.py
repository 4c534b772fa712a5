"""The needs-assessment API, /api/v1/registry/assessments/: scoped exactly like the pages.

An assessment outside the caller's area answers 404; a role that may not touch the registry
answers 403. Creating one goes through the same service as the survey page.
"""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Status
from ninja.pagination import paginate

from tambon.accounts.services import record_access
from tambon.api.errors import ErrorOut
from tambon.api.pagination import Pagination
from tambon.core.errors import NotFound, ValidationError
from tambon.registry.api.access import require_reader
from tambon.registry.api.assessment_schemas import (
    AssessmentDetailOut,
    AssessmentIn,
    AssessmentOut,
    MappingOut,
)
from tambon.registry.models import NeedsAssessment
from tambon.registry.selectors import assessments as selectors
from tambon.registry.selectors.households import visible_households
from tambon.registry.selectors.people import visible_people
from tambon.registry.services.assessments import MSG_NO_MAPPING, MSG_ONE_SUBJECT, record_assessment

router = Router(tags=["registry: assessments"])

MSG_NO_HOUSEHOLD = gettext_noop("No household with the id %(id)s is in your area.")
MSG_NO_PERSON = gettext_noop("No person with the id %(id)s is in your area.")

FORBIDDEN_OR_NOT_FOUND = {403: ErrorOut, 404: ErrorOut}


@router.get(
    "/mapping/current",
    response={200: MappingOut, **FORBIDDEN_OR_NOT_FOUND},
    summary="Get the 4S mapping in use",
)
def current_mapping(request: HttpRequest) -> MappingOut:
    """The newest published mapping version and its rules: how new assessments are scored."""
    require_reader(request)
    version = selectors.latest_mapping()
    if version is None:
        raise NotFound(_(MSG_NO_MAPPING))
    return MappingOut(
        number=version.number,
        note=version.note,
        published_at=version.published_at,
        rules=list(selectors.mapping_rules(version)),  # type: ignore[arg-type]
    )


@router.get(
    "/",
    response={200: list[AssessmentOut], 403: ErrorOut},
    summary="List needs assessments",
)
# Without the slash, as before the other routers' style was followed (kept for old clients).
@router.get("", response={200: list[AssessmentOut], 403: ErrorOut}, include_in_schema=False)
@paginate(Pagination)
def list_assessments(
    request: HttpRequest,
    area: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    problem: str = "",
    household_id: int | None = None,
    person_id: int | None = None,
) -> QuerySet[NeedsAssessment]:
    """Assessments of the caller's area, newest first. `area` narrows to a province, district,
    sub-district or village code; `problem` to a problem type code; dates are ISO."""
    require_reader(request)
    area_code = area if area.isdigit() and len(area) in (2, 4, 6, 8) else ""
    qs = selectors.assessment_list(
        user=request.user,
        area_code=area_code,
        date_from=date_from,
        date_to=date_to,
        problem=problem,
    )
    if household_id is not None:
        qs = qs.filter(household_id=household_id)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs


@router.get(
    "/{int:assessment_id}",
    response={200: AssessmentDetailOut, **FORBIDDEN_OR_NOT_FOUND},
    summary="Get a needs assessment",
)
def get_assessment(request: HttpRequest, assessment_id: int) -> NeedsAssessment:
    """One assessment with its answers; the read is written to the access log."""
    require_reader(request)
    assessment = selectors.assessment_detail(user=request.user, pk=assessment_id)
    if assessment is None:
        raise NotFound()
    record_access(user=request.user, obj=assessment, request=request)
    return assessment


@router.post(
    "/",
    response={201: AssessmentDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Record a needs assessment",
)
@router.post(
    "",
    response={201: AssessmentDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    include_in_schema=False,
)
def create_assessment(request: HttpRequest, payload: AssessmentIn) -> Status[NeedsAssessment]:
    """Record and score an assessment of one household or one person of the caller's area."""
    require_reader(request)
    user = request.user
    if (payload.household_id is None) == (payload.person_id is None):
        raise ValidationError(_(MSG_ONE_SUBJECT), field="household_id")
    household = person = None
    if payload.household_id is not None:
        household = visible_households(user).filter(pk=payload.household_id).first()
        if household is None:
            raise NotFound(_(MSG_NO_HOUSEHOLD) % {"id": payload.household_id})
    elif payload.person_id is not None:
        person = visible_people(user).filter(pk=payload.person_id).first()
        if person is None:
            raise NotFound(_(MSG_NO_PERSON) % {"id": payload.person_id})
    assessment = record_assessment(
        by=user,
        assessed_on=payload.assessed_on,
        answers=payload.answers,
        household=household,
        person=person,
        note=payload.note,
    )
    return Status(201, selectors.assessment_detail(user=user, pk=assessment.pk) or assessment)
