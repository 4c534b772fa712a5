"""`tambon import persons FILE`: the summary it prints and its exit codes."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from tambon.registry.models import Household, Person
from tests.registry.test_import_engine_support import FIXTURES, new_id, thai_row, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("siphum_villages", "english")]

BAD = FIXTURES / "survey_bad_rows.csv"


def tambon_import(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_persons", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(*args: str) -> tuple[int, str]:
    with pytest.raises(CommandError) as raised:
        tambon_import(*args)
    return raised.value.returncode, str(raised.value)


def test_it_imports_a_clean_file_and_prints_a_summary(siphum_officer):
    out, err = tambon_import(str(FIXTURES / "survey_tis620.csv"), "--user", "siphum_officer")

    assert "survey_tis620.csv (CSV, cp874)" in out
    assert "Rows: 4; valid: 4; with errors: 0 (0 errors)" in out
    assert "Created: 2 households, 4 people" in out
    assert "Progress: 4 / 4 rows" in err
    assert Person.objects.filter(created_by=siphum_officer).count() == 4


def test_a_second_run_reports_the_rows_as_already_imported():
    tambon_import(str(FIXTURES / "survey_tis620.csv"))

    out, _err = tambon_import(str(FIXTURES / "survey_tis620.csv"))

    assert "Skipped: 4 already imported, 0 already in the registry" in out
    assert "Created: 0 households, 0 people" in out


def test_a_dry_run_writes_nothing():
    out, _err = tambon_import(str(FIXTURES / "survey_tis620.csv"), "--dry-run")

    assert "Would import: 4 people (dry run: nothing written)" in out
    assert not Person.objects.exists()


def test_a_file_with_errors_is_refused_with_exit_code_1():
    code, message = failing(str(BAD))

    assert code == 1
    assert "nothing was imported (use --skip-invalid" in message
    assert not Person.objects.exists()
    assert not Household.objects.exists()


def test_errors_are_listed_with_row_and_column_and_the_id_masked(siphum_officer):
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_persons",
            str(BAD),
            "--dry-run",
            "--user",
            "siphum_officer",
            stdout=out,
            stderr=err,
        )

    listed = err.getvalue()
    assert "row 4, เลขประจำตัวประชาชน = 'x-xxxx-xxxxx-xx-x': The national ID has 5 digits" in listed
    assert "row 7, วันเกิด = '31/02/2501': There is no such day: 31/02/2501." in listed
    assert "Rows: 12; valid: 1; with errors: 11" in out.getvalue()


def test_skip_invalid_imports_the_valid_rows(siphum_officer):
    out, _err = tambon_import(str(BAD), "--skip-invalid", "--user", "siphum_officer")

    assert "Created: 1 households, 1 people" in out
    assert Person.objects.get().first_name == "ก้องเกียรติ"


def test_only_the_first_twenty_errors_are_printed(tmp_path):
    rows = [thai_row("1234567890123", f"คน{i}") for i in range(25)]
    path = write_csv(tmp_path / "s.csv", rows)

    with pytest.raises(CommandError):
        call_command(
            "import_persons",
            str(path),
            "--dry-run",
            stdout=io.StringIO(),
            stderr=(err := io.StringIO()),
        )

    assert err.getvalue().count("  row ") == 20
    assert "... and 5 more (see --report)." in err.getvalue()


def test_the_report_option_writes_the_error_report(tmp_path, siphum_officer):
    report = tmp_path / "errors.xlsx"

    failing(str(BAD), "--dry-run", "--user", "siphum_officer", "--report", str(report))

    workbook = openpyxl.load_workbook(report)
    assert workbook.sheetnames == ["Rows with errors", "Errors"]
    assert workbook["Rows with errors"].max_row == 12  # header + 11 rows


def test_a_column_can_be_mapped_by_hand(tmp_path):
    path = write_csv(
        tmp_path / "s.csv",
        [[new_id(), "สมหญิง", "500101"]],
        headers=["เลขประจำตัวประชาชน", "ชื่อผู้ให้ข้อมูล", "รหัสพื้นที่ของตำบล"],
    )

    code, message = failing(str(path))
    assert code == 2
    assert "No column found for: first_name, subdistrict" in message

    out, _err = tambon_import(
        str(path), "--map", "first_name=ชื่อผู้ให้ข้อมูล", "--map", "subdistrict_code=รหัสพื้นที่ของตำบล"
    )
    assert "Created: 0 households, 1 people" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--map", "nickname=ชื่อ"], "write FIELD=HEADER"),
        (["--map", "first_name=ไม่มีคอลัมน์นี้"], "the file has no column"),
        (["--user", "nobody"], "No user named 'nobody'"),
        (["--encoding", "klingon"], "Unknown text encoding"),
    ],
)
def test_usage_mistakes_exit_with_code_2(args, expected):
    code, message = failing(str(FIXTURES / "survey_tis620.csv"), *args)

    assert code == 2
    assert expected in message


def test_a_missing_file_exits_with_code_2(tmp_path):
    code, message = failing(str(tmp_path / "nowhere.csv"))

    assert (code, message) == (2, f"No such file: {tmp_path / 'nowhere.csv'}")


def test_a_user_who_may_not_import_is_refused(siphum_volunteer):
    code, message = failing(str(FIXTURES / "survey_tis620.csv"), "--user", "siphum_volunteer")

    assert code == 2
    assert "permission" in message
    assert not Person.objects.exists()
