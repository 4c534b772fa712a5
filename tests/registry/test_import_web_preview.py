"""The preview: counts, every error with its row, column, value and reason, a sample of the
valid rows (national IDs masked), the Excel report, and a confirmation that writes nothing
until it is pressed."""

import io
import re

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import AccessLog, User
from tambon.registry.models import ImportBatch, Person
from tests.conftest import login
from tests.registry.test_import_web_support import (
    BAD_ID,
    csv_bytes,
    last_batch,
    new_id,
    person_row,
    siphum_rows,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]


def preview(client: Client, batch: ImportBatch, **params: str):  # type: ignore[no-untyped-def]
    return client.get(reverse("registry:import_preview", args=[batch.pk]), params)


def test_the_preview_counts_rows_and_lists_each_error_with_row_and_column(
    client: Client, siphum_officer: User
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))

    response = preview(client, last_batch())

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="count-total">\s*3<', html)
    assert re.search(r'id="count-valid">\s*2<', html)
    assert re.search(r'id="count-errors">\s*1<', html)
    error = re.search(r'<tr class="import-error" data-row="4">(.*?)</tr>', html, re.S)
    assert error is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", error.group(1), re.S)
    assert cells[0] == "4"
    assert cells[1] == "เลขประจำตัวประชาชน"
    assert "x-xxxx-xxxxx-12-3" in cells[2]
    assert "1" in cells[3]  # the check digit it should have


def test_the_preview_never_shows_a_national_id_in_full(
    client: Client, siphum_officer: User
) -> None:
    rows = siphum_rows()
    upload(login(client, siphum_officer), csv_bytes(rows))

    html = preview(client, last_batch()).content.decode()

    assert "สมศรี" in html  # the sample of valid rows
    for row in rows:
        assert row[0] not in html
    assert BAD_ID not in html


def test_the_sample_shows_only_rows_without_errors(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))

    response = preview(client, last_batch())

    sample = response.context["sample"]
    assert len(sample) == 2
    assert all("มาลี" not in row for row in sample)


def test_rows_with_errors_are_announced_as_left_out(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))

    html = preview(client, last_batch()).content.decode()

    assert 'id="import-error-warning"' in html
    assert 'id="import-confirm"' in html
    assert reverse("registry:import_report", args=[last_batch().pk]) in html


def test_confirm_is_disabled_when_no_row_is_valid(client: Client, siphum_officer: User) -> None:
    rows = [person_row(BAD_ID, "มาลี"), person_row(new_id(), "")]
    upload(login(client, siphum_officer), csv_bytes(rows))

    html = preview(client, last_batch()).content.decode()

    assert re.search(r'id="import-confirm"\s+disabled', html)
    assert 'id="import-nothing"' in html


def test_the_errors_are_paginated(client: Client, siphum_officer: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_PAGE_SIZE = 10
    rows = [person_row(BAD_ID, f"คนที่{n}") for n in range(25)]
    upload(login(client, siphum_officer), csv_bytes(rows))
    batch = last_batch()

    first = preview(client, batch)
    last = preview(client, batch, page="3")

    assert [e["row"] for e in first.context["errors_page"].object_list] == list(range(2, 12))
    assert [e["row"] for e in last.context["errors_page"].object_list] == list(range(22, 27))


def test_no_error_table_when_every_row_is_valid(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows(bad=False)))
    batch = last_batch()

    html = preview(client, batch).content.decode()

    assert batch.error_count == 0
    assert not batch.report
    assert 'id="import-errors"' not in html
    assert 'id="import-confirm"' in html


def test_the_error_report_is_an_excel_file_with_an_error_column(
    client: Client, siphum_officer: User
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()

    response = client.get(reverse("registry:import_report", args=[batch.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one bad row
    assert "มาลี" in rows[1]
    assert BAD_ID not in [str(value) for value in rows[1]]
    assert AccessLog.objects.filter(user=siphum_officer, action=AccessLog.Action.EXPORT).exists()


def test_a_report_that_does_not_exist_is_not_found(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows(bad=False)))

    response = client.get(reverse("registry:import_report", args=[last_batch().pk]))

    assert response.status_code == 404


def test_a_file_imported_before_is_announced(client: Client, siphum_officer: User) -> None:
    content = csv_bytes(siphum_rows())
    upload(login(client, siphum_officer), content)
    first = last_batch()
    client.post(reverse("registry:import_confirm", args=[first.pk]))
    first.refresh_from_db()

    upload(client, content)
    html = preview(client, last_batch()).content.decode()

    assert first.status == ImportBatch.Status.DONE
    assert 'id="import-earlier"' in html
    assert "จะไม่" in html or "nothing new" in html
    assert reverse("registry:import_detail", args=[first.pk]) in html


def test_checking_again_reads_the_file_anew(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()
    ImportBatch.objects.filter(pk=batch.pk).update(valid_rows=0, error_count=0)

    response = client.post(reverse("registry:import_preview", args=[batch.pk]))

    batch.refresh_from_db()
    assert response.status_code == 302
    assert (batch.valid_rows, batch.error_count) == (2, 1)
    assert not Person.objects.exists()


def test_an_uploaded_file_that_needs_its_columns_says_so(
    client: Client, siphum_officer: User
) -> None:
    headers = ["เลขบัตร", "ชื่อผู้ตอบ", "นามสกุล"]
    upload(login(client, siphum_officer), csv_bytes([[new_id(), "สมศรี", "มีสุข"]], headers=headers))

    html = preview(client, last_batch()).content.decode()

    assert 'id="import-needs-mapping"' in html
    assert reverse("registry:import_mapping", args=[last_batch().pk]) in html
