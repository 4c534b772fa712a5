"""The real command in its own process, on a database of its own: a killed import leaves no
rows behind, and after an import no national ID of the file is anywhere in plaintext (the
database file, a dumpdata, the command's output, the error report)."""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from tambon.core import nationalid
from tests.registry.test_import_engine_support import FIXTURES, new_id, thai_row, write_csv

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
TAMBON = str(Path(sys.executable).parent / "tambon")
MANAGE = [sys.executable, str(ROOT / "manage.py")]
VILLAGES_CSV = "subdistrict_code,village_no,name_th\n500101,1,บ้านศรีภูมิ\n500101,2,บ้านช้างเผือก\n"


def _run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run(args, env=env, check=True, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A migrated SQLite file with the geography and two villages, copied by each test."""
    folder = tmp_path_factory.mktemp("tambon-import-db")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "TAMBON_VAR_DIR": str(folder),
        "LANGUAGE_CODE": "en",
    }
    _run([*MANAGE, "migrate", "--no-input", "-v", "0"], env)
    _run([TAMBON, "geo", "load"], env)
    (folder / "villages.csv").write_text(VILLAGES_CSV, encoding="utf-8")
    _run([TAMBON, "geo", "villages", str(folder / "villages.csv")], env)
    return folder / "db.sqlite3"


@pytest.fixture
def database(template_db, tmp_path):  # type: ignore[no-untyped-def]
    """(the environment of a command using a fresh copy of the database, its file)."""
    path = tmp_path / "db.sqlite3"
    shutil.copy(template_db, path)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "TAMBON_VAR_DIR": str(tmp_path)}
    return env, path


@pytest.fixture
def postgres_database(template_db):  # type: ignore[no-untyped-def]
    """On a PostgreSQL test run: a fresh PostgreSQL database for the command, dropped after."""
    import psycopg

    settings = connection.settings_dict
    server = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
    name = f"tambon_import_kill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{name}",
        "TAMBON_VAR_DIR": str(template_db.parent),
    }
    try:
        _run([*MANAGE, "migrate", "--no-input", "-v", "0"], env)
        _run([TAMBON, "geo", "load"], env)
        _run([TAMBON, "geo", "villages", str(template_db.parent / "villages.csv")], env)
        yield env, f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


def _count(database_url_or_path, table: str) -> int:
    if isinstance(database_url_or_path, Path):
        with sqlite3.connect(database_url_or_path) as db:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    import psycopg

    with psycopg.connect(database_url_or_path) as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]  # noqa: S608


def _indexes(database_url_or_path) -> list[str]:
    """The names of the people tables' indexes: a killed first load must leave them all."""
    tables = ("registry_person", "registry_person_target_groups")
    if isinstance(database_url_or_path, Path):
        with sqlite3.connect(database_url_or_path) as db:
            sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN (?, ?)"
            return sorted(name for (name,) in db.execute(sql, tables))
    import psycopg

    with psycopg.connect(database_url_or_path) as db:
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s)"
        return sorted(name for (name,) in db.execute(sql, [list(tables)]))


def _big_file(path: Path, rows: int) -> Path:
    return write_csv(path, [thai_row(new_id(), f"คนที่{i}", house=str(i // 4)) for i in range(rows)])


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _running(pid: int) -> bool:
    """Whether the process is there and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _kill_after_progress_starts(env: dict[str, str], path: Path) -> int:
    """Kill the import once it writes; its preparing process must end with it."""
    process = subprocess.Popen(
        [TAMBON, "import", "persons", str(path)],
        # Prepared in a process of its own on either database (SQLite's default already).
        env={**env, "IMPORT_PROCESS_MIN_ROWS": "100000"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("Progress:"):  # a first chunk is written (not committed)
            break
    helpers = _children(process.pid)
    process.kill()
    code = process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert helpers, "a file this large is prepared in a process of its own"
    assert not [pid for pid in helpers if _running(pid)]
    return code


def test_a_killed_import_leaves_no_rows(database, tmp_path):
    env, db = database
    if connection.vendor == "postgresql":
        pytest.skip("the PostgreSQL run has its own test below")
    path = _big_file(tmp_path / "big.csv", 150_000)
    indexes = _indexes(db)

    # 150,000 rows into an empty registry: a first load, whose indexes are dropped meanwhile.
    code = _kill_after_progress_starts(env, path)

    assert code == -9
    assert _indexes(db) == indexes
    assert _count(db, "registry_person") == 0
    assert _count(db, "registry_household") == 0
    assert _count(db, "registry_person_target_groups") == 0
    # The same file imports in full afterwards: the database was left consistent.
    _run([TAMBON, "import", "persons", str(path)], env, timeout=600)
    assert _count(db, "registry_person") == 150_000


def test_a_killed_import_leaves_no_rows_on_postgresql(request, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("runs on the PostgreSQL test run")
    env, url = request.getfixturevalue("postgres_database")
    path = _big_file(tmp_path / "big.csv", 150_000)
    indexes = _indexes(url)

    code = _kill_after_progress_starts(env, path)

    assert code == -9
    assert _indexes(url) == indexes
    assert _count(url, "registry_person") == 0
    assert _count(url, "registry_household") == 0


def test_no_national_id_of_the_file_is_stored_or_shown_in_plaintext(database, tmp_path):
    env, db = database
    ids = [new_id() for _ in range(30)]
    rows = [thai_row(national_id, f"คนที่{i}") for i, national_id in enumerate(ids)]
    rows.append(thai_row(ids[0], "ซ้ำ"))  # a duplicate: reported, with the ID masked
    path = write_csv(tmp_path / "survey.csv", rows)
    report = tmp_path / "report.xlsx"

    done = subprocess.run(
        [TAMBON, "import", "persons", str(path), "--skip-invalid", "--report", str(report)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    _run([TAMBON, "import", "persons", str(FIXTURES / "survey_tis620.csv")], env)
    dump = _run([*MANAGE, "dumpdata", "registry", "accounts", "auditlog"], env).stdout

    fixture_ids = [
        f"{first}{nationalid.check_digit(first)}" for first in ("330020000001", "330020000002")
    ]
    assert _count(db, "registry_person") == 30 + 4
    stored = b"".join(
        p.read_bytes() for p in db.parent.iterdir() if p.name.startswith("db.sqlite3")
    )
    report_xml = b"".join(
        zipfile.ZipFile(report).read(n) for n in zipfile.ZipFile(report).namelist()
    )
    for national_id in ids + fixture_ids:
        dashed = nationalid.format(national_id)
        for text in (national_id, dashed):
            assert text.encode() not in stored
            assert text not in dump
            assert text not in done.stdout + done.stderr
            assert text.encode() not in report_xml
    assert "x-xxxx-xxxxx-" in done.stderr  # the duplicate's ID, masked
