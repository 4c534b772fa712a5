"""The training API: courses, cohorts and their records, the public certificate check, workshops.

Reads are scoped exactly like the pages: a cohort the caller may not see answers 404, and its
enrollments, attendance and certificates need the right to manage it (403 otherwise). The
certificate check is public (no authentication) and tells only what the printed certificate
already says.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Status
from ninja.pagination import paginate

from tambon.accounts.models import User
from tambon.accounts.requests import signed_in_user
from tambon.api.errors import ErrorOut
from tambon.api.pagination import Pagination
from tambon.core.errors import NotFound, PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict, Village
from tambon.training.models import Attendance, Certificate, Cohort, Course, Enrollment, Workshop
from tambon.training.schemas import (
    AttendanceOut,
    CertificateOut,
    CohortDetailOut,
    CohortOut,
    CourseDetailOut,
    CourseOut,
    EnrollmentOut,
    VerificationOut,
    WorkshopIn,
    WorkshopOut,
)
from tambon.training.selectors import cohorts as cohort_access
from tambon.training.selectors import exports as cohort_selectors
from tambon.training.selectors import workshops as workshop_selectors
from tambon.training.services.workshops import WorkshopData, record_workshop

router = Router(tags=["training"])

MSG_NO_CERTIFICATE = gettext_noop("No certificate has this verification code.")
MSG_NO_SUBDISTRICT = gettext_noop("No sub-district has the code %(code)s.")
MSG_NO_VILLAGE = gettext_noop("No village has the code %(code)s.")
MSG_NO_USER = gettext_noop("No user has the id %(id)s.")
MSG_NOT_MANAGER = gettext_noop("Only those who run this cohort can read its records.")

NOT_FOUND = {404: ErrorOut}
FORBIDDEN_OR_NOT_FOUND = {403: ErrorOut, 404: ErrorOut}


def _visible_cohorts(request: HttpRequest) -> QuerySet[Cohort]:
    """The cohorts the caller may see, by the same rule as the pages."""
    return cohort_access.visible_cohorts(signed_in_user(request)).select_related(
        "course", "province", "organiser"
    )


def _managed_cohort(request: HttpRequest, pk: int) -> Cohort:
    cohort = get_object_or_404(_visible_cohorts(request), pk=pk)
    if not request.user.has_perm("training.manage_cohort", cohort):
        raise PermissionDenied(_(MSG_NOT_MANAGER))
    return cohort


# --- courses -----------------------------------------------------------------------------


@router.get("/courses", response=list[CourseOut], summary="List courses")
@paginate(Pagination)
def list_courses(request: HttpRequest) -> QuerySet[Course]:
    """The active courses (หลักสูตร); courses are national, every caller may read them."""
    return cohort_selectors.active_courses()


@router.get(
    "/courses/{course_id}",
    response={200: CourseDetailOut, **NOT_FOUND},
    summary="Get a course",
)
def get_course(request: HttpRequest, course_id: int) -> Course:
    """A course with its modules and the size of its test and survey (never the answer key)."""
    return get_object_or_404(cohort_selectors.active_courses(), pk=course_id)


# --- cohorts -----------------------------------------------------------------------------


@router.get("/cohorts", response=list[CohortOut], summary="List cohorts")
@paginate(Pagination)
def list_cohorts(request: HttpRequest, course: int | None = None) -> QuerySet[Cohort]:
    """The cohorts the caller may see: all for national admins, those held in their province
    for provincial officers, and those they organise, train or are approved trainees in."""
    qs = _visible_cohorts(request)
    if course is not None:
        qs = qs.filter(course_id=course)
    return qs.order_by("-starts_on", "course__code", "number", "pk")


@router.get(
    "/cohorts/{cohort_id}", response={200: CohortDetailOut, **NOT_FOUND}, summary="Get a cohort"
)
def get_cohort(request: HttpRequest, cohort_id: int) -> Cohort:
    """A cohort the caller may see, with its sessions."""
    return get_object_or_404(
        _visible_cohorts(request).prefetch_related("sessions"),
        pk=cohort_id,
    )


@router.get(
    "/cohorts/{cohort_id}/enrollments",
    response={200: list[EnrollmentOut], **FORBIDDEN_OR_NOT_FOUND},
    summary="List a cohort's enrollments",
)
@paginate(Pagination)
def list_enrollments(request: HttpRequest, cohort_id: int) -> QuerySet[Enrollment]:
    """Every nomination, application and trainee of a cohort, for those who run it."""
    cohort = _managed_cohort(request, cohort_id)
    return cohort_selectors.enrollments_of(cohort).order_by("pk")


@router.get(
    "/cohorts/{cohort_id}/attendance",
    response={200: list[AttendanceOut], **FORBIDDEN_OR_NOT_FOUND},
    summary="List a cohort's attendance",
)
@paginate(Pagination)
def list_attendance(request: HttpRequest, cohort_id: int) -> QuerySet[Attendance]:
    """One item per trainee present at a session, with how they were checked in."""
    cohort = _managed_cohort(request, cohort_id)
    return cohort_selectors.attendance_of(cohort)


@router.get(
    "/cohorts/{cohort_id}/certificates",
    response={200: list[CertificateOut], **FORBIDDEN_OR_NOT_FOUND},
    summary="List a cohort's certificates",
)
@paginate(Pagination)
def list_certificates(request: HttpRequest, cohort_id: int) -> QuerySet[Certificate]:
    cohort = _managed_cohort(request, cohort_id)
    return cohort_selectors.certificates_of(cohort)


@router.get(
    "/certificates/verify/{code}",
    response={200: VerificationOut, **NOT_FOUND},
    auth=None,
    summary="Verify a certificate (public)",
)
def verify_certificate(request: HttpRequest, code: str) -> VerificationOut:
    """Anyone may check a certificate by the code of its QR: valid or revoked, whose, of which
    course and cohort, issued when. Nothing else about the person is given."""
    certificate = cohort_selectors.certificate_by_code(code)
    if certificate is None:
        raise NotFound(_(MSG_NO_CERTIFICATE))
    enrollment = certificate.enrollment
    return VerificationOut(
        valid=certificate.is_valid,
        name=enrollment.trainee.get_full_name() or enrollment.trainee.username,
        course=enrollment.cohort.course.name_th,
        cohort=enrollment.cohort.number,
        issued_on=certificate.issued_on,
        revoked_at=certificate.revoked_at,
    )


# --- workshops ---------------------------------------------------------------------------


@router.get("/workshops", response=list[WorkshopOut], summary="List workshops")
@paginate(Pagination)
def list_workshops(request: HttpRequest, mine: bool = False, area: str = "") -> QuerySet[Workshop]:
    """Workshops in the caller's area (and their own); `mine=true` for a facilitator's own;
    `area` narrows to a province, district, sub-district or village code."""
    area_code = area if area.isdigit() and len(area) in (2, 4, 6, 8) else ""
    return workshop_selectors.workshop_list(
        user=signed_in_user(request), mine=mine, area_code=area_code
    ).prefetch_related("headcounts", "participants_known")


def _workshop_data(payload: WorkshopIn) -> WorkshopData:
    subdistrict = Subdistrict.objects.filter(pk=payload.subdistrict_code).first()
    if subdistrict is None:
        raise ValidationError(
            _(MSG_NO_SUBDISTRICT) % {"code": payload.subdistrict_code}, field="subdistrict_code"
        )
    village = None
    if payload.village_code:
        village = Village.objects.filter(pk=payload.village_code).first()
        if village is None:
            raise ValidationError(
                _(MSG_NO_VILLAGE) % {"code": payload.village_code}, field="village_code"
            )
    people = User.objects.in_bulk(payload.participant_ids)
    for pk in payload.participant_ids:
        if pk not in people:
            raise ValidationError(_(MSG_NO_USER) % {"id": pk}, field="participant_ids")
    return WorkshopData(
        subdistrict=subdistrict,
        village=village,
        date=payload.date,
        kind=str(payload.kind),
        title=payload.title,
        topics=payload.topics,
        problems=payload.problems,
        headcounts={(str(h.age_band), str(h.sex)): h.count for h in payload.headcounts},
        participants=[people[pk] for pk in dict.fromkeys(payload.participant_ids)],
    )


@router.post(
    "/workshops",
    response={201: WorkshopOut, 400: ErrorOut, 403: ErrorOut},
    summary="Record a workshop",
)
def create_workshop(request: HttpRequest, payload: WorkshopIn) -> Status[Workshop]:
    """A facilitator records a workshop they ran (the same rules as the page)."""
    user = signed_in_user(request)
    workshop = record_workshop(by=user, data=_workshop_data(payload))
    created = workshop_selectors.workshop_detail(user=user, pk=workshop.pk)
    return Status(201, created or workshop)
