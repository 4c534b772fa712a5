"""validate_file: every kind of bad row is reported with its row, column, value and reason;
the national ID is never shown in clear; nothing is written."""

import pytest

from tambon.core import nationalid
from tambon.registry.importing import RowError, inspect_file, validate_file
from tambon.registry.models import Household, Person
from tests.registry.factories import make_person
from tests.registry.test_import_engine_support import FIXTURES, new_id, thai_row, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("siphum_villages", "english")]


def check(path, **kwargs):
    info = inspect_file(path)
    return validate_file(path, column_map=info.suggested_map, **kwargs)


def errors_of(validation, row):
    return [(e.column, e.value, e.reason) for e in validation.errors if e.row == row]


def test_a_clean_file_has_no_errors_and_nothing_is_written(tmp_path):
    path = write_csv(tmp_path / "s.csv", [thai_row(new_id(), "สมศรี"), thai_row("", "บุญมา")])

    validation = check(path)

    assert (validation.total_rows, validation.valid_rows, validation.error_rows) == (2, 2, 0)
    assert list(validation.errors) == []
    assert validation.rows_to_import == 2
    assert not Person.objects.exists()
    assert not Household.objects.exists()


def test_every_kind_of_bad_row_is_reported_with_row_and_column():
    validation = check(FIXTURES / "survey_bad_rows.csv", area_codes=["50"])

    assert validation.total_rows == 12
    assert validation.valid_rows == 1  # row 2
    assert errors_of(validation, 2) == []
    column, value, reason = errors_of(validation, 3)[0]
    assert column == "เลขประจำตัวประชาชน"
    assert reason.startswith("The last digit should be")
    assert value.startswith("x-xxxx-xxxxx-")
    assert errors_of(validation, 4) == [
        (
            "เลขประจำตัวประชาชน",
            "x-xxxx-xxxxx-xx-x",
            "The national ID has 5 digits; a national ID has 13.",
        )
    ]
    assert errors_of(validation, 5)[0][2] == (
        "The national ID contains a character that is not a digit: “O”."
    )
    assert errors_of(validation, 6)[0][2] == "The same national ID is already in row 2 of the file."
    assert errors_of(validation, 7) == [
        ("วันเกิด", "31/02/2501", "There is no such day: 31/02/2501.")
    ]
    assert "looks like a Christian-era year" in errors_of(validation, 8)[0][2]
    assert [c for c, _v, _r in errors_of(validation, 9)] == [
        "ชื่อ",
        "เพศ",
        "โทรศัพท์",
        "ความสัมพันธ์กับหัวหน้าครัวเรือน",
        "กลุ่มเป้าหมาย",
        "บัตรสวัสดิการแห่งรัฐ",
    ]
    reasons_9 = {c: r for c, _v, r in errors_of(validation, 9)}
    assert reasons_9["ชื่อ"] == "Enter the first name."
    assert reasons_9["เพศ"].startswith("Write the sex as")
    assert reasons_9["ความสัมพันธ์กับหัวหน้าครัวเรือน"].startswith("Unknown relation")
    assert reasons_9["โทรศัพท์"].startswith("A phone number has 10 digits")
    assert reasons_9["กลุ่มเป้าหมาย"] == "Unknown target group “นักบินอวกาศ”."
    assert reasons_9["บัตรสวัสดิการแห่งรัฐ"].startswith("Write มี or ไม่มี")
    assert errors_of(validation, 10)[0][:2] == ("หมู่ที่", "9")
    assert "หมู่ที่ 9 of ศรีภูมิ" in errors_of(validation, 10)[0][2]
    assert errors_of(validation, 11) == [
        ("ตำบล", "หนองหอย", "There is no sub-district named “หนองหอย” in ดอยสะเก็ด.")
    ]
    assert errors_of(validation, 12)[0][:2] == ("ตำบล", "พระบรมมหาราชวัง")
    assert "outside the area you may import to" in errors_of(validation, 12)[0][2]
    assert errors_of(validation, 13) == [
        ("จังหวัด", "เชียงรายใหม่ไกล", "There is no province named “เชียงรายใหม่ไกล”.")
    ]


def test_errors_come_in_row_order_and_read_like_a_list():
    validation = check(FIXTURES / "survey_bad_rows.csv", area_codes=["50"])

    rows = [e.row for e in validation.errors]
    assert rows == sorted(rows)
    assert validation.errors[0] == next(iter(validation.errors))
    assert validation.errors[-1].row == 13
    assert validation.errors[:2] == list(validation.errors)[:2]
    assert isinstance(validation.errors[0], RowError)
    assert validation.error_count == len(validation.errors) > validation.error_rows == 11


def test_no_national_id_of_the_file_appears_in_the_errors():
    validation = check(FIXTURES / "survey_bad_rows.csv", area_codes=["50"])
    text = repr(list(validation.errors))

    with open(FIXTURES / "survey_bad_rows.csv", encoding="utf-8") as handle:
        ids = [line.split(",")[0] for line in handle.read().splitlines()[1:]]
    for value in ids:
        digits = nationalid.normalize(value)
        assert digits not in text
        assert value not in text


