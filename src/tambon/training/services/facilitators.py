"""Certification makes a trainee a Shift and Share facilitator (วิทยากรกระบวนการ)."""

from typing import Any

from django.db import transaction

from tambon.accounts import services as accounts_services
from tambon.accounts.roles import Role
from tambon.training.models import Certificate, Facilitator


@transaction.atomic
def grant_facilitator(*, certificate: Certificate, by: Any) -> Facilitator:
    """Make the certificate's holder a facilitator of their sub-district.

    Called by the issuing service, which has checked the permission. Creates the Facilitator
    record if the person has none. A person without a role gets the facilitator role and an
    area assignment for the sub-district; an existing role (and its areas) is never taken away
    or widened, since being a facilitator comes from the record itself (training.policy).
    """
    enrollment = certificate.enrollment
    user = enrollment.trainee
    facilitator = Facilitator.objects.filter(user=user).first()
    if facilitator is None:
        facilitator = Facilitator.objects.create(
            user=user,
            certificate=certificate,
            cohort=enrollment.cohort,
            subdistrict=enrollment.subdistrict,
            created_by=by,
            updated_by=by,
        )
    elif facilitator.certificate_id is None or not facilitator.is_active:
        # A record made by hand, or left by a revoked certificate: this certificate backs it now.
        facilitator.certificate = certificate
        facilitator.cohort = enrollment.cohort
        facilitator.is_active = True
        facilitator.updated_by = by
        facilitator.save(
            update_fields=["certificate", "cohort", "is_active", "updated_at", "updated_by"]
        )
    accounts_services.grant_role_if_none(
        user=user, role=Role.FACILITATOR, area_code=enrollment.subdistrict_id, by=by
    )
    return facilitator


@transaction.atomic
def withdraw_facilitator(*, certificate: Certificate) -> None:
    """A revoked certificate no longer backs a facilitator: their record is made inactive.

    The person's role is left as it is (it may have been given for other reasons).
    """
    Facilitator.objects.filter(certificate=certificate, is_active=True).update(is_active=False)
