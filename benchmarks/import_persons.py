"""Benchmark: importing a person survey file, against two baselines, on SQLite and PostgreSQL.

Measured: `tambon.registry.importing.import_file`, end to end (read the CSV, validate every
row, geocode, encrypt the national IDs, compute blind indexes and import keys, create the
households, insert the people and their target groups), in a child process so that its peak
memory is its own. Baselines on the same valid rows, each into empty tables, people only (no
households, no target groups: less work than the import does):
- a `Person(...).save()` loop (the field encrypts the ID; django-auditlog records each save),
  on a 20,000-row sample extrapolated to the full count, in autocommit (a commit per row, as
  a plain loop runs) and in one transaction;
- `Person.objects.bulk_create(batch_size=5000)` of already-validated Person instances (ID and
  blind index set; building the instances is not timed, the commit is), one transaction.
Everything runs with DEBUG=0 and real keys, as in production (DEBUG keeps every query's text).
Goals (issue 5): at least 50x the save() loop and 3x bulk_create on both databases, 1 M rows
in at most 60 s on PostgreSQL, at most 1 GB peak memory.

The survey is generated: Thai names (Faker th_TH), people of Chiang Mai in households of one
to six at real addresses (names with and without ต./อ./จ., or the sub-district code), 95 % with
a valid national ID (2 % none, 3 % invalid), dates in the Buddhist era.

    .venv/bin/python benchmarks/import_persons.py [--rows 100000] [--database sqlite|postgres|both]

PostgreSQL: a fresh database is created and dropped on the server of --postgres-url
(default postgres://postgres@127.0.0.1:5432/).
"""

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FOR_SAVE = 20_000
BULK_SLICE = 50_000
GOAL_SAVE_RATIO = 50.0
GOAL_BULK_RATIO = 3.0
GOAL_PG_SECONDS_PER_MILLION = 60.0
GOAL_RSS_MB = 1024.0
PROVINCE = "50"  # Chiang Mai
VILLAGES_PER_SUBDISTRICT = 15
HEADERS = [
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
    "รหัสตำบล",
    "โทรศัพท์",
    "กลุ่มเป้าหมาย",
    "บัตรสวัสดิการแห่งรัฐ",
]
THAI_MONTHS = [
    *("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย."),
    *("ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."),
]


def _production_like_environment() -> None:
    """DEBUG off with real keys, as in production: with DEBUG on, Django keeps the text of
    every query, which would slow the baselines' big INSERT statements down unfairly."""
    import base64
    import secrets

    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault(
        "FIELD_ENCRYPTION_KEYS", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    )
    os.environ.setdefault("BLIND_INDEX_KEY", secrets.token_urlsafe(48))


