"""Every string a user can see has a Thai translation, app by app.

For each app of src/tambon, extract its messages afresh (makemessages on a copy) and check that
the committed catalogue src/tambon/<app>/locale/th/LC_MESSAGES/django.po translates every one.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tambon"
APPS = sorted(p.parent.name for p in SRC.glob("*/apps.py"))
DJANGO_ADMIN = Path(sys.executable).with_name("django-admin")


def extract(app: str, workdir: Path) -> polib.POFile | None:
    """The messages of `app` as makemessages finds them today (None when it has none)."""
    copy = workdir / app
    shutil.copytree(SRC / app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [str(DJANGO_ADMIN), "makemessages", "-l", "th", "--no-location", "--ignore", "static/*"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    produced = copy / "locale" / "th" / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(produced)) if produced.exists() else None


def is_translated(entry: polib.POEntry | None) -> bool:
    if entry is None or entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


@pytest.mark.slow
@pytest.mark.parametrize("app", APPS)
def test_every_message_of_the_app_has_a_thai_translation(app: str, tmp_path: Path) -> None:
    extracted = extract(app, tmp_path)
    if extracted is None:
        return  # nothing to translate
    committed_path = SRC / app / "locale" / "th" / "LC_MESSAGES" / "django.po"
    committed = polib.pofile(str(committed_path)) if committed_path.exists() else polib.POFile()
    missing = [
        entry.msgid
        for entry in extracted
        if entry.msgid and not is_translated(committed.find(entry.msgid, msgctxt=entry.msgctxt))
    ]
    where = "" if committed_path.exists() else f" (no catalogue at {committed_path})"
    listing = "\n".join(f"  {msgid!r}" for msgid in missing)
    assert not missing, f"{app}: {len(missing)} message(s) without Thai{where}:\n{listing}"
