from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tambon.geo.models import Village

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / "villages.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_it_imports_a_file_and_reports_the_counts(tmp_path: Path) -> None:
    path = write(tmp_path, "subdistrict_code,village_no,name_th\n500101,1,บ้านหนองบัว\n")
    out = StringIO()
    call_command("geo_import_villages", str(path), stdout=out)
    assert "Imported: 1 new, 0 updated villages." in out.getvalue()
    assert Village.objects.get(code="50010101").name_th == "บ้านหนองบัว"


def test_it_reports_row_errors_on_stderr_with_row_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "subdistrict_code,village_no,name_th\n500101,1,บ้านหนองบัว\n999999,2,บ้านไม่มีจริง\n"
        "500101,abc,บ้านเลขผิด\n",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="2 row"):
        call_command("geo_import_villages", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert any("row 3" in line and "999999" in line and "No sub-district" in line for line in lines)
    assert any("row 4" in line and "village_no" in line for line in lines)
    assert not Village.objects.filter(subdistrict_id="500101").exists()


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "รหัสตำบล,หมู่ที่,ชื่อหมู่บ้าน\n500101,1,บ้านหนองบัว\n", "cp874")
    out = StringIO()
    call_command("geo_import_villages", str(path), "--dry-run", stdout=out)
    assert "Would import: 1 new" in out.getvalue()
    assert not Village.objects.filter(subdistrict_id="500101").exists()
