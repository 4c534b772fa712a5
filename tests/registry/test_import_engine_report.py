"""write_error_report: the rows with errors in their original columns plus an error column,
and a sheet of every error; national IDs masked."""

import io

import openpyxl
import pytest

from tambon.registry.importing import import_file, inspect_file, validate_file, write_error_report
from tests.registry.test_import_engine_support import FIXTURES, new_id, thai_row, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("siphum_villages", "english")]

BAD = FIXTURES / "survey_bad_rows.csv"


def report_of(path, outcome) -> openpyxl.Workbook:
    out = io.BytesIO()
    write_error_report(path, outcome, out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def validated(path, **kwargs):
    info = inspect_file(path)
    return validate_file(path, column_map=info.suggested_map, **kwargs)


def test_the_rows_sheet_has_the_original_columns_and_the_errors():
    validation = validated(BAD, area_codes=["50"])

    sheet = report_of(BAD, validation)["Rows with errors"]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == ("Row", *validation.headers, "Errors")
    assert [r[0] for r in rows[1:]] == list(range(3, 14))
    row_7 = next(r for r in rows if r[0] == 7)
    assert row_7[6] == "31/02/2501"  # วันเกิด, as in the file
    assert row_7[-1] == "วันเกิด: There is no such day: 31/02/2501."
    row_9 = next(r for r in rows if r[0] == 9)
    assert row_9[-1].splitlines()[0] == "ชื่อ: Enter the first name."


def test_the_errors_sheet_lists_row_column_value_and_reason():
    validation = validated(BAD, area_codes=["50"])

    sheet = report_of(BAD, validation)["Errors"]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == ("Row", "Column", "Value", "Reason")
    assert len(rows) - 1 == validation.error_count
    assert rows[2][:3] == (4, "เลขประจำตัวประชาชน", "x-xxxx-xxxxx-xx-x")


def test_national_ids_are_masked_in_the_report(tmp_path):
    ids = [new_id(), new_id()]
    path = write_csv(
        tmp_path / "s.csv",
        [thai_row(ids[0], "สมศรี", phone="12"), thai_row(ids[1], "มาลี", birth="31/02/2501")],
    )
    workbook = report_of(path, validated(path))

    text = repr([list(s.iter_rows(values_only=True)) for s in workbook])
    for national_id in ids:
        assert national_id not in text
        assert f"x-xxxx-xxxxx-{national_id[10:12]}-{national_id[12]}" in text


def test_a_report_can_be_made_from_an_import_result(siphum_officer):
    info = inspect_file(BAD)
    result = import_file(BAD, column_map=info.suggested_map, user=siphum_officer)

    workbook = report_of(BAD, result)

    assert workbook["Rows with errors"].max_row == 12
    assert workbook["Errors"].max_row == result.error_count + 1


def test_a_file_without_errors_gives_an_empty_report(tmp_path):
    path = write_csv(tmp_path / "s.csv", [thai_row(new_id(), "สมศรี")])

    workbook = report_of(path, validated(path))

    assert workbook["Rows with errors"].max_row == 1
    assert workbook["Errors"].max_row == 1
