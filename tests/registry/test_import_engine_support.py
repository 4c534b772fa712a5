"""Shared data of the import engine tests: Thai survey files of real shape.

(No tests here: the file is named like the others of this part so that it stays with them.)
"""

import csv
import io
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest

from tambon.geo.models import Village
from tests.registry.factories import valid_national_id

FIXTURES = Path(__file__).parent / "fixtures"
THAI_HEADERS = [
    "เลขประจำตัวประชาชน",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เพศ",
    "วันเกิด",
    "ความสัมพันธ์กับหัวหน้าครัวเรือน",
    "บ้านเลขที่",
    "หมู่ที่",
    "ตำบล",
    "อำเภอ",
    "จังหวัด",
    "โทรศัพท์",
    "กลุ่มเป้าหมาย",
    "บัตรสวัสดิการแห่งรัฐ",
]
_serial = itertools.count(1)


def new_id() -> str:
    """A made-up national ID that passes the checksum, different on every call."""
    return valid_national_id(f"34005{next(_serial):07d}")


def thai_row(national_id: str = "", first_name: str = "สมศรี", **values: str) -> list[str]:
    """A row under THAI_HEADERS: a person of หมู่ 1 ศรีภูมิ, เมืองเชียงใหม่, unless told."""
    row = {
        "เลขประจำตัวประชาชน": national_id,
        "คำนำหน้า": "นาง",
        "ชื่อ": first_name,
        "นามสกุล": "มีสุข",
        "เพศ": "หญิง",
        "วันเกิด": "13/04/2501",
        "ความสัมพันธ์กับหัวหน้าครัวเรือน": "หัวหน้าครัวเรือน",
        "บ้านเลขที่": "12/3",
        "หมู่ที่": "1",
        "ตำบล": "ต.ศรีภูมิ",
        "อำเภอ": "อ.เมืองเชียงใหม่",
        "จังหวัด": "จ.เชียงใหม่",
        "โทรศัพท์": "081-234-5678",
        "กลุ่มเป้าหมาย": "",
        "บัตรสวัสดิการแห่งรัฐ": "ไม่มี",
    }
    for header, value in values.items():
        row[_HEADER_OF.get(header, header)] = value
    return [row[h] for h in THAI_HEADERS]


# Keyword names for thai_row (Python names for the Thai headers).
_HEADER_OF = {
    "title": "คำนำหน้า",
    "last_name": "นามสกุล",
    "sex": "เพศ",
    "birth": "วันเกิด",
    "relation": "ความสัมพันธ์กับหัวหน้าครัวเรือน",
    "house": "บ้านเลขที่",
    "village": "หมู่ที่",
    "subdistrict": "ตำบล",
    "district": "อำเภอ",
    "province": "จังหวัด",
    "phone": "โทรศัพท์",
    "groups": "กลุ่มเป้าหมาย",
    "welfare": "บัตรสวัสดิการแห่งรัฐ",
}


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    headers: Sequence[str] = THAI_HEADERS,
    encoding: str = "utf-8",
    separator: str = ",",
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, headers: Sequence[str]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture
def siphum_villages(db):  # type: ignore[no-untyped-def]
    """หมู่ 1–3 of ศรีภูมิ and หมู่ 1 of พระบรมมหาราชวัง (villages are not in the test geography)."""
    villages = [
        Village(code=f"500101{n:02d}", subdistrict_id="500101", number=n, name_th=name)
        for n, name in ((1, "บ้านศรีภูมิ"), (2, "บ้านช้างเผือก"), (3, "บ้านประตูช้างเผือก"))
    ]
    villages.append(Village(code="10010101", subdistrict_id="100101", number=1, name_th="ท่าช้าง"))
    return Village.objects.bulk_create(villages)


@pytest.fixture
def english():  # type: ignore[no-untyped-def]
    """Messages in English, so that assertions hold before and after translation."""
    from django.utils import translation

    with translation.override("en"):
        yield


@contextmanager
def children_killed() -> Iterator[list[int]]:
    """While the block runs, every child process of this one is killed as soon as it starts
    (as the OS does to a process it has no memory left for); yields the pids killed."""
    killed: list[int] = []
    done = threading.Event()

    def kill() -> None:
        while not done.wait(0.005):
            for child in multiprocessing.active_children():
                if child.pid is not None and child.pid not in killed:
                    os.kill(child.pid, signal.SIGKILL)
                    killed.append(child.pid)

    watcher = threading.Thread(target=kill, daemon=True)
    watcher.start()
    try:
        yield killed
    finally:
        done.set()
        watcher.join()
