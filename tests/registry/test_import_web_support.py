"""Shared data of the import web tests: Thai survey files of real shape, and small helpers.

(No tests here: the file is named like the others of this part so that it stays with them.)
"""

import io
import itertools
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tambon.geo.models import Village
from tambon.registry.models import ImportBatch
from tests.registry.factories import valid_national_id

HEADERS = [
    "เลขประจำตัวประชาชน",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เพศ",
    "วันเกิด",
    "บ้านเลขที่",
    "หมู่ที่",
    "ตำบล",
    "อำเภอ",
    "จังหวัด",
]
BAD_ID = "1234567890123"  # the check digit should be 1
_serial = itertools.count(1)


def new_id() -> str:
    """A made-up national ID that passes the checksum, different on every call."""
    return valid_national_id(f"35001{next(_serial):07d}")


def person_row(
    national_id: str,
    first_name: str,
    *,
    title: str = "นาง",
    last_name: str = "มีสุข",
    sex: str = "หญิง",
    birth: str = "13/04/2501",
    house: str = "12/3",
    subdistrict: str = "ศรีภูมิ",
    district: str = "เมืองเชียงใหม่",
    province: str = "เชียงใหม่",
) -> list[str]:
    return [
        national_id,
        title,
        first_name,
        last_name,
        sex,
        birth,
        house,
        "1",
        subdistrict,
        district,
        province,
    ]


def siphum_rows(bad: bool = True) -> list[list[str]]:
    """Three people of one household in ศรีภูมิ, Chiang Mai; the third's ID has a typo."""
    rows = [
        person_row(new_id(), "สมศรี"),
        person_row(new_id(), "สมชาย", title="นาย", sex="ชาย", birth="01/02/2499"),
    ]
    if bad:
        rows.append(person_row(BAD_ID, "มาลี", title="ด.ญ.", birth="05/06/2558"))
    return rows


def csv_bytes(
    rows: list[list[str]], *, headers: list[str] = HEADERS, encoding: str = "cp874"
) -> bytes:
    lines = [",".join(headers), *(",".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[str]], *, headers: list[str] = HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, content: bytes, name: str = "สำรวจครัวเรือน-ศรีภูมิ.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("registry:import_upload"), {"file": SimpleUploadedFile(name, content)}
    )


def last_batch() -> ImportBatch:
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch is not None
    return batch


@pytest.fixture
def import_setup(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Files under a temporary media folder, tasks run at once, หมู่ที่ 1 of ศรีภูมิ exists."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    Village.objects.get_or_create(
        code="50010101", defaults={"subdistrict_id": "500101", "number": 1, "name_th": "บ้านช้างม่อย"}
    )
