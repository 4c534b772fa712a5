"""The training API: scoped cohorts, records for those who run a cohort, the public certificate
check, workshops."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.accounts.services import create_api_token
from tambon.training.models import Attendance, Certificate, Cohort, Facilitator, Workshop
from tests.conftest import MakeUser
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/training"


def as_user(user: User) -> Client:
    _token, raw = create_api_token(user=user, name="สคริปต์รายงาน", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def cohorts() -> dict[str, Cohort]:
    """Cohort 3 in Chiang Mai (with an approved trainee) and cohort 2 in Khon Kaen."""
    chiang_mai = CohortFactory(number=3)
    khon_kaen = CohortFactory(number=2, province_id="40", venue="โรงแรมในเมืองขอนแก่น")
    enrollment = EnrollmentFactory(cohort=chiang_mai, trainee__first_name="วันเพ็ญ")
    session = chiang_mai.sessions.first()
    Attendance.objects.create(session=session, enrollment=enrollment, method="qr")
    Certificate.objects.create(
        enrollment=enrollment,
        year_be=2564,
        serial=7,
        issued_on=dt.date(2021, 3, 31),
        verification_code="k3J9xQ2mPz8wR4tY6uV1bN5cD7eF0gH2",
    )
    return {"chiang_mai": chiang_mai, "khon_kaen": khon_kaen, "trainee": enrollment.trainee}


def ids(response: Any) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


def test_a_national_admin_lists_every_cohort(admin: User, cohorts: dict[str, Any]) -> None:
    response = as_user(admin).get(f"{API}/cohorts")

    assert response.status_code == 200
    assert ids(response) == {cohorts["chiang_mai"].pk, cohorts["khon_kaen"].pk}


def test_a_provincial_officer_lists_the_cohorts_of_their_province(
    cm_officer: User, cohorts: dict[str, Any]
) -> None:
    response = as_user(cm_officer).get(f"{API}/cohorts")

    assert ids(response) == {cohorts["chiang_mai"].pk}
    assert response.json()["items"][0]["starts_on"] == "2021-03-29"


def test_a_trainee_lists_the_cohort_they_are_in(cohorts: dict[str, Any]) -> None:
    response = as_user(cohorts["trainee"]).get(f"{API}/cohorts")

    assert ids(response) == {cohorts["chiang_mai"].pk}


def test_an_officer_elsewhere_lists_no_cohort(bkk_officer: User, cohorts: dict[str, Any]) -> None:
    response = as_user(bkk_officer).get(f"{API}/cohorts")

    assert response.json() == {"items": [], "count": 0}


def test_a_cohort_out_of_scope_is_not_found(bkk_officer: User, cohorts: dict[str, Any]) -> None:
    response = as_user(bkk_officer).get(f"{API}/cohorts/{cohorts['chiang_mai'].pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_cohort_comes_with_its_sessions(cm_officer: User, cohorts: dict[str, Any]) -> None:
    body = as_user(cm_officer).get(f"{API}/cohorts/{cohorts['chiang_mai'].pk}").json()

    assert body["number"] == 3
    assert len(body["sessions"]) == 6


def test_courses_are_listed_without_their_answer_key(
    siphum_volunteer: User, cohorts: dict[str, Any]
) -> None:
    listing = as_user(siphum_volunteer).get(f"{API}/courses").json()
    course_id = cohorts["chiang_mai"].course_id
    detail = as_user(siphum_volunteer).get(f"{API}/courses/{course_id}").json()

    assert listing["count"] == 2
    assert detail["questions"] == 5
    assert len(detail["modules"]) == 2
    assert "correct_choice" not in str(detail)


def test_the_organiser_reads_enrollments_attendance_and_certificates(
    cohorts: dict[str, Any],
) -> None:
    cohort = cohorts["chiang_mai"]
    client = as_user(cohort.organiser)

    enrollments = client.get(f"{API}/cohorts/{cohort.pk}/enrollments").json()
    attendance = client.get(f"{API}/cohorts/{cohort.pk}/attendance").json()
    certificates = client.get(f"{API}/cohorts/{cohort.pk}/certificates").json()

    assert [e["status"] for e in enrollments["items"]] == ["approved"]
    assert [a["method"] for a in attendance["items"]] == ["qr"]
    assert [c["number"] for c in certificates["items"]] == ["SS 2564/0007"]


def test_a_trainee_may_not_read_the_cohorts_records(cohorts: dict[str, Any]) -> None:
    cohort = cohorts["chiang_mai"]

    response = as_user(cohorts["trainee"]).get(f"{API}/cohorts/{cohort.pk}/enrollments")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_the_certificate_check_needs_no_sign_in(cohorts: dict[str, Any]) -> None:
    response = Client().get(f"{API}/certificates/verify/k3J9xQ2mPz8wR4tY6uV1bN5cD7eF0gH2")

    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "name": cohorts["trainee"].get_full_name(),
        "course": "หลักสูตรวิทยากรกระบวนการ Shift and Share",
        "cohort": 3,
        "issued_on": "2021-03-31",
        "revoked_at": None,
    }


def test_the_certificate_check_says_revoked(cohorts: dict[str, Any]) -> None:
    Certificate.objects.update(revoked_at=timezone.now())

    body = Client().get(f"{API}/certificates/verify/k3J9xQ2mPz8wR4tY6uV1bN5cD7eF0gH2").json()

    assert body["valid"] is False
    assert body["revoked_at"] is not None


def test_the_certificate_check_gives_no_personal_data_beyond_the_name(
    cohorts: dict[str, Any],
) -> None:
    body = Client().get(f"{API}/certificates/verify/k3J9xQ2mPz8wR4tY6uV1bN5cD7eF0gH2").json()
    trainee = cohorts["trainee"]

    assert set(body) == {"valid", "name", "course", "cohort", "issued_on", "revoked_at"}
    text = str(body)
    for private in (trainee.email, trainee.username, "500101", "ศรีภูมิ"):
        assert private not in text


def test_an_unknown_certificate_code_is_not_found(db: None) -> None:
    response = Client().get(f"{API}/certificates/verify/not-a-real-code")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_other_routes_still_need_a_caller(cohorts: dict[str, Any]) -> None:
    assert Client().get(f"{API}/cohorts").status_code == 401


def facilitator(make_user: MakeUser) -> Facilitator:
    user = make_user("siphum_facilitator", Role.FACILITATOR, "500101")
    return Facilitator.objects.create(user=user, subdistrict_id="500101")


WORKSHOP = {
    "subdistrict_code": "500101",
    "date": "2021-05-15",
    "kind": "youth_camp",
    "title": "ค่ายนวัตกรน้อยตำบลศรีภูมิ",
    "problems": ["elderly"],
    "headcounts": [
        {"age_band": "youth", "sex": "female", "count": 21},
        {"age_band": "youth", "sex": "male", "count": 19},
    ],
}


def test_a_facilitator_records_a_workshop_through_the_api(make_user: MakeUser) -> None:
    f = facilitator(make_user)

    response = as_user(f.user).post(f"{API}/workshops", WORKSHOP, content_type="application/json")

    assert response.status_code == 201
    body = response.json()
    assert body["reached"] == 40
    assert body["facilitator_id"] == f.pk
    assert Workshop.objects.get().title == "ค่ายนวัตกรน้อยตำบลศรีภูมิ"


def test_a_workshop_from_someone_who_is_not_a_facilitator_is_refused(
    siphum_officer: User,
) -> None:
    response = as_user(siphum_officer).post(
        f"{API}/workshops", WORKSHOP, content_type="application/json"
    )

    assert response.status_code == 403
    assert not Workshop.objects.exists()


def test_a_workshop_in_an_unknown_sub_district_is_invalid(make_user: MakeUser) -> None:
    f = facilitator(make_user)

    response = as_user(f.user).post(
        f"{API}/workshops",
        {**WORKSHOP, "subdistrict_code": "999999"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "subdistrict_code"


def test_workshops_are_listed_in_the_callers_area(
    make_user: MakeUser, cm_officer: User, bkk_officer: User
) -> None:
    f = facilitator(make_user)
    as_user(f.user).post(f"{API}/workshops", WORKSHOP, content_type="application/json")

    cm = as_user(cm_officer).get(f"{API}/workshops").json()
    bkk = as_user(bkk_officer).get(f"{API}/workshops").json()

    assert cm["count"] == 1
    assert cm["items"][0]["headcounts"][0]["count"] in (19, 21)
    assert bkk["count"] == 0
