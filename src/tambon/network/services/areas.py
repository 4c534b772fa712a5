"""Area codes of partners and services: parsed, checked against the geography, normalised."""

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core.errors import ValidationError
from tambon.geo.models import District, Province, Subdistrict

MSG_CODE_FORMAT = gettext_noop(
    "“%(code)s” is not an area code: give a province (2 digits), district (4) or "
    "sub-district (6) code, e.g. 50, 5001 or 500101."
)
MSG_CODE_UNKNOWN = gettext_noop("No province, district or sub-district has the code %(code)s.")
MSG_TOO_MANY = gettext_noop("Give at most %(max)s area codes.")

MAX_AREAS = 100
_CODE = re.compile(r"^\d{2}(\d{2}(\d{2})?)?$")


def split_codes(text: str) -> list[str]:
    """Codes typed in a text field, separated by commas, spaces or new lines."""
    return [c for c in re.split(r"[\s,;]+", text or "") if c]


def clean_codes(codes: Iterable[str], *, field: str) -> list[str]:
    """The codes sorted, without duplicates or codes inside another one of the list; each must
    name a real province, district or sub-district."""
    wanted = sorted({c.strip() for c in codes if c and c.strip()})
    if len(wanted) > MAX_AREAS:
        raise ValidationError(_(MSG_TOO_MANY) % {"max": MAX_AREAS}, field=field)
    for code in wanted:
        if not _CODE.match(code):
            raise ValidationError(_(MSG_CODE_FORMAT) % {"code": code}, field=field)
    known: set[str] = set()
    for length, model in ((2, Province), (4, District), (6, Subdistrict)):
        level = [c for c in wanted if len(c) == length]
        if level:
            known.update(
                str(pk) for pk in model.objects.filter(pk__in=level).values_list("pk", flat=True)
            )
    for code in wanted:
        if code not in known:
            raise ValidationError(_(MSG_CODE_UNKNOWN) % {"code": code}, field=field)
    # 50 already covers 5001 and 500101: keep the widest.
    return [c for c in wanted if not any(c != o and c.startswith(o) for o in wanted)]
