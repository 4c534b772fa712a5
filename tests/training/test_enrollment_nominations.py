"""Nominating people of one's area (known or new), applying oneself, and refusing duplicates."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.training.models import Cohort, Enrollment
from tambon.training.services import enrollment as services
from tests.conftest import MakeUser, login
from tests.training.factories import CohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_cohort() -> Cohort:
    start = timezone.localdate() + dt.timedelta(days=30)
    return CohortFactory(starts_on=start, ends_on=start + dt.timedelta(days=2))


def nominate_url(cohort: Cohort) -> str:
    return reverse("training:cohort_nominate", args=[cohort.pk])


def test_an_officer_nominates_a_volunteer_of_their_sub_district(
    client: Client, open_cohort: Cohort, siphum_officer: User, siphum_volunteer: User
) -> None:
    response = login(client, siphum_officer).post(
        nominate_url(open_cohort), {"mode": "existing", "trainee": siphum_volunteer.pk}
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert (enrollment.trainee, enrollment.status, enrollment.channel) == (
        siphum_volunteer,
        "nominated",
        "nomination",
    )
    assert enrollment.subdistrict_id == "500101"
    assert enrollment.nominated_by == siphum_officer


def test_the_search_finds_only_people_of_the_officers_area(
    client: Client, open_cohort: Cohort, siphum_officer: User, make_user: MakeUser
) -> None:
    make_user("kanya_siphum", Role.VOLUNTEER, "500101", first_name="กัญญา")
    make_user("kanya_bangkok", Role.VOLUNTEER, "100101", first_name="กัญญา")
    response = login(client, siphum_officer).get(
        nominate_url(open_cohort), {"q": "กัญญา"}, HTTP_HX_REQUEST="true"
    )
    assert [u.username for u in response.context["people"]] == ["kanya_siphum"]


def test_an_officer_creates_the_account_of_someone_new_and_nominates_them(
    client: Client, open_cohort: Cohort, siphum_officer: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    data = {
        "mode": "new",
        "first_name": "ประยูร",
        "last_name": "บุญมา",
        "username": "prayoon",
        "email": "prayoon@example.go.th",
        "role": "volunteer",
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, siphum_officer).post(nominate_url(open_cohort), data)
    assert response.status_code == 302
    trainee = User.objects.get(username="prayoon")
    assert (trainee.role, trainee.area_codes()) == ("volunteer", ["500101"])
    enrollment = Enrollment.objects.get(trainee=trainee)
    assert (enrollment.cohort, enrollment.subdistrict_id) == (open_cohort, "500101")
    assert [m.to for m in mail.outbox] == [["prayoon@example.go.th"]]


def test_a_new_account_with_a_taken_e_mail_creates_nothing(
    client: Client, open_cohort: Cohort, siphum_officer: User, siphum_volunteer: User
) -> None:
    data = {
        "mode": "new",
        "first_name": "สมชาย",
        "last_name": "ใจดี",
        "username": "somchai2",
        "email": siphum_volunteer.email,
        "role": "volunteer",
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
    }
    response = login(client, siphum_officer).post(nominate_url(open_cohort), data)
    assert response.status_code == 400
    assert response.context["new"].errors["email"]
    assert not User.objects.filter(username="somchai2").exists()
    assert not Enrollment.objects.exists()


def test_a_sub_district_officer_may_not_give_a_trainee_an_officers_role(
    open_cohort: Cohort, siphum_officer: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.nominate_new_account(
            by=siphum_officer,
            cohort=open_cohort,
            username="officer2",
            email="officer2@example.go.th",
            first_name="วันเพ็ญ",
            last_name="แก้วมณี",
            role=Role.SUBDISTRICT_OFFICER,
            subdistrict_code="500101",
        )
    assert not User.objects.filter(username="officer2").exists()


def test_nominating_someone_twice_is_refused_with_a_clear_message(
    open_cohort: Cohort, siphum_officer: User, siphum_volunteer: User
) -> None:
    services.nominate(by=siphum_officer, cohort=open_cohort, trainee=siphum_volunteer)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.nominate(by=siphum_officer, cohort=open_cohort, trainee=siphum_volunteer)
    assert "is already in this cohort" in str(caught.value.message)
    assert Enrollment.objects.count() == 1


def test_the_page_shows_the_duplicate_on_the_form(
    client: Client, open_cohort: Cohort, siphum_officer: User, siphum_volunteer: User
) -> None:
    services.nominate(by=siphum_officer, cohort=open_cohort, trainee=siphum_volunteer)
    response = login(client, siphum_officer).post(
        nominate_url(open_cohort), {"mode": "existing", "trainee": siphum_volunteer.pk}
    )
    assert response.status_code == 400
    assert response.context["existing"].errors["trainee"]
    assert Enrollment.objects.count() == 1


def test_a_sub_district_officer_cannot_nominate_someone_outside_their_area(
    client: Client, open_cohort: Cohort, siphum_officer: User, make_user: MakeUser
) -> None:
    outsider = make_user("bkk_volunteer", Role.VOLUNTEER, "100101")
    response = login(client, siphum_officer).post(
        nominate_url(open_cohort), {"mode": "existing", "trainee": outsider.pk}
    )
    assert response.status_code == 403
    assert not Enrollment.objects.exists()


def test_an_officer_cannot_name_a_sub_district_outside_their_area(
    open_cohort: Cohort, cm_officer: User, make_user: MakeUser
) -> None:
    partner = make_user("cm_partner", Role.PARTNER, "50")
    with pytest.raises(PermissionDenied):
        services.nominate(
            by=cm_officer, cohort=open_cohort, trainee=partner, subdistrict_code="100101"
        )
    assert not Enrollment.objects.exists()


def test_a_volunteer_cannot_nominate(open_cohort: Cohort, siphum_volunteer: User) -> None:
    with pytest.raises(PermissionDenied):
        services.nominate(by=siphum_volunteer, cohort=open_cohort, trainee=siphum_volunteer)
    assert not Enrollment.objects.exists()


def test_nominations_to_a_closed_cohort_are_refused(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    past = CohortFactory()  # 29–31 March 2021
    with pytest.raises(ValidationError):
        services.nominate(by=siphum_officer, cohort=past, trainee=siphum_volunteer)
    assert not Enrollment.objects.exists()


# --- applying oneself -----------------------------------------------------------------------


def test_a_volunteer_applies_to_an_open_cohort_from_its_page(
    client: Client, open_cohort: Cohort, siphum_volunteer: User
) -> None:
    client = login(client, siphum_volunteer)
    page = client.get(reverse("training:cohort_detail", args=[open_cohort.pk]))
    assert b'id="apply-button"' in page.content
    response = client.post(reverse("training:cohort_apply", args=[open_cohort.pk]))
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert (enrollment.trainee, enrollment.channel, enrollment.status) == (
        siphum_volunteer,
        "application",
        "nominated",
    )
    assert enrollment.subdistrict_id == "500101"


def test_someone_working_in_a_district_chooses_their_sub_district_when_applying(
    client: Client, open_cohort: Cohort, make_user: MakeUser
) -> None:
    officer = make_user("district_officer", Role.SUBDISTRICT_OFFICER, "5001")
    client = login(client, officer)
    url = reverse("training:cohort_apply", args=[open_cohort.pk])
    client.post(url)
    assert not Enrollment.objects.exists()
    client.post(url, {"area-province": "50", "area-district": "5001", "area-subdistrict": "500102"})
    assert Enrollment.objects.get().subdistrict_id == "500102"


def test_applying_twice_is_refused(open_cohort: Cohort, siphum_volunteer: User) -> None:
    services.apply(by=siphum_volunteer, cohort=open_cohort)
    with pytest.raises(ValidationError):
        services.apply(by=siphum_volunteer, cohort=open_cohort)
    assert Enrollment.objects.count() == 1


def test_nobody_applies_to_a_closed_cohort(siphum_volunteer: User) -> None:
    with pytest.raises(ValidationError):
        services.apply(by=siphum_volunteer, cohort=CohortFactory())
    assert not Enrollment.objects.exists()


def test_a_user_without_a_role_cannot_apply(open_cohort: Cohort, make_user: MakeUser) -> None:
    nobody = make_user("no_role", "")
    with pytest.raises(PermissionDenied):
        services.apply(by=nobody, cohort=open_cohort, subdistrict_code="500101")
    assert not Enrollment.objects.exists()
