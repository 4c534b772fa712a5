"""inspect_file: formats, encodings, header synonyms, the suggested mapping and sample rows."""

import pytest

from tambon.core.errors import ValidationError
from tambon.registry.importing import FIELDS, inspect_file, missing_required, suggest_map
from tests.registry.test_import_engine_support import (
    FIXTURES,
    THAI_HEADERS,
    new_id,
    thai_row,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.usefixtures("english")

ENGLISH_HEADERS = ["National ID", "First Name", "Last Name", "Sex", "Date of birth", "Tambon code"]


def test_it_reads_a_tis620_csv_with_thai_headers(tmp_path):
    path = write_csv(tmp_path / "survey.csv", [thai_row(new_id(), "สมศรี")], encoding="cp874")

    info = inspect_file(path)

    assert info.format == "csv"
    assert info.encoding == "cp874"
    assert info.headers == THAI_HEADERS
    assert info.suggested_map["first_name"] == "ชื่อ"
    assert info.suggested_map["national_id"] == "เลขประจำตัวประชาชน"
    assert info.suggested_map["relation"] == "ความสัมพันธ์กับหัวหน้าครัวเรือน"
    assert info.missing_required == []
    assert info.sample_rows[0]["ชื่อ"] == "สมศรี"


def test_it_reads_utf8_with_a_byte_order_mark_and_semicolons(tmp_path):
    path = write_csv(
        tmp_path / "survey.csv", [thai_row("", "มาลี")], encoding="utf-8-sig", separator=";"
    )

    info = inspect_file(path)

    assert info.encoding == "utf-8"
    assert info.headers[0] == "เลขประจำตัวประชาชน"  # no BOM glued to the first header
    assert info.sample_rows[0]["ชื่อ"] == "มาลี"


def test_an_encoding_given_by_the_user_is_used(tmp_path):
    path = write_csv(tmp_path / "survey.csv", [thai_row("", "มาลี")], encoding="cp874")

    assert inspect_file(path, encoding="tis-620").encoding == "tis-620"
    with pytest.raises(ValidationError, match="cannot be read as utf-8 text"):
        inspect_file(path, encoding="utf-8")


def test_it_reads_an_xlsx_with_english_headers(tmp_path):
    path = write_xlsx(
        tmp_path / "survey.xlsx",
        [[1100100001006, "Somsri", "Meesuk", "F", "1958-04-13", 500101]],
        headers=ENGLISH_HEADERS,
    )

    info = inspect_file(path)

    assert info.format == "xlsx"
    assert info.suggested_map == {
        "national_id": "National ID",
        "first_name": "First Name",
        "last_name": "Last Name",
        "sex": "Sex",
        "birth_date": "Date of birth",
        "subdistrict_code": "Tambon code",
    }
    # A number cell reads as the digits the user typed, never "1.1e12" or "500101.0".
    assert info.sample_rows[0]["Tambon code"] == "500101"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("  FIRST_NAME ", "first_name"),
        ("วันเกิด (วว/ดด/ปปปป)", "birth_date"),
        ("เลขบัตรประชาชน", "national_id"),
        ("ชื่อ-สกุล", "full_name"),
        ("ม.", "village"),
        ("แขวง", "subdistrict"),
        ("Nationl ID", "national_id"),  # a typo: close enough
        ("Mobile", "phone"),
    ],
)
def test_headers_are_matched_by_synonym_case_space_and_spelling(header, field):
    assert suggest_map([header]) == {field: header}


def test_an_unrelated_header_is_not_mapped():
    assert suggest_map(["รายได้ต่อเดือนของครัวเรือนเฉลี่ย ปี 2566", "ลำดับ"]) == {}


def test_missing_required_fields_are_reported(tmp_path):
    path = write_csv(tmp_path / "survey.csv", [["มาลี", "10"]], headers=["ชื่อเล่น", "อายุ"])

    info = inspect_file(path)

    assert info.missing_required == ["first_name", "subdistrict"]
    assert missing_required({"full_name": "ชื่อ-สกุล", "subdistrict_code": "รหัส"}) == []


def test_every_field_has_thai_and_english_labels():
    assert {f.name for f in FIELDS if f.required} == {"first_name", "subdistrict"}
    assert all(f.label_th and f.label_en for f in FIELDS)


def test_sample_rows_mask_the_national_id(tmp_path):
    national_id = new_id()
    path = write_csv(tmp_path / "survey.csv", [thai_row(national_id)])

    info = inspect_file(path)

    shown = info.sample_rows[0]["เลขประจำตัวประชาชน"]
    assert shown == f"x-xxxx-xxxxx-{national_id[10:12]}-{national_id[12]}"
    assert national_id not in repr(info)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", ".xls"),
        (b"PK\x03\x04 not a workbook", "Excel"),
        (b"\xff\xfe\xfd\xfc\xdb\xdc", "UTF-8"),
    ],
)
def test_files_it_cannot_read_get_a_clear_message(tmp_path, content, message):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)

    with pytest.raises(ValidationError, match=message):
        inspect_file(path)


def test_the_committed_sample_files_are_readable():
    tis620 = inspect_file(FIXTURES / "survey_tis620.csv")
    english = inspect_file(FIXTURES / "survey_english.xlsx")

    assert tis620.encoding == "cp874"
    assert tis620.missing_required == []
    assert english.format == "xlsx"
    assert english.missing_required == []


@pytest.mark.parametrize("encoding", ["utf-8", "cp874"])
def test_a_csv_read_in_small_blocks_gives_every_row_once(tmp_path, encoding):
    import csv

    from tambon.registry.importing import reading

    rows = [
        [f"{i}", f"สมศรี {i}" if i % 3 else f'"คน\nที่ {i}", มี,เครื่องหมาย', "ศรีภูมิ"] for i in range(300)
    ]
    path = write_csv(tmp_path / "s.csv", rows, headers=["ลำดับ", "ชื่อ", "ตำบล"], encoding=encoding)
    with reading.open_source(path) as source:
        # Blocks of 97 bytes cut inside cells and characters.
        frames = list(reading.iter_chunks(source, columns=[0, 1, 2], block_bytes=97))

    read = [row for frame in frames for row in frame.iter_rows()]
    with open(path, encoding=encoding, newline="") as handle:
        expected = list(csv.reader(handle))[1:]
    assert len(frames) > 10
    assert [r[0] for r in read] == list(range(2, 302))
    assert [list(r[1:]) for r in read] == [[c.strip() for c in row] for row in expected]
