"""Browser tests: a real server process on its own database, driven by Debian's Chromium.

The server runs as a separate process (like production), so the browser tests share nothing
with the in-process test database and never flush it.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _admin_sql(base_url: str, sql: str) -> None:
    import psycopg

    admin_url = base_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _database_url(tmp: Path) -> tuple[str, str | None]:
    """A fresh database for the server: SQLite in tmp, or a new PostgreSQL database."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{tmp / 'e2e.sqlite3'}", None
    name = f"tambon_e2e_{os.getpid()}"
    _admin_sql(base, f"DROP DATABASE IF EXISTS {name}")
    _admin_sql(base, f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + f"/{name}", name


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of the server process: its own database and files."""
    tmp = tmp_path_factory.mktemp("e2e")
    url, pg_name = _database_url(tmp)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TAMBON_VAR_DIR": str(tmp),
        "DEBUG": "1",
        "E2E_PORT": str(port),
        "SITE_URL": f"http://127.0.0.1:{port}",
        # Background tasks run at once in the server process: no separate worker to manage.
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        # The provincial organiser of the browser tests signs in without TOTP; the MFA rule
        # itself is tested in tests/accounts/test_sign_in_security.py.
        "MFA_REQUIRED_ROLES": "national_admin",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    yield env
    if pg_name:
        _admin_sql(url, f"DROP DATABASE IF EXISTS {pg_name}")


@pytest.fixture(scope="session")
def server_url(server_env: dict[str, str]) -> Iterator[str]:
    env = server_env
    tmp = Path(env["TAMBON_VAR_DIR"])
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "demo", "--scale", "small", "--seed", "1")
    port = int(env["E2E_PORT"])
    log = (tmp / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/about/", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError((tmp / "server.log").read_text()) from None
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def desktop_page(browser: object) -> Iterator[object]:
    """A page in a desktop-sized window, Thai by default."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: object) -> Iterator[object]:
    """A page in a 360 px wide phone-sized window, Thai by default."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 360, "height": 740}, locale="th-TH", device_scale_factor=2
    )
    page = context.new_page()
    yield page
    context.close()
