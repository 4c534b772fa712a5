"""The organiser's decisions: approving within capacity and quotas, the waiting list,
rejecting and withdrawing; and "My training"."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tambon.accounts.models import User
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.training.models import Cohort, Enrollment
from tambon.training.services import enrollment as services
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def nominee(cohort: Cohort, subdistrict: str = "500101") -> Enrollment:
    return EnrollmentFactory(
        cohort=cohort, status="nominated", decided_at=None, subdistrict_id=subdistrict
    )


def fresh(enrollment: Enrollment) -> Enrollment:
    # The status is a protected FSM field: refresh_from_db() may not overwrite it.
    return Enrollment.objects.get(pk=enrollment.pk)


def status(enrollment: Enrollment) -> str:
    return fresh(enrollment).status


def test_the_organiser_approves_within_capacity_and_the_decision_is_dated() -> None:
    cohort = CohortFactory(capacity=2)
    enrollment = nominee(cohort)
    services.approve(by=cohort.organiser, enrollment=enrollment)
    enrollment = fresh(enrollment)
    assert enrollment.status == "approved"
    assert enrollment.decided_at is not None
    assert enrollment.updated_by == cohort.organiser


def test_approving_beyond_capacity_is_refused_and_suggests_the_waiting_list() -> None:
    cohort = CohortFactory(capacity=1)
    EnrollmentFactory(cohort=cohort)
    late = nominee(cohort)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.approve(by=cohort.organiser, enrollment=late)
    assert "waiting list" in str(caught.value.message)
    assert status(late) == "nominated"


def test_the_page_shows_the_capacity_message_and_changes_nothing(client: Client) -> None:
    cohort = CohortFactory(capacity=1)
    EnrollmentFactory(cohort=cohort)
    late = nominee(cohort)
    response = login(client, cohort.organiser).post(
        reverse("training:enrollment_decide", args=[late.pk, "approve"]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "The cohort is full" in response.content.decode()
    assert status(late) == "nominated"


def test_approving_beyond_a_provinces_quota_is_refused() -> None:
    cohort = CohortFactory(capacity=10, province_quotas={"50": 1})
    EnrollmentFactory(cohort=cohort)
    second = nominee(cohort)
    bangkok = nominee(cohort, subdistrict="100101")
    with pytest.raises(ValidationError) as caught:
        services.approve(by=cohort.organiser, enrollment=second)
    assert caught.value.field == "quota"
    services.approve(by=cohort.organiser, enrollment=bangkok)
    assert (status(second), status(bangkok)) == ("nominated", "approved")


def test_when_an_approved_trainee_withdraws_the_first_waiting_is_promoted() -> None:
    cohort = CohortFactory(capacity=1)
    approved = EnrollmentFactory(cohort=cohort)
    first, second = nominee(cohort), nominee(cohort)
    services.waitlist(by=cohort.organiser, enrollment=first)
    services.waitlist(by=cohort.organiser, enrollment=second)
    with pytest.raises(ValidationError):
        services.promote_from_waiting_list(by=cohort.organiser, cohort=cohort)
    services.withdraw(by=cohort.organiser, enrollment=approved)
    promoted = services.promote_from_waiting_list(by=cohort.organiser, cohort=cohort)
    assert promoted == first
    assert (status(approved), status(first), status(second)) == (
        "withdrawn",
        "approved",
        "waitlisted",
    )


def test_the_promote_button_appears_once_a_place_is_free(client: Client) -> None:
    cohort = CohortFactory(capacity=1)
    approved = EnrollmentFactory(cohort=cohort)
    waiting = EnrollmentFactory(cohort=cohort, status="waitlisted")
    client = login(client, cohort.organiser)
    url = reverse("training:cohort_trainees", args=[cohort.pk])
    assert b'id="promote-button"' not in client.get(url).content
    client.post(reverse("training:enrollment_decide", args=[approved.pk, "withdraw"]))
    assert b'id="promote-button"' in client.get(url).content
    client.post(reverse("training:cohort_promote", args=[cohort.pk]))
    assert status(waiting) == "approved"


def test_rejecting_needs_a_reason_which_is_kept() -> None:
    cohort = CohortFactory()
    enrollment = nominee(cohort)
    with pytest.raises(ValidationError):
        services.reject(by=cohort.organiser, enrollment=enrollment, reason=" ")
    assert status(enrollment) == "nominated"
    services.reject(by=cohort.organiser, enrollment=enrollment, reason="ไม่ใช่ตำบลเป้าหมาย")
    enrollment = fresh(enrollment)
    assert (enrollment.status, enrollment.note) == ("rejected", "ไม่ใช่ตำบลเป้าหมาย")


def test_a_rejected_enrollment_cannot_be_approved() -> None:
    cohort = CohortFactory()
    enrollment = nominee(cohort)
    services.reject(by=cohort.organiser, enrollment=enrollment, reason="ซ้ำกับรุ่นก่อน")
    with pytest.raises(ValidationError):
        services.approve(by=cohort.organiser, enrollment=enrollment)
    assert status(enrollment) == "rejected"


def test_a_trainee_withdraws_themselves_but_cannot_approve_themselves(client: Client) -> None:
    enrollment = nominee(CohortFactory())
    with pytest.raises(PermissionDenied):
        services.approve(by=enrollment.trainee, enrollment=enrollment)
    response = login(client, enrollment.trainee).post(
        reverse("training:enrollment_decide", args=[enrollment.pk, "withdraw"])
    )
    assert response["Location"] == reverse("training:my_training")
    assert status(enrollment) == "withdrawn"


def test_the_trainee_list_filters_by_status(client: Client) -> None:
    cohort = CohortFactory()
    approved = EnrollmentFactory(cohort=cohort)
    nominee(cohort)
    response = login(client, cohort.organiser).get(
        reverse("training:cohort_trainees", args=[cohort.pk]), {"status": "approved"}
    )
    assert list(response.context["page_obj"].object_list) == [approved]


# --- my training ----------------------------------------------------------------------------


def test_my_training_lists_my_enrollments_with_their_status(
    client: Client, siphum_volunteer: User
) -> None:
    approved = EnrollmentFactory(trainee=siphum_volunteer)
    waiting = EnrollmentFactory(trainee=siphum_volunteer, status="waitlisted")
    EnrollmentFactory()  # someone else's
    response = login(client, siphum_volunteer).get(reverse("training:my_training"))
    rows = dict(response.context["rows"])
    assert set(rows) == {approved, waiting}
    assert rows[waiting] == []


def test_my_training_links_an_approved_trainee_only_to_pages_that_exist(
    client: Client, siphum_volunteer: User
) -> None:
    from django.urls import NoReverseMatch

    approved = EnrollmentFactory(trainee=siphum_volunteer)
    response = login(client, siphum_volunteer).get(reverse("training:my_training"))
    urls = [url for _label, _icon, url in dict(response.context["rows"])[approved]]
    try:
        expected = reverse("training:take_test", args=[approved.cohort_id, "post"])
    except NoReverseMatch:
        assert urls == []
    else:
        assert expected in urls
