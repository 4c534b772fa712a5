"""Names in the normal form used for search and deduplication.

Thai text is normalised with pythainlp (stray tone marks, duplicated vowels, zero-width
characters), Latin text is case-folded, whitespace collapsed. Titles are not part of a name.
"""

import re
import unicodedata
from functools import lru_cache

from pythainlp.util import normalize as thai_normalize

_SPACE = re.compile(r"\s+")
# Titles people type into the name column by habit; stripped before comparing names.
TITLES = (
    "นาย",
    "นางสาว",
    "นาง",
    "น.ส.",
    "ด.ช.",
    "ด.ญ.",
    "เด็กชาย",
    "เด็กหญิง",
    "mr.",
    "mrs.",
    "ms.",
    "miss",
)


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """One name part in normal form: NFC, Thai-normalised, case-folded, single-spaced."""
    text = unicodedata.normalize("NFC", text or "")
    text = thai_normalize(text).casefold()
    return _SPACE.sub(" ", text).strip()


def search_name(first_name: str, last_name: str) -> str:
    """The stored search key of a person: normalised "first last"."""
    return f"{normalize_name(first_name)} {normalize_name(last_name)}".strip()[:210]
