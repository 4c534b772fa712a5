"""The field-work API as a phone app uses it: a visit as JSON, then its photo as multipart, the
photo read back through the API only; assistance with totals by source; follow-ups."""

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from tambon.accounts.models import User
from tambon.cases.models import FollowUp, HomeVisit
from tambon.cases.services.assistance import record_assistance
from tests.cases.visits_support import (  # noqa: F401
    _private_media,
    allow_photos,
    fieldwork_case,
    image_bytes,
    upload,
)
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def send(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_volunteer_records_a_visit_then_adds_its_photo(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    allow_photos(case, siphum_officer)
    client = api_client(siphum_volunteer)

    created = send(
        client,
        f"/api/v1/cases/{case.pk}/visits",
        {
            "visited_on": TODAY().isoformat(),
            "met": "คุณยายและหลาน",
            "observations": "ต้องการรถเข็น",
            "dimension_scores": {"health": 2, "access": 3},
        },
    )
    visit_id = created.json()["id"]
    photo = client.post(f"/api/v1/cases/{case.pk}/visits/{visit_id}/photo", {"photo": upload()})
    listed = client.get(f"/api/v1/cases/{case.pk}/visits").json()
    image = client.get(photo.json()["photo_url"])

    assert created.status_code == 201
    assert created.json()["has_photo"] is False
    assert photo.status_code == 200
    assert photo.json()["has_photo"] is True
    assert listed["count"] == 1
    assert listed["items"][0]["dimension_scores"] == {"health": 2, "access": 3}
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert "/media/" not in json.dumps(listed)


def test_a_photo_that_is_not_an_image_is_a_400_and_the_visit_keeps_no_photo(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    allow_photos(case, siphum_officer)
    client = api_client(siphum_volunteer)
    visit_id = send(
        client,
        f"/api/v1/cases/{case.pk}/visits",
        {"visited_on": TODAY().isoformat(), "observations": "ปกติดี"},
    ).json()["id"]

    response = client.post(
        f"/api/v1/cases/{case.pk}/visits/{visit_id}/photo",
        {"photo": upload(b"MZ\x90\x00 an exe", name="photo.jpg")},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "photo"
    assert not HomeVisit.objects.get().photo


def test_a_bad_score_through_the_api_names_its_field(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)

    response = send(
        api_client(siphum_volunteer),
        f"/api/v1/cases/{case.pk}/visits",
        {"visited_on": TODAY().isoformat(), "observations": "ปกติ", "dimension_scores": {"x": 9}},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "dimension_scores"
    assert not HomeVisit.objects.exists()


def test_assistance_lists_with_totals_by_source(siphum_officer: User) -> None:
    case = fieldwork_case(siphum_officer, None)
    for amount, source in (("1000.00", "government"), ("2500.50", "government"), ("300", "donor")):
        record_assistance(
            case=case,
            given_on=TODAY(),
            kind="cash",
            description="เงินสงเคราะห์",
            amount=amount,
            source=source,
            by=siphum_officer,
        )

    body = api_client(siphum_officer).get(f"/api/v1/cases/{case.pk}/assistance").json()

    assert body["count"] == 3
    totals = {t["source"]: t["amount"] for t in body["totals"]}
    assert totals == {"government": "3500.50", "donor": "300.00"}
    assert body["total_amount"] == "3800.50"


def test_a_negative_amount_through_the_api_is_refused(siphum_officer: User) -> None:
    case = fieldwork_case(siphum_officer, None)

    response = send(
        api_client(siphum_officer),
        f"/api/v1/cases/{case.pk}/assistance",
        {
            "given_on": TODAY().isoformat(),
            "kind": "cash",
            "description": "เงินสงเคราะห์",
            "amount": "-5",
            "source": "government",
        },
    )

    assert response.status_code == 400
    assert response.json()["field"] == "amount"


def test_follow_ups_are_scheduled_listed_with_overdue_and_completed(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    officer = api_client(siphum_officer)
    created = send(
        officer,
        f"/api/v1/cases/{case.pk}/follow-ups",
        {
            "due_on": (TODAY() + dt.timedelta(days=10)).isoformat(),
            "purpose": "ติดตามผลการฝึกอาชีพ",
            "assigned_to_id": siphum_volunteer.pk,
        },
    )
    follow_up_id = created.json()["id"]

    done = send(
        api_client(siphum_volunteer),
        f"/api/v1/cases/{case.pk}/follow-ups/{follow_up_id}/complete",
        {"result": "เริ่มขายขนมได้แล้ว"},
    )
    listed = officer.get(f"/api/v1/cases/{case.pk}/follow-ups").json()

    assert created.status_code == 201
    assert created.json()["overdue"] is False
    assert done.status_code == 200
    assert listed["items"][0]["status"] == "done"
    assert FollowUp.objects.get().done_by == siphum_volunteer
