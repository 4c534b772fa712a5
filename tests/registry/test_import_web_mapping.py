"""The column map: a select of the file's headers for each field, required ones marked;
choosing the columns checks the file. Only the uploader changes it."""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.registry.models import ImportBatch, Person
from tests.conftest import login
from tests.registry.test_import_web_support import csv_bytes, last_batch, new_id, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]

# A volunteer's own list: the names do not match ours.
HEADERS = ["เลขบัตร", "ชื่อผู้ตอบ", "นามสกุล", "ที่ตั้ง", "อำเภอ", "จังหวัด"]


def own_list(client: Client) -> ImportBatch:
    rows = [
        [new_id(), "สมศรี", "มีสุข", "ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่"],
        [new_id(), "บุญมี", "ใจดี", "ตำบลไม่มีจริง", "เมืองเชียงใหม่", "เชียงใหม่"],
    ]
    upload(client, csv_bytes(rows, headers=HEADERS))
    return last_batch()


def url(batch: ImportBatch) -> str:
    return reverse("registry:import_mapping", args=[batch.pk])


def choose(client: Client, batch: ImportBatch, **columns: str):  # type: ignore[no-untyped-def]
    return client.post(url(batch), columns)


def test_the_page_offers_the_files_headers_and_marks_what_is_missing(
    client: Client, siphum_officer: User
) -> None:
    batch = own_list(login(client, siphum_officer))

    response = client.get(url(batch))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-missing"' in html
    assert '<option value="ชื่อผู้ตอบ">ชื่อผู้ตอบ</option>' in html
    form = response.context["form"]
    assert form["last_name"].initial == "นามสกุล"  # recognised by its name
    assert form["first_name"].initial in ("", None)
    assert form.fields["first_name"].is_import_required


def test_choosing_the_columns_checks_the_file(client: Client, siphum_officer: User) -> None:
    batch = own_list(login(client, siphum_officer))

    response = choose(
        client,
        batch,
        national_id="เลขบัตร",
        first_name="ชื่อผู้ตอบ",
        last_name="นามสกุล",
        subdistrict="ที่ตั้ง",
        district="อำเภอ",
        province="จังหวัด",
    )

    batch.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import_preview", args=[batch.pk])
    assert batch.column_map["first_name"] == "ชื่อผู้ตอบ"
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert (batch.valid_rows, batch.error_count) == (1, 1)
    assert batch.errors_sample[0]["column"] == "ที่ตั้ง"
    assert not Person.objects.exists()


def test_a_required_field_left_without_a_column_is_refused(
    client: Client, siphum_officer: User
) -> None:
    batch = own_list(login(client, siphum_officer))

    response = choose(client, batch, last_name="นามสกุล", subdistrict="ที่ตั้ง")

    batch.refresh_from_db()
    assert response.status_code == 400
    assert "ชื่อ" in " ".join(response.context["form"].non_field_errors())
    assert batch.status == ImportBatch.Status.UPLOADED


def test_one_column_cannot_fill_two_fields(client: Client, siphum_officer: User) -> None:
    batch = own_list(login(client, siphum_officer))

    response = choose(client, batch, first_name="ชื่อผู้ตอบ", last_name="ชื่อผู้ตอบ", subdistrict="ที่ตั้ง")

    assert response.status_code == 400
    assert "ชื่อผู้ตอบ" in " ".join(response.context["form"].errors["last_name"])


def test_a_header_not_in_the_file_is_refused(client: Client, siphum_officer: User) -> None:
    batch = own_list(login(client, siphum_officer))

    response = choose(client, batch, first_name="ชื่อเล่น", subdistrict="ที่ตั้ง")

    assert response.status_code == 400
    assert response.context["form"].errors["first_name"]


def test_the_columns_of_a_checked_file_can_be_changed(client: Client, siphum_officer: User) -> None:
    batch = own_list(login(client, siphum_officer))
    columns = {"first_name": "ชื่อผู้ตอบ", "subdistrict": "ที่ตั้ง", "district": "อำเภอ"}
    choose(client, batch, province="จังหวัด", **columns)

    choose(client, batch, **columns)  # the province column dropped

    batch.refresh_from_db()
    assert "province" not in batch.column_map
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_another_officer_cannot_see_the_column_map(
    client: Client, siphum_officer: User, bkk_officer: User
) -> None:
    batch = own_list(login(client, siphum_officer))

    login(client, bkk_officer)

    assert client.get(url(batch)).status_code == 404
    assert choose(client, batch, first_name="ชื่อผู้ตอบ").status_code == 404


def test_a_provincial_officer_sees_the_batch_but_cannot_change_its_columns(
    client: Client, siphum_officer: User, cm_officer: User
) -> None:
    batch = own_list(login(client, siphum_officer))

    login(client, cm_officer)
    response = choose(client, batch, first_name="ชื่อผู้ตอบ", subdistrict="ที่ตั้ง")

    batch.refresh_from_db()
    assert client.get(reverse("registry:import_preview", args=[batch.pk])).status_code == 200
    assert response.status_code == 403
    assert batch.status == ImportBatch.Status.UPLOADED


def test_the_columns_of_a_finished_import_cannot_be_changed(
    client: Client, siphum_officer: User
) -> None:
    batch = own_list(login(client, siphum_officer))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE)

    response = client.get(url(batch))

    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import_detail", args=[batch.pk])
