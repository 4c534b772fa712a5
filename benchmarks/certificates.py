"""Benchmark: 500 certificates as one batch PDF and as 500 files, against the baseline.

Baseline: each certificate rendered on its own, one fresh WeasyPrint call per certificate (what
a loop over `render_certificate_pdf` would do). Measured: `tambon.training.tasks.render_batch`,
the code the background task runs: chunks of 50 certificates per WeasyPrint call, rendered by
worker processes, split into per-trainee files with pypdf and zipped, plus the combined PDF.
Goals (issue 5): at least 3x the baseline, and at most 60 s for 500 certificates.

The certificates are built in memory (unsaved model instances), so no database is needed:

    .venv/bin/python benchmarks/certificates.py [--count 500] [--workers N]
"""

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

GOAL_RATIO = 3.0
GOAL_SECONDS_FOR_500 = 60.0

FIRST = ["สมหญิง", "ก้องเกียรติ", "วันเพ็ญ", "ประยูร", "จันทร์เพ็ญ", "สุริยา", "อรทัย", "ณัฐพล"]
LAST = ["ใจดี", "ศักดิ์สิทธิ์", "แก้วมณี", "บุญมา", "ทองคำ", "สายสุวรรณ", "ศรีวงศ์", "มีสุข", "พรหมมา"]
TITLES = ["นาย", "นางสาว", "นาง"]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tambon.settings")
    os.environ.setdefault("TAMBON_VAR_DIR", tempfile.mkdtemp(prefix="tambon-bench-"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def _certificates(count: int) -> list:  # type: ignore[type-arg]
    from tambon.accounts.models import User
    from tambon.training.models import Certificate, Cohort, Course, Enrollment

    course = Course(code="shift-share", name_th="หลักสูตรวิทยากรกระบวนการ Shift and Share")
    cohort = Cohort(
        course=course,
        number=3,
        starts_on=dt.date(2021, 3, 29),
        ends_on=dt.date(2021, 3, 31),
        venue="โรงแรมในอำเภอเมืองเชียงใหม่",
        province_id="50",
    )
    certificates = []
    for i in range(count):
        trainee = User(
            pk=i + 1,
            username=f"trainee{i}",
            first_name=f"{TITLES[i % 3]}{FIRST[i % len(FIRST)]}",
            last_name=LAST[(i // len(FIRST)) % len(LAST)],
        )
        enrollment = Enrollment(cohort=cohort, trainee=trainee, subdistrict_id="500101")
        certificates.append(
            Certificate(
                enrollment=enrollment,
                year_be=2564,
                serial=i + 1,
                issued_on=dt.date(2021, 3, 31),
                verification_code=f"bench{i:017d}",
            )
        )
    return certificates


def _signatories() -> list[dict[str, str]]:
    import base64

    import segno

    buffer = io.BytesIO()
    segno.make("ลายมือชื่อ").save(buffer, kind="png", scale=3)  # a stand-in signature image
    image = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    return [
        {"name": "นางสาวอรุณี ศรีสุข", "position": "อธิบดีกรมพัฒนาสังคมและสวัสดิการ", "image": image},
        {"name": "นายประยูร บุญมา", "position": "ผู้อำนวยการกองส่งเสริมและพัฒนาชุมชน", "image": ""},
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, default=None, help="default: one per core")
    args = parser.parse_args()
    _setup()

    from pypdf import PdfReader

    from tambon.training import tasks
    from tambon.training.services import certificates as services

    certificates = _certificates(args.count)
    signatories = _signatories()
    workers = args.workers or tasks.pdf_workers()
    print(f"{args.count} certificates, {os.cpu_count()} cores, {workers} render worker(s)")
    # Warm up (imports, fonts) so neither side pays the one-off start.
    services.render_certificates_pdf(certificates[:1], signatories=signatories)

    start = time.perf_counter()
    files = [services.render_certificates_pdf([c], signatories=signatories) for c in certificates]
    baseline = time.perf_counter() - start
    print(f"baseline  one WeasyPrint call per certificate: {baseline:7.1f} s ({len(files)} files)")

    start = time.perf_counter()
    combined, archive = tasks.render_batch(certificates, signatories=signatories, workers=workers)
    batch = time.perf_counter() - start
    pages = len(PdfReader(io.BytesIO(combined)).pages)
    members = len(zipfile.ZipFile(io.BytesIO(archive)).namelist())
    sizes = f"{len(combined) / 1e6:.1f} MB + {len(archive) / 1e6:.1f} MB"
    print(
        f"batch     one PDF + ZIP of per-trainee files:  {batch:7.1f} s "
        f"({pages} pages, {members} files, {sizes})"
    )
    ratio = baseline / batch
    per_500 = batch * 500 / args.count
    print(
        f"ratio     {ratio:.1f}x (goal ≥ {GOAL_RATIO:.0f}x); {per_500:.1f} s per 500 (goal ≤ 60 s)"
    )
    ok = pages == members == args.count
    ok = ok and ratio >= GOAL_RATIO and per_500 <= GOAL_SECONDS_FOR_500
    print("goals met" if ok else "GOALS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
