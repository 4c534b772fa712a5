"""Checking and cleaning a visit photo before it is stored.

A photo from a phone is personal data twice over: it shows a person's home, and its metadata
often holds the GPS position of that home. So a photo is accepted only as JPEG, PNG or WebP of
at most 5 MB that Pillow can open and verify, and it is stored re-encoded without its metadata
(EXIF, GPS) under a random name; the original file name is never kept.
"""

import io
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageOps

from tambon.core.errors import ValidationError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Pillow's format name → (stored extension, content type).
PHOTO_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = {ext: content_type for ext, content_type in PHOTO_FORMATS.values()}

MSG_PHOTO_TOO_BIG = gettext_noop("The photo is larger than 5 MB: take it again at a smaller size.")
MSG_PHOTO_NOT_IMAGE = gettext_noop("This file is not a photo that can be opened.")
MSG_PHOTO_FORMAT = gettext_noop("Send the photo as JPEG, PNG or WebP.")
MSG_PHOTO_EMPTY = gettext_noop("The photo file is empty.")


def _read(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(_(MSG_PHOTO_TOO_BIG), field="photo")
    upload.seek(0)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(_(MSG_PHOTO_TOO_BIG), field="photo")
    if not data:
        raise ValidationError(_(MSG_PHOTO_EMPTY), field="photo")
    return bytes(data)


def clean_photo(upload: Any) -> ContentFile:
    """The upload checked and re-encoded without metadata, named `<random>.<ext>`.

    Raises ValidationError (field "photo") for a file too big, not an image, or of another
    format than JPEG, PNG and WebP.
    """
    data = _read(upload)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            probe.verify()
        if image_format not in PHOTO_FORMATS:
            raise ValidationError(_(MSG_PHOTO_FORMAT), field="photo")
        # verify() leaves the image unusable: open it again to re-encode it.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            out = io.BytesIO()
            if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            upright.save(out, format=image_format)
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds (UnidentifiedImageError, OSError, bombs...)
        raise ValidationError(_(MSG_PHOTO_NOT_IMAGE), field="photo") from None
    extension = PHOTO_FORMATS[image_format][0]
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def content_type_of(name: str) -> str:
    """The content type a stored photo is served with (from the extension this module gave)."""
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
