"""Helpers for the browser tests."""

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEMO_PASSWORD = "tambon-demo"


def save_screenshot(page: object, name: str) -> Path:
    """Save a full-page screenshot under tests/e2e/artifacts/ (a CI artifact, git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
