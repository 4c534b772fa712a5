"""Helpers for the browser tests."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEMO_PASSWORD = "tambon-demo"


def save_screenshot(page: object, name: str) -> Path:
    """Save a full-page screenshot under tests/e2e/artifacts/ (a CI artifact, git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def server_shell(env: dict[str, str], code: str) -> str:
    """Run Python in a Django shell on the server's database (for a test's Given steps)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    """Sign a demo user in and wait for the home page."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/")