def _setup_django(database_url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tambon.settings")
    os.environ["TAMBON_VAR_DIR"] = var_dir
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# --- the survey file -------------------------------------------------------------------


def generate(rows: int, out: Path, truth: Path, seed: int = 5) -> None:
    """Write a survey CSV of `rows` people and, beside it, their clean values (Parquet)."""
    import random

    import polars as pl
    from faker.providers.person.th_TH import Provider

    from tambon.core import nationalid
    from tambon.geo.models import Subdistrict

    rng = random.Random(seed)
    subs = list(
        Subdistrict.objects.filter(province_id=PROVINCE)
        .select_related("district", "province")
        .order_by("code")
    )
    # Households of 1–6 people share an address, a last name and a way of writing it.
    household_of: list[int] = []
    member: list[int] = []
    while len(household_of) < rows:
        size = rng.randint(1, 6)
        household_of += [household_of[-1] + 1 if household_of else 0] * size
        member += list(range(size))
    household_of, member = household_of[:rows], member[:rows]
    households = household_of[-1] + 1
    h_sub = [rng.choice(subs) for _ in range(households)]
    h_village = [rng.randint(1, VILLAGES_PER_SUBDISTRICT) for _ in range(households)]
    h_house = [str(rng.randint(1, 400)) for _ in range(households)]
    h_last = rng.choices(Provider.last_names, k=households)
    h_style = [rng.random() for _ in range(households)]

    seen: set[str] = set()
    id_text, clean_id, valid = [], [], []
    for _ in range(rows):
        while True:
            first12 = str(rng.randint(1, 8)) + f"{rng.randrange(10**11):011d}"
            if first12 not in seen:
                seen.add(first12)
                break
        good = first12 + str(nationalid.check_digit(first12))
        kind = rng.random()
        if kind < 0.02:  # no ID (stateless people, migrants)
            text, clean, ok = "", None, True
        elif kind < 0.04:  # a typing mistake in the last digit
            text, clean, ok = good[:12] + str((int(good[12]) + 1) % 10), None, False
        elif kind < 0.05:  # a digit missing
            text, clean, ok = good[:12], None, False
        else:
            text, clean, ok = good, good, True
        if rng.random() < 0.3:
            text = _dashed(text)
        id_text.append(text)
        clean_id.append(clean)
        valid.append(ok)

    female = [rng.random() < 0.52 for _ in range(rows)]
    first = [
        rng.choice(Provider.first_names_female if f else Provider.first_names_male) for f in female
    ]
    epoch = dt.date(1930, 1, 1).toordinal()
    dates = [dt.date.fromordinal(epoch + rng.randrange(33_000)) for _ in range(rows)]
    birth_text = []
    for d in dates:
        style = rng.random()
        if style < 0.1:
            birth_text.append(f"{d.year + 543}-{d.month:02d}-{d.day:02d}")
        elif style < 0.2:
            birth_text.append(f"{d.day} {THAI_MONTHS[d.month - 1]} {d.year + 543}")
        else:
            birth_text.append(f"{d.day:02d}/{d.month:02d}/{d.year + 543}")
    relations = ["คู่สมรส", "บุตร", "บุตร", "หลาน", "บิดา", "มารดา", "ญาติ"]
    phones = [
        f"08{rng.randint(1, 9)}-{rng.randrange(1000):03d}-{rng.randrange(10000):04d}"
        if rng.random() < 0.7
        else ""
        for _ in range(rows)
    ]
    group_pool = ["คนพิการ", "ผู้ป่วยติดเตียง", "คนไร้ที่พึ่ง", "ครอบครัวเลี้ยงเดี่ยว"]
    groups = [rng.choice(group_pool) if rng.random() < 0.4 else "" for _ in range(rows)]
    welfare = [rng.random() < 0.25 for _ in range(rows)]

    columns: dict[str, list[str]] = {h: [] for h in HEADERS}
    village_ids = []
    for i in range(rows):
        h = household_of[i]
        sub, style = h_sub[h], h_style[h]
        prefixed = 0.3 <= style < 0.6
        by_code = style < 0.3
        values = [
            id_text[i],
            ("นาง" if rng.random() < 0.5 else "นางสาว") if female[i] else "นาย",
            first[i],
            h_last[h],
            "หญิง" if female[i] else "ชาย",
            birth_text[i],
            "หัวหน้าครัวเรือน" if member[i] == 0 else rng.choice(relations),
            h_house[h],
            str(h_village[h]),
            "" if by_code else ("ต." if prefixed else "") + sub.name_th,
            "" if by_code else ("อ." if prefixed else "") + sub.district.name_th,
            "" if by_code else ("จ." if prefixed else "") + sub.province.name_th,
            sub.code if by_code else "",
            phones[i],
            groups[i],
            "มี" if welfare[i] else "ไม่มี",
        ]
        for header, value in zip(HEADERS, values, strict=True):
            columns[header].append(value)
        village_ids.append(f"{sub.code}{h_village[h]:02d}")
    pl.DataFrame(columns).write_csv(out)
    pl.DataFrame(
        {
            "valid": valid,
            "national_id": clean_id,
            "title": columns[HEADERS[1]],
            "first_name": first,
            "last_name": columns[HEADERS[3]],
            "sex": ["F" if f else "M" for f in female],
            "birth_date": dates,
            "phone": [p.replace("-", "") for p in phones],
            "subdistrict_id": [h_sub[h].code for h in household_of],
            "village_id": village_ids,
            "welfare_card": welfare,
        }
    ).write_parquet(truth)


def _dashed(text: str) -> str:
    if len(text) != 13:
        return text
    return f"{text[0]}-{text[1:5]}-{text[5:10]}-{text[10:12]}-{text[12]}"


# --- databases -------------------------------------------------------------------------


def prepare_database(url: str) -> None:
    """Migrate, load the geography and the villages of the benchmark's province."""
    from django.core.management import call_command

    from tambon.geo.models import Subdistrict, Village
    from tambon.geo.services import load_geography

    call_command("migrate", verbosity=0)
    load_geography()
    codes = Subdistrict.objects.filter(province_id=PROVINCE).values_list("code", flat=True)
    Village.objects.bulk_create(
        [
            Village(code=f"{c}{n:02d}", subdistrict_id=c, number=n, name_th=f"บ้านหมู่ {n}")
            for c in codes
            for n in range(1, VILLAGES_PER_SUBDISTRICT + 1)
        ],
        ignore_conflicts=True,
    )


def empty_registry() -> None:
    from django.db import connection

    from tambon.registry.models import Household, Person

    tables = [
        Person.target_groups.through._meta.db_table,
        Person._meta.db_table,
        Household._meta.db_table,
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (model table names)
            cursor.execute("VACUUM")


def _people(truth: Any, limit: int | None = None):  # type: ignore[no-untyped-def]
    """Person instances of the valid rows, with the encrypted-on-save ID and its index."""
    import polars as pl

    from tambon.core import nationalid
    from tambon.registry.models import Person
    from tambon.registry.names import search_name

    valid = truth.filter(pl.col("valid"))
    if limit:
        valid = valid.head(limit)
    for start in range(0, valid.height, BULK_SLICE):
        batch = []
        for r in valid.slice(start, BULK_SLICE).iter_rows(named=True):
            nid = r["national_id"]
            batch.append(
                Person(
                    title=r["title"],
                    first_name=r["first_name"],
                    last_name=r["last_name"],
                    search_name=search_name(r["first_name"], r["last_name"]),
                    sex=r["sex"],
                    birth_date=r["birth_date"],
                    phone=r["phone"],
                    subdistrict_id=r["subdistrict_id"],
                    village_id=r["village_id"],
                    national_id=nid,
                    national_id_index=nationalid.blind_index(nid) if nid else None,
                    welfare_card=r["welfare_card"],
                )
            )
        yield batch


def baseline_save(truth: Any, *, one_transaction: bool) -> tuple[float, int]:
    """A save() per person: in autocommit (a commit per row, as a plain loop in a view or a
    script runs), or all in one transaction. Commits are timed."""
    from django.db import transaction

    elapsed, count = 0.0, 0
    for batch in _people(truth, SAMPLE_FOR_SAVE):
        start = time.perf_counter()
        if one_transaction:
            with transaction.atomic():
                for person in batch:
                    person.save()
        else:
            for person in batch:
                person.save()
        elapsed += time.perf_counter() - start
        count += len(batch)
    return elapsed, count


def baseline_bulk_create(truth: Any) -> tuple[float, int]:
    """bulk_create in one transaction; building the instances is not timed, the commit is
    (PostgreSQL checks the deferred foreign keys there)."""
    from django.db import transaction

    from tambon.registry.models import Person

    elapsed, count = 0.0, 0
    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        for batch in _people(truth):
            start = time.perf_counter()
            Person.objects.bulk_create(batch, batch_size=5000)
            elapsed += time.perf_counter() - start
            count += len(batch)
    finally:
        start = time.perf_counter()
        atomic.__exit__(None, None, None)
        elapsed += time.perf_counter() - start
    return elapsed, count


def _rss_kib(pid: int) -> int:
    """Resident memory of a process and its descendants (Linux /proc), in KiB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
        )
    return total


def child_import(path: str) -> None:
    """Run inside the child process: the import, then its figures as JSON on stdout."""
    import threading

    from tambon.registry.importing import import_file, inspect_file

    # The file is read and checked in a process of its own (importing/preparing.py), whose
    # memory counts too: sampled together every 0.1 s, and the two peaks added up (an upper
    # bound of their peak together).
    together = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            together[0] = max(together[0], _rss_kib(os.getpid()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    info = inspect_file(path)
    start = time.perf_counter()
    result = import_file(path, column_map=info.suggested_map, user=None)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    own_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    preparing_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "rss_mb": (own_kib + preparing_kib) / 1024,
                "rss_together_mb": together[0] / 1024,
                "rss_import_mb": own_kib / 1024,
                "rss_preparing_mb": preparing_kib / 1024,
                "rows": result.total_rows,
                "valid": result.valid_rows,
                "people": result.created_people,
                "households": result.created_households,
                "errors": result.error_rows,
            }
        )
    )


def _rss(figures: dict[str, Any]) -> str:
    return (
        f"{figures['rss_together_mb']:.0f} MB sampled together; the two peaks add up to "
        f"{figures['rss_mb']:.0f} MB ({figures['rss_import_mb']:.0f} MB writing + "
        f"{figures['rss_preparing_mb']:.0f} MB preparing)"
    )


def run_import(path: Path, url: str, var_dir: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url, "TAMBON_VAR_DIR": var_dir}
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, __file__, "--child-import", str(path)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    for line in done.stderr.splitlines():
        if "bulk load" in line:  # where a first load's time went (importing/bulkload.py)
            print(f"          {line.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(database: str, rows: int, work: Path, postgres_url: str, import_only: bool) -> bool:
    var_dir = str(work / database)
    os.makedirs(var_dir, exist_ok=True)
    if database == "postgres":
        name = f"tambon_bench_import_{os.getpid()}"
        _psql(postgres_url, f"CREATE DATABASE {name}")
        url = postgres_url.rstrip("/") + "/" + name
    else:
        url = f"sqlite:///{work / 'bench.sqlite3'}"
    try:
        return _bench(database, rows, work, url, var_dir, import_only)
    finally:
        if database == "postgres":
            from django.db import connections

            connections.close_all()
            _psql(postgres_url, f"DROP DATABASE IF EXISTS {name}")


def _bench(database: str, rows: int, work: Path, url: str, var_dir: str, import_only: bool) -> bool:
    import polars as pl

    _setup_django(url, var_dir)
    prepare_database(url)
    csv_path, truth_path = work / f"survey-{rows}.csv", work / f"survey-{rows}.parquet"
    if not csv_path.exists():
        start = time.perf_counter()
        generate(rows, csv_path, truth_path)
        size = csv_path.stat().st_size / 1e6
        print(f"generated {rows:,} rows ({size:.0f} MB) in {time.perf_counter() - start:.1f} s")
    truth = pl.read_parquet(truth_path)
    print(f"\n== {database} ({rows:,} rows, {truth['valid'].sum():,} valid) ==")

    if import_only:
        empty_registry()
        ours = run_import(csv_path, url, var_dir)
        print(f"import    import_file: {ours['seconds']:7.1f} s; peak RSS {_rss(ours)}")
        return True
    valid = int(truth["valid"].sum())
    saves = {}
    for label, one_transaction in (("autocommit", False), ("one transaction", True)):
        empty_registry()
        seconds, count = baseline_save(truth, one_transaction=one_transaction)
        saves[label] = seconds * valid / count
        print(
            f"baseline  save() loop, {label + ':':<17}{seconds:7.1f} s for {count:,} "
            f"→ {saves[label]:8.1f} s extrapolated to {valid:,}"
        )
    empty_registry()
    bulk_s, bulk_n = baseline_bulk_create(truth)
    print(f"baseline  bulk_create, one transaction: {bulk_s:7.1f} s for {bulk_n:,}")
    empty_registry()
    from django.db import connections

    connections.close_all()
    ours = run_import(csv_path, url, var_dir)
    print(
        f"import    import_file:                  {ours['seconds']:7.1f} s for {ours['rows']:,} "
        f"rows ({ours['people']:,} people, {ours['households']:,} households, "
        f"{ours['errors']:,} rows with errors); peak RSS {_rss(ours)}"
    )
    save_ratio = saves["autocommit"] / ours["seconds"]
    save_one_ratio = saves["one transaction"] / ours["seconds"]
    bulk_ratio = bulk_s / ours["seconds"]
    per_million = ours["seconds"] * 1_000_000 / rows
    print(
        f"ratio     {save_ratio:.0f}x the save() loop in autocommit, {save_one_ratio:.0f}x in one "
        f"transaction (goal ≥ {GOAL_SAVE_RATIO:.0f}x); {bulk_ratio:.1f}x bulk_create "
        f"(goal ≥ {GOAL_BULK_RATIO:.0f}x); {per_million:.1f} s per million rows"
    )
    ok = save_ratio >= GOAL_SAVE_RATIO and bulk_ratio >= GOAL_BULK_RATIO
    ok = ok and ours["rss_mb"] <= GOAL_RSS_MB
    if database == "postgres":
        ok = ok and per_million <= GOAL_PG_SECONDS_PER_MILLION
    print("goals met" if ok else "GOALS NOT MET")
    return ok


def _psql(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server_url.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--work-dir", help="keep the generated files here (default: a temp dir)")
    parser.add_argument(
        "--import-only", action="store_true", help="time the import alone (no baselines, no ratio)"
    )
    parser.add_argument("--child-import", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _production_like_environment()  # inherited by the child processes: the same keys
    if args.child_import:
        _setup_django(os.environ["DATABASE_URL"], os.environ["TAMBON_VAR_DIR"])
        child_import(args.child_import)
        return 0
    work = Path(args.work_dir or tempfile.mkdtemp(prefix="tambon-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    if len(databases) == 1:
        print(f"{args.rows:,} rows, {os.cpu_count()} cores, files in {work}")
    results = []
    for database in databases:
        # Each database in its own process: Django is set up once per process.
        if len(databases) > 1:
            done = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    __file__,
                    "--rows",
                    str(args.rows),
                    "--database",
                    database,
                    "--postgres-url",
                    args.postgres_url,
                    "--work-dir",
                    str(work),
                    *(["--import-only"] if args.import_only else []),
                ],
                check=False,
            )
            results.append(done.returncode == 0)
        else:
            results.append(bench(database, args.rows, work, args.postgres_url, args.import_only))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
