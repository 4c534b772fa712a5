"""Thai national IDs (เลขประจำตัวประชาชน): normalise, validate, mask and format.

An ID is 13 digits; the last is a mod-11 check digit over the first 12. Error messages name the
mistake but never repeat the ID: they end up on screens, in logs and in import reports.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pythainlp.util import thai_digit_to_arabic_digit

from tambon.core import crypto
from tambon.core.errors import ValidationError

FIELD = "national_id"
LENGTH = 13
# The purpose label of the national ID's blind index (see tambon.core.crypto.blind_index).
BLIND_INDEX_PURPOSE = "person.national_id"
FIRST_DIGITS = "12345678"
_DIGITS = frozenset("0123456789")
_SEPARATORS = str.maketrans("", "", " -.\t\u00a0\u2010\u2011\u2012\u2013\u2014\u2212")
_GROUPS = (1, 4, 5, 2, 1)  # 1-2345-67890-12-3
MASK_KEEP = 3

MSG_EMPTY = gettext_noop("Enter the national ID.")
MSG_NOT_A_DIGIT = gettext_noop(
    "The national ID contains a character that is not a digit: “{character}”."
)
MSG_LENGTH = gettext_noop("The national ID has {count} digits; a national ID has 13.")
MSG_FIRST_DIGIT = gettext_noop(
    "The national ID starts with {digit}; a Thai national ID starts with a digit from 1 to 8."
)
MSG_CHECKSUM = gettext_noop(
    "The last digit should be {expected} for the first 12 digits given: check for a typing mistake."
)


def normalize(text: str) -> str:
    """The ID as typed, without spaces, dashes or dots, and with Thai digits made Arabic."""
    return thai_digit_to_arabic_digit(text or "").strip().translate(_SEPARATORS)


def check_digit(first_twelve: str) -> int:
    """The mod-11 check digit of the first 12 digits of an ID."""
    total = sum(int(digit) * (LENGTH - i) for i, digit in enumerate(first_twelve[:12]))
    return (11 - total % 11) % 10


def validate(text: str) -> str:
    """The 13 normalised digits of a valid ID, or a ValidationError that names the mistake."""
    digits = normalize(text)
    if not digits:
        raise ValidationError(_(MSG_EMPTY), field=FIELD)
    stray = next((c for c in digits if c not in _DIGITS), None)
    if stray is not None:
        raise ValidationError(_(MSG_NOT_A_DIGIT).format(character=stray), field=FIELD)
    if len(digits) != LENGTH:
        raise ValidationError(_(MSG_LENGTH).format(count=len(digits)), field=FIELD)
    if digits[0] not in FIRST_DIGITS:
        raise ValidationError(_(MSG_FIRST_DIGIT).format(digit=digits[0]), field=FIELD)
    expected = check_digit(digits[:12])
    if int(digits[12]) != expected:
        raise ValidationError(_(MSG_CHECKSUM).format(expected=expected), field=FIELD)
    return digits


def is_valid(text: str) -> bool:
    try:
        validate(text)
    except ValidationError:
        return False
    return True


def _grouped(digits: str) -> str:
    parts, start = [], 0
    for size in _GROUPS:
        parts.append(digits[start : start + size])
        start += size
    return "-".join(parts)


def mask(national_id: str) -> str:
    """The ID for most eyes: only its last 3 digits, e.g. x-xxxx-xxxxx-12-3.

    Anything that is not 13 digits is masked whole: a display helper must never leak.
    """
    digits = normalize(national_id)
    if not digits:
        return ""
    if len(digits) != LENGTH or not set(digits) <= _DIGITS:
        return _grouped("x" * LENGTH)
    return _grouped("x" * (LENGTH - MASK_KEEP) + digits[-MASK_KEEP:])


def format(national_id: str) -> str:
    """The full ID in its usual grouping, e.g. 1-2345-67890-12-3 (only for those allowed)."""
    digits = normalize(national_id)
    if len(digits) != LENGTH:
        return digits
    return _grouped(digits)


def blind_index(text: str) -> str:
    """The keyed hash of a valid ID, for exact lookup and duplicate detection."""
    return crypto.blind_index(validate(text), purpose=BLIND_INDEX_PURPOSE)