def test_the_messages_are_those_of_the_national_id_rules(tmp_path):
    # Same checks, same order, same words as tambon.core.nationalid.validate.
    samples = ["1234567890123", "9100100001006", "1100100001A06", "110010000100", "๑๑๐๐๑๐๐๐๐๑๐๐๖"]
    rows = [thai_row(s, f"คน{i}") for i, s in enumerate(samples)]

    from django.utils.translation import override

    for language in ("en", "th"):
        with override(language):
            validation = check(write_csv(tmp_path / f"ids-{language}.csv", rows))
            reasons = {e.row: e.reason for e in validation.errors}
            for row, sample in enumerate(samples, start=2):
                try:
                    nationalid.validate(sample)
                    expected = None
                except Exception as exc:
                    expected = str(exc)
                assert reasons.get(row) == expected, (language, sample)


def test_rows_outside_the_area_are_refused(tmp_path):
    path = write_csv(
        tmp_path / "s.csv",
        [
            thai_row(new_id(), "สมศรี"),
            thai_row(
                new_id(),
                "ประไพ",
                subdistrict="แขวงพระบรมมหาราชวัง",
                district="เขตพระนคร",
                province="กรุงเทพมหานคร",
            ),
        ],
    )

    siphum_only = check(path, area_codes=["500101"])
    nowhere = check(path, area_codes=[])
    everywhere = check(path, area_codes=None)

    assert [(e.row, e.column) for e in siphum_only.errors] == [(3, "ตำบล")]
    assert "พระบรมมหาราชวัง" in siphum_only.errors[0].reason
    assert nowhere.valid_rows == 0
    assert everywhere.valid_rows == 2


def test_a_person_already_in_the_registry_is_counted_not_refused(tmp_path):
    national_id = new_id()
    make_person(national_id=national_id)
    path = write_csv(tmp_path / "s.csv", [thai_row(national_id, "สมศรี"), thai_row("", "บุญมา")])

    validation = check(path)

    assert validation.valid_rows == 2
    assert validation.already_in_registry == 1
    assert validation.skipped_rows == 1
    assert validation.rows_to_import == 1


def test_the_same_person_twice_without_an_id_is_refused(tmp_path):
    path = write_csv(tmp_path / "s.csv", [thai_row("", "บุญมา"), thai_row("", "บุญมา")])

    validation = check(path)

    assert [(e.row, e.reason) for e in validation.errors] == [
        (3, "This row repeats row 2 of the file.")
    ]


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("13/04/2501", "1958-04-13"),
        ("๑๓/๐๔/๒๕๐๑", "1958-04-13"),
        ("13.4.2501", "1958-04-13"),
        ("2501-04-13", "1958-04-13"),
        ("1958-04-13", "1958-04-13"),
        ("13 เม.ย. 2501", "1958-04-13"),
        ("13 เมษายน พ.ศ. 2501", "1958-04-13"),
        ("2501", "1958-01-01"),
        ("00/00/2501", "1958-01-01"),
        ("29/02/2503", "1960-02-29"),
    ],
)
def test_birth_dates_in_the_shapes_thai_files_use(tmp_path, typed, iso):
    path = write_csv(tmp_path / "s.csv", [thai_row("", "บุญมา", birth=typed)])

    validation = check(path)

    assert list(validation.errors) == []


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("29/02/2504", "There is no such day: 29/02/2504."),
        ("13/04/01", "The year “01” is ambiguous"),
        ("13/04/2999", "outside the range of Buddhist-era years"),
        ("1/1/2600", "The birth date is in the future."),
        ("เมื่อปีที่แล้ว", "Write the date as day/month/year"),
    ],
)
def test_birth_dates_that_are_refused(tmp_path, typed, reason):
    path = write_csv(tmp_path / "s.csv", [thai_row("", "บุญมา", birth=typed)])

    validation = check(path)

    assert [e.column for e in validation.errors] == ["วันเกิด"]
    assert reason in validation.errors[0].reason


def test_a_too_long_value_is_refused(tmp_path):
    path = write_csv(tmp_path / "s.csv", [thai_row("", "บุญมา", house="1" * 31)])

    validation = check(path)

    assert [(e.column, e.reason) for e in validation.errors] == [
        ("บ้านเลขที่", "This is 31 characters long; at most 30 fit.")
    ]


def test_progress_is_reported_to_the_end(tmp_path):
    path = write_csv(tmp_path / "s.csv", [thai_row("", f"คน{i}") for i in range(5)])
    seen = []

    check(path, progress=lambda done, total: seen.append((done, total)))

    assert seen[-1] == (5, 5)


def test_row_numbers_count_blank_rows_as_the_user_sees_them(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ชื่อ", "รหัสตำบล"])
    sheet.append(["สมศรี", "500101"])
    sheet.cell(row=5, column=1, value="มาลี")
    sheet.cell(row=5, column=2, value="999999")
    workbook.save(tmp_path / "gap.xlsx")
    (tmp_path / "gap.csv").write_text(
        'ชื่อ,รหัสตำบล\nสมศรี,500101\n\n,\n"มาลี\nใจดี",999999\nบุญมา,999999\n', encoding="utf-8"
    )

    sheet_errors = check(tmp_path / "gap.xlsx").errors
    csv_errors = check(tmp_path / "gap.csv").errors

    assert [(e.row, e.value) for e in sheet_errors] == [(5, "999999")]
    # A line break inside a quoted cell does not start a new row.
    assert [e.row for e in csv_errors] == [5, 6]
