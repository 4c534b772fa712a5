"""Arrangements shared by the field-work tests: a ศรีภูมิ case in service with its volunteer,
photos made with Pillow (with camera metadata), the person's consent to photos, and a private
MEDIA_ROOT per test."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tambon.accounts.models import User
from tambon.cases.models import Case, State
from tambon.cases.services.cases import assign_case
from tambon.registry.models import Consent
from tambon.registry.services.consent import add_consent
from tests.cases.factories import make_case, move

CAMERA_MAKE = "TambonTestPhone"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def fieldwork_case(officer: User, volunteer: User | None, state: str = State.IN_SERVICE) -> Case:
    """A case of ศรีภูมิ moved to `state`, with `officer` and `volunteer` assigned."""
    case = make_case(officer)
    case = assign_case(
        by=officer, case=case, expected_version=case.version, officer=officer, volunteer=volunteer
    )
    return move(case, state, by=officer)


def allow_photos(case: Case, officer: User) -> Consent:
    assert case.person is not None
    return add_consent(
        by=officer,
        person=case.person,
        purpose=Consent.Purpose.PHOTOS,
        given_on=timezone.localdate() - dt.timedelta(days=1),
    )


def image_bytes(image_format: str = "JPEG", size: tuple[int, int] = (64, 48)) -> bytes:
    """A small photo; a JPEG carries camera metadata (EXIF Make) like a phone's."""
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    if image_format == "JPEG":
        exif = Image.Exif()
        exif[0x010F] = CAMERA_MAKE
        image.save(out, format="JPEG", exif=exif.tobytes())
    else:
        image.save(out, format=image_format)
    return out.getvalue()


def upload(
    data: bytes | None = None, name: str = "IMG_2025.jpg", content_type: str = "image/jpeg"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type)


def too_big() -> bytes:
    """A real JPEG padded past 5 MB."""
    return image_bytes() + b"\0" * (5 * 1024 * 1024)
