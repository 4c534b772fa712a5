"""The upload page: the formats explained, templates, a file stored and checked, bad files
refused with a clear message, and only officers may import."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.registry.models import Household, ImportBatch, Person
from tests.conftest import MakeUser, login
from tests.registry.test_import_web_support import (
    csv_bytes,
    last_batch,
    siphum_rows,
    upload,
    xlsx_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]

URL = reverse("registry:import_upload")
ENGLISH = [
    "National ID",
    "Title",
    "First name",
    "Last name",
    "Sex",
    "Birth date",
    "House number",
    "Village",
    "Sub-district",
    "District",
    "Province",
]


def refusal(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()
    return " ".join(str(e) for e in response.context["form"].errors["file"])


def test_the_upload_page_explains_the_formats_and_offers_templates(
    client: Client, siphum_officer: User
) -> None:
    response = login(client, siphum_officer).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "เลขประจำตัวประชาชน" in html
    assert "TIS-620" in html
    assert reverse("registry:import_template", args=["xlsx"]) in html
    assert reverse("registry:import_template", args=["csv"]) in html


def test_the_csv_template_has_the_thai_headers_and_a_bom(
    client: Client, siphum_officer: User
) -> None:
    response = login(client, siphum_officer).get(reverse("registry:import_template", args=["csv"]))

    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffเลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล")
    assert text.count("\r\n") == 1  # the header only: nothing to import by mistake


def test_the_excel_template_explains_each_column(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).get(reverse("registry:import_template", args=["xlsx"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    people, guide = book.worksheets
    headers = next(people.iter_rows(max_row=1, values_only=True))
    assert headers[:3] == ("เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ")
    explained = {row[0]: row[3] for row in guide.iter_rows(min_row=2, values_only=True)}
    assert "13" in explained["เลขประจำตัวประชาชน"]


def test_an_unknown_template_format_is_not_found(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).get(reverse("registry:import_template", args=["pdf"]))
    assert response.status_code == 404


def test_a_thai_csv_is_stored_checked_and_shown_in_the_preview(
    client: Client, siphum_officer: User
) -> None:
    response = upload(login(client, siphum_officer), csv_bytes(siphum_rows()))

    batch = last_batch()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import_preview", args=[batch.pk])
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert (batch.total_rows, batch.valid_rows, batch.error_count) == (3, 2, 1)
    assert (batch.file_format, batch.encoding) == ("csv", "cp874")
    assert batch.original_name == "สำรวจครัวเรือน-ศรีภูมิ.csv"
    assert batch.imported_by == siphum_officer
    assert batch.area_codes == ["500101"]


def test_an_upload_writes_nothing_to_the_registry(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))

    assert not Person.objects.exists()
    assert not Household.objects.exists()


def test_the_stored_file_keeps_no_name_of_the_original(
    client: Client, siphum_officer: User
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()), name="บ้านนางสมศรี.csv")

    batch = last_batch()
    assert "สมศรี" not in batch.file.name
    assert batch.file.name.endswith(".csv")


def test_an_excel_file_with_english_headers_is_checked(
    client: Client, siphum_officer: User
) -> None:
    upload(login(client, siphum_officer), xlsx_bytes(siphum_rows(), headers=ENGLISH), "survey.xlsx")

    batch = last_batch()
    assert batch.file_format == "xlsx"
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.column_map["first_name"] == "First name"
    assert (batch.valid_rows, batch.error_count) == (2, 1)


def test_a_file_with_unrecognised_headers_goes_to_the_column_map(
    client: Client, siphum_officer: User
) -> None:
    headers = ["เลขบัตร", "คำนำหน้า", "ชื่อผู้ตอบ", "นามสกุล", "เพศ", "วันเกิด", "บ้านเลขที่",
               "หมู่ที่", "ที่ตั้ง", "อำเภอ", "จังหวัด"]  # fmt: skip
    response = upload(login(client, siphum_officer), csv_bytes(siphum_rows(), headers=headers))

    batch = last_batch()
    assert response["Location"] == reverse("registry:import_mapping", args=[batch.pk])
    assert batch.status == ImportBatch.Status.UPLOADED
    assert batch.total_rows == 0  # not checked yet


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("รายชื่อ.pdf", b"%PDF-1.4 made up", "CSV"),
        ("รายชื่อ.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", ".xls"),
        ("รายชื่อ.xlsx", "ชื่อ,นามสกุล\r\nสมศรี,มีสุข\r\n".encode(), "Excel"),
        ("รายชื่อ.csv", b"PK\x03\x04\x14\x00\x06\x00 a zip, not text", "CSV"),
    ],
    ids=["pdf", "old-xls", "csv-named-xlsx", "zip-named-csv"],
)
def test_a_file_that_is_not_csv_or_xlsx_is_refused_clearly(
    client: Client, siphum_officer: User, name: str, content: bytes, expected: str
) -> None:
    response = upload(login(client, siphum_officer), content, name)
    assert expected in refusal(response)


def test_an_empty_file_is_refused(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)
    response = client.post(URL, {"file": SimpleUploadedFile("ว่าง.csv", b"")})
    # Django's own check of an empty upload, in the request's language.
    assert refusal(response)


def test_a_csv_in_an_unknown_encoding_is_refused_with_what_to_do(
    client: Client, siphum_officer: User
) -> None:
    content = "Name,Surname\r\nZoë,Müller\r\nÿves,Dupont\r\n".encode("latin-1")
    response = upload(login(client, siphum_officer), content)
    assert "UTF-8" in refusal(response)


@pytest.mark.parametrize(
    ("chosen", "read_as"), [("cp874", "cp874"), ("", "cp874"), ("utf-8", None)]
)
def test_the_encoding_chosen_on_the_page_is_the_one_the_file_is_read_in(
    client: Client, siphum_officer: User, chosen: str, read_as: str | None
) -> None:
    thai_windows_file = SimpleUploadedFile("survey.csv", csv_bytes(siphum_rows()))

    response = login(client, siphum_officer).post(
        URL, {"file": thai_windows_file, "encoding": chosen}
    )

    if read_as is None:  # a TIS-620 file is not UTF-8: refused, saying in what it was read
        assert "utf-8" in refusal(response).lower()
    else:
        assert response.status_code == 302
        assert last_batch().encoding == read_as
        assert last_batch().valid_rows == 2


def test_an_unknown_encoding_choice_is_refused(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).post(
        URL,
        {"file": SimpleUploadedFile("survey.csv", csv_bytes(siphum_rows())), "encoding": "ebcdic"},
    )

    assert response.status_code == 400
    assert "encoding" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_a_utf16_text_file_is_refused_with_what_to_do(client: Client, siphum_officer: User) -> None:
    content = "ชื่อ,นามสกุล\r\nสมศรี,มีสุข\r\n".encode("utf-16")
    response = upload(login(client, siphum_officer), content)
    assert "UTF-8" in refusal(response)


def test_a_file_over_the_size_limit_is_refused(
    client: Client, siphum_officer: User, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_IMPORT_MAX_BYTES = 100
    response = upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    assert "100" in refusal(response)


def test_a_file_with_only_a_header_row_has_nothing_to_import(
    client: Client, siphum_officer: User
) -> None:
    upload(login(client, siphum_officer), csv_bytes([]))

    batch = last_batch()
    html = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert (batch.total_rows, batch.valid_rows) == (0, 0)
    assert 'id="import-nothing"' in html


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PARTNER, Role.FACILITATOR])
def test_those_who_do_not_import_are_forbidden(
    client: Client, make_user: MakeUser, role: str
) -> None:
    user = make_user("ผู้ใช้", role, "500101")
    login(client, user)

    assert client.get(URL).status_code == 403
    assert upload(client, csv_bytes(siphum_rows())).status_code == 403
    assert not ImportBatch.objects.exists()


def test_an_officer_without_an_area_cannot_upload(client: Client, make_user: MakeUser) -> None:
    officer = make_user("ไร้พื้นที่", Role.SUBDISTRICT_OFFICER)
    response = upload(login(client, officer), csv_bytes(siphum_rows()))

    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
