"""The import API: upload, status, column map, confirm, cancel and the report, under the same
policy as the pages."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.accounts.services import create_api_token
from tambon.registry.models import ImportBatch, Person
from tests.conftest import MakeUser
from tests.registry.test_import_web_support import BAD_ID, csv_bytes, new_id, siphum_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]

API = "/api/v1/registry/imports"


def as_user(user: User) -> Client:
    _token, raw = create_api_token(user=user, name="สคริปต์นำเข้าข้อมูล", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post_file(api: Client, content: bytes, name: str = "สำรวจ-ศรีภูมิ.csv") -> Any:
    return api.post(f"{API}/", {"file": SimpleUploadedFile(name, content)})


def test_an_upload_answers_the_map_and_the_checks_summary(siphum_officer: User) -> None:
    rows = siphum_rows()
    response = post_file(as_user(siphum_officer), csv_bytes(rows))

    body = response.json()
    assert response.status_code == 201
    assert body["status"] == "previewed"
    assert body["column_map"]["first_name"] == "ชื่อ"
    assert body["missing_required"] == []
    assert (body["total_rows"], body["valid_rows"], body["error_count"]) == (3, 2, 1)
    error = body["errors"][0]
    assert (error["row"], error["column"], error["value"]) == (
        4,
        "เลขประจำตัวประชาชน",
        "x-xxxx-xxxxx-12-3",
    )
    assert body["report_url"].endswith(f"/imports/{body['id']}/report")
    assert all(row[0] not in response.content.decode() for row in rows)
    assert not Person.objects.exists()


def test_a_bad_file_is_a_400_with_the_reason(siphum_officer: User) -> None:
    response = post_file(as_user(siphum_officer), b"%PDF-1.4", "รายชื่อ.pdf")

    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert ".xlsx" in response.json()["message"]
    assert not ImportBatch.objects.exists()


def test_status_confirm_and_report(siphum_officer: User) -> None:
    api = as_user(siphum_officer)
    batch_id = post_file(api, csv_bytes(siphum_rows())).json()["id"]

    confirmed = api.post(f"{API}/{batch_id}/confirm")
    status = api.get(f"{API}/{batch_id}")
    report = api.get(f"{API}/{batch_id}/report")

    assert confirmed.status_code == 202
    body = status.json()
    assert body["status"] == "done"
    assert (body["created_people"], body["created_households"]) == (2, 1)
    assert body["progress"] == {
        "kind": "import",
        "status": "done",
        "done": 3,
        "total": 3,
        "percent": 100,
    }
    assert report.status_code == 200
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    assert Person.objects.count() == 2


def test_an_upload_may_name_the_encoding_and_a_wrong_one_is_refused(
    siphum_officer: User,
) -> None:
    api = as_user(siphum_officer)
    content = csv_bytes(siphum_rows())  # TIS-620

    as_utf8 = api.post(
        f"{API}/", {"file": SimpleUploadedFile("a.csv", content), "encoding": "utf-8"}
    )
    unknown = api.post(
        f"{API}/", {"file": SimpleUploadedFile("b.csv", content), "encoding": "x-no"}
    )
    as_thai = api.post(
        f"{API}/", {"file": SimpleUploadedFile("c.csv", content), "encoding": "cp874"}
    )

    assert (as_utf8.status_code, as_utf8.json()["field"]) == (400, "file")
    assert (unknown.status_code, unknown.json()["field"]) == (400, "file")
    assert as_thai.status_code == 201
    assert as_thai.json()["valid_rows"] == 2


def test_a_second_upload_of_the_same_file_points_at_the_first_import(siphum_officer: User) -> None:
    api = as_user(siphum_officer)
    content = csv_bytes(siphum_rows())
    first = post_file(api, content).json()["id"]
    api.post(f"{API}/{first}/confirm")

    second = post_file(api, content).json()
    api.post(f"{API}/{second['id']}/confirm")

    assert second["earlier_import_id"] == first
    assert second["skipped_rows"] == 2
    assert api.get(f"{API}/{second['id']}").json()["created_people"] == 0
    assert Person.objects.count() == 2


def test_the_column_map_is_set_through_the_api(siphum_officer: User) -> None:
    api = as_user(siphum_officer)
    headers = ["เลขบัตร", "ชื่อผู้ตอบ", "นามสกุล", "ที่ตั้ง", "อำเภอ", "จังหวัด"]
    rows = [[new_id(), "สมศรี", "มีสุข", "ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่"]]
    created = post_file(api, csv_bytes(rows, headers=headers)).json()
    assert created["status"] == "uploaded"
    assert "first_name" in created["missing_required"]

    column_map = {"first_name": "ชื่อผู้ตอบ", "last_name": "นามสกุล", "subdistrict": "ที่ตั้ง",
                  "district": "อำเภอ", "province": "จังหวัด", "national_id": "เลขบัตร"}  # fmt: skip
    response = api.put(
        f"{API}/{created['id']}/columns",
        {"column_map": column_map},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "previewed"
    assert response.json()["valid_rows"] == 1


def test_a_wrong_column_map_is_a_400(siphum_officer: User) -> None:
    api = as_user(siphum_officer)
    batch_id = post_file(api, csv_bytes(siphum_rows())).json()["id"]

    response = api.put(
        f"{API}/{batch_id}/columns",
        {"column_map": {"first_name": "ชื่อเล่น"}},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "ชื่อเล่น" in response.json()["message"]


def test_confirming_twice_is_a_conflict(siphum_officer: User) -> None:
    api = as_user(siphum_officer)
    batch_id = post_file(api, csv_bytes(siphum_rows())).json()["id"]
    api.post(f"{API}/{batch_id}/confirm")

    response = api.post(f"{API}/{batch_id}/confirm")

    assert response.status_code == 409
    assert Person.objects.count() == 2


def test_a_file_without_valid_rows_cannot_be_confirmed(siphum_officer: User) -> None:
    api = as_user(siphum_officer)
    rows = [siphum_rows()[0][:]]
    rows[0][0] = BAD_ID
    batch_id = post_file(api, csv_bytes(rows)).json()["id"]

    response = api.post(f"{API}/{batch_id}/confirm")

    assert response.status_code == 400
    assert not Person.objects.exists()


def test_cancel_through_the_api(siphum_officer: User) -> None:
    api = as_user(siphum_officer)
    batch_id = post_file(api, csv_bytes(siphum_rows())).json()["id"]

    response = api.post(f"{API}/{batch_id}/cancel")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert api.post(f"{API}/{batch_id}/confirm").status_code == 409


def test_the_list_holds_only_what_the_caller_may_see(
    siphum_officer: User, bkk_officer: User, admin: User
) -> None:
    mine = post_file(as_user(siphum_officer), csv_bytes(siphum_rows())).json()["id"]

    assert [b["id"] for b in as_user(siphum_officer).get(f"{API}/").json()["items"]] == [mine]
    assert as_user(bkk_officer).get(f"{API}/").json()["items"] == []
    assert as_user(admin).get(f"{API}/").json()["count"] == 1


def test_another_officers_batch_is_a_404(siphum_officer: User, bkk_officer: User) -> None:
    batch_id = post_file(as_user(siphum_officer), csv_bytes(siphum_rows())).json()["id"]
    other = as_user(bkk_officer)

    assert other.get(f"{API}/{batch_id}").status_code == 404
    assert other.get(f"{API}/{batch_id}/report").status_code == 404
    assert other.post(f"{API}/{batch_id}/confirm").status_code == 404
    assert not Person.objects.exists()


def test_a_provincial_officer_reads_but_cannot_confirm(
    siphum_officer: User, cm_officer: User
) -> None:
    batch_id = post_file(as_user(siphum_officer), csv_bytes(siphum_rows())).json()["id"]
    province = as_user(cm_officer)

    assert province.get(f"{API}/{batch_id}").status_code == 200
    assert province.post(f"{API}/{batch_id}/confirm").status_code == 403
    assert not Person.objects.exists()


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PARTNER])
def test_roles_that_do_not_import_are_forbidden(make_user: MakeUser, role: str) -> None:
    api = as_user(make_user("ผู้ใช้", role, "500101"))

    assert api.get(f"{API}/").status_code == 403
    assert post_file(api, csv_bytes(siphum_rows())).status_code == 403
    assert not ImportBatch.objects.exists()


def test_the_routes_are_in_the_openapi_schema(admin: User) -> None:
    paths = as_user(admin).get("/api/v1/openapi.json").json()["paths"]

    assert "/api/v1/registry/imports/" in paths
    assert "/api/v1/registry/imports/{batch_id}/confirm" in paths
    assert "/api/v1/registry/imports/{batch_id}/report" in paths
