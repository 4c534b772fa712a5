"""Reads for certificates: completion inputs, a cohort's certificates, the public verification."""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tambon.training.models import Certificate, Cohort, Enrollment, TestAttempt
from tambon.training.models.certificates import Signatory


def completion_inputs(
    cohort: Cohort, *, enrollment_pk: int | None = None
) -> tuple[int, list[Enrollment]]:
    """The cohort's session count and its approved enrollments, annotated (two queries).

    Each enrollment carries `attended` (sessions of this cohort attended), `post_score` and
    `post_max` (None without a post-test), its trainee, sub-district and certificate if any.
    `enrollment_pk` limits the list to that one enrollment.
    """
    session_count = cohort.sessions.count()
    post = TestAttempt.objects.filter(enrollment=OuterRef("pk"), kind=TestAttempt.Kind.POST)
    enrollments = (
        Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.APPROVED)
        .select_related("trainee", "subdistrict", "certificate")
        .annotate(
            attended=Coalesce(
                Count("attendance", filter=Q(attendance__session__cohort=cohort)),
                Value(0),
                output_field=IntegerField(),
            ),
            post_score=Subquery(post.values("score")[:1]),
            post_max=Subquery(post.values("max_score")[:1]),
        )
        .order_by("trainee__first_name", "trainee__last_name", "pk")
    )
    if enrollment_pk is not None:
        enrollments = enrollments.filter(pk=enrollment_pk)
    return session_count, list(enrollments)


def _certificates() -> QuerySet[Certificate]:
    return Certificate.objects.select_related(
        "enrollment__trainee", "enrollment__cohort__course", "enrollment__subdistrict"
    )


def cohort_certificates(cohort: Cohort, *, include_revoked: bool = True) -> list[Certificate]:
    """The cohort's certificates in number order (one query)."""
    qs = _certificates().filter(enrollment__cohort=cohort)
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    return list(qs.order_by("year_be", "serial"))


def certificate_by_pk(pk: int) -> Certificate | None:
    return _certificates().filter(pk=pk).first()


def certificates_of_trainee(user: Any) -> list[Certificate]:
    """The certificates a person received, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(_certificates().filter(enrollment__trainee=user).order_by("-issued_on", "-pk"))


def cohort_signatories(cohort: Cohort) -> list[Signatory]:
    return list(Signatory.objects.filter(cohort=cohort).order_by("order", "pk"))


def full_thai_name(user: Any) -> str:
    """Title (when the account has one) + first name + last name, as printed in Thai."""
    title = getattr(user, "name_title", "") or ""
    return f"{title}{user.first_name} {user.last_name}".strip() or user.get_username()


def verification(code: str) -> dict[str, Any] | None:
    """What the public may learn about a certificate by its code; None if there is none.

    Only the status (with the revocation date), the holder's name, the course, the cohort and
    the issue date: no identifier, contact or area of the holder.
    """
    cert = (
        Certificate.objects.select_related("enrollment__trainee", "enrollment__cohort__course")
        .filter(verification_code=code)
        .first()
    )
    if cert is None:
        return None
    cohort = cert.enrollment.cohort
    revoked_on = timezone.localdate(cert.revoked_at) if cert.revoked_at else None
    return {
        "valid": cert.is_valid,
        "status": "valid" if cert.is_valid else "revoked",
        "revoked_on": revoked_on,
        "name": full_thai_name(cert.enrollment.trainee),
        "course": cohort.course.name_th,
        "cohort_number": cohort.number,
        "cohort_starts_on": cohort.starts_on,
        "cohort_ends_on": cohort.ends_on,
        "issued_on": cert.issued_on,
    }


def verification_json(code: str) -> dict[str, Any] | None:
    """`verification` with dates as ISO strings, for the API."""
    data = verification(code)
    if data is None:
        return None
    dates = ("revoked_on", "cohort_starts_on", "cohort_ends_on", "issued_on")
    return {k: (v.isoformat() if k in dates and v else v) for k, v in data.items()}
