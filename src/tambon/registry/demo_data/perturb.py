"""How one person's second record differs from the first: the slips of real Thai survey data.

A person is often registered twice: by two surveys, an import and a walk-in, two villages.
The second record carries the mistakes people make when they hear, type or copy a Thai name,
a date and an ID. The demo plants such pairs (see people.py); the deduplication benchmark can
reuse the same functions. Everything takes a seeded `random.Random`, so a seed gives the same
mistakes every time; nothing here touches the database.

    rng = random.Random(1)
    typo_thai("สมศรี", rng)              # "สมศี", "สมศรี" with a tone mark, "สศมรี", ...
    swap_names("สมศรี", "มีสุข")          # ("มีสุข", "สมศรี")
    swap_day_month(date(1958, 4, 3))     # date(1958, 3, 4)
    mistype_national_id(nid, rng)        # one digit changed: fails the checksum
    vary_house_number("12/3", rng)       # "12 ม.3", "เลขที่ 12/3", "๑๒/๓", ...
    make_duplicate(fields, rng)          # a whole second record and what was changed
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from tambon.core import nationalid
from tambon.registry.names import normalize_name

TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
# Vowels and signs written above or below a consonant (sara a mai han-akat ... mai taikhu,
# thanthakhat): they combine with the consonant before them.
UPPER_LOWER_SIGNS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e4c"
VOWELS_TAKING_TONE = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39"  # ั ิ ี ึ ื ุ ู
COMBINING = frozenset(TONE_MARKS + UPPER_LOWER_SIGNS + "\u0e3a\u0e4d\u0e4e")
# Tone marks people confuse when they hear or type a name (mai ek ↔ mai tho most of all).
TONE_SLIPS = {
    "\u0e48": "\u0e49\u0e4a",
    "\u0e49": "\u0e48\u0e4a",
    "\u0e4a": "\u0e49\u0e4b",
    "\u0e4b": "\u0e4a\u0e48",
}
# Short and long vowels that look and sound alike.
VOWEL_SLIPS = {
    "\u0e34": "\u0e35",  # ิ → ี
    "\u0e35": "\u0e34",
    "\u0e36": "\u0e37",  # ึ → ื
    "\u0e37": "\u0e36",
    "\u0e38": "\u0e39",  # ุ → ู
    "\u0e39": "\u0e38",
    "\u0e43": "\u0e44",  # ใ → ไ
    "\u0e44": "\u0e43",
    "\u0e30": "\u0e32",  # ะ → า
}
# Consonants with the same sound: the spelling of a heard name goes either way.
CONSONANT_SLIPS = {
    "ศ": "สษ",
    "ษ": "ศส",
    "ส": "ศ",
    "ท": "ธฑ",
    "ธ": "ท",
    "ฑ": "ท",
    "ณ": "น",
    "น": "ณ",
    "ภ": "พ",
    "พ": "ภ",
    "ฆ": "ค",
    "ค": "ฆ",
    "ฏ": "ต",
    "ฌ": "ช",
    "ญ": "ย",
    "ฬ": "ล",
}
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# What make_duplicate may change, as recorded in Duplicate.changes.
ID_MISSING = "id_missing"
ID_MISTYPED = "id_mistyped"
FIRST_NAME_TYPO = "first_name_typo"
LAST_NAME_TYPO = "last_name_typo"
NAMES_SWAPPED = "names_swapped"
DAY_MONTH_SWAPPED = "day_month_swapped"
BIRTH_DATE_MISTYPED = "birth_date_mistyped"
TITLE_CHANGED = "title_changed"
PHONE_MISSING = "phone_missing"
HOUSE_NUMBER_FORMAT = "house_number_format"


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def _is_consonant(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e"


def _replace(text: str, index: int, new: str) -> str:
    return text[:index] + new + text[index + 1 :]


def _drop_mark(text: str, marks: str) -> list[str]:
    return [_replace(text, i, "") for i, ch in enumerate(text) if ch in marks]


def _substitute(text: str, slips: dict[str, str]) -> list[str]:
    return [
        _replace(text, i, other) for i, ch in enumerate(text) if ch in slips for other in slips[ch]
    ]


def _add_tone(text: str) -> list[str]:
    # A tone mark added on a vowel sign above or below a consonant (มีสุข → มีสุ่ข); the mark
    # goes after the sign, as Thai spelling stores it.
    out = []
    for i, ch in enumerate(text):
        if not _is_consonant(ch):
            continue
        j = i + 1
        while j < len(text) and text[j] in VOWELS_TAKING_TONE:
            j += 1
        if j == i + 1 or (j < len(text) and text[j] in COMBINING):
            continue
        out += [text[:j] + mark + text[j:] for mark in "\u0e48\u0e49"]
    return out


def _swap_adjacent(text: str) -> list[str]:
    # Two neighbouring letters typed in the wrong order; combining marks stay on their letter.
    out = []
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a == b or a in COMBINING or b in COMBINING or a.isspace() or b.isspace():
            continue
        if _is_thai(a) and not (_is_consonant(a) and _is_consonant(b)):
            continue
        out.append(text[:i] + b + a + text[i + 2 :])
    return out


def _drop_letter(text: str) -> list[str]:
    return [_replace(text, i, "") for i, ch in enumerate(text) if ch.isalpha() and not _is_thai(ch)]


_THAI_SLIPS: tuple[Callable[[str], list[str]], ...] = (
    lambda t: _drop_mark(t, TONE_MARKS),
    lambda t: _substitute(t, TONE_SLIPS),
    _add_tone,
    lambda t: _drop_mark(t, UPPER_LOWER_SIGNS),
    lambda t: _substitute(t, VOWEL_SLIPS),
    lambda t: _substitute(t, CONSONANT_SLIPS),
    _swap_adjacent,
)


def typo_thai(name: str, rng: random.Random) -> str:
    """`name` with one slip: a tone mark or vowel dropped or changed, a homophone consonant,
    or two letters swapped. Differs from `name` in its normalised (search) form whenever
    `name` has a letter at all."""
    if not name:
        return name
    slips = [*_THAI_SLIPS, _drop_letter]
    rng.shuffle(slips)
    wanted = normalize_name(name)
    for slip in slips:
        candidates = slip(name)
        rng.shuffle(candidates)
        for candidate in candidates:
            if candidate.strip() and normalize_name(candidate) != wanted:
                return candidate
    # A name with nothing to slip on (one letter): the key of its last letter bounced.
    letters = [ch for ch in name if ch not in COMBINING and not ch.isspace()]
    for extra in (*letters[-1:], "ร"):
        if normalize_name(name + extra) != wanted:
            return name + extra
    return name


def swap_names(first_name: str, last_name: str) -> tuple[str, str]:
    """First and last name entered in each other's column."""
    return last_name, first_name


def can_swap_day_month(day: dt.date) -> bool:
    """Whether reading the date the other way round (d/m ↔ m/d) gives another real date."""
    return day.day <= 12 and day.day != day.month


def swap_day_month(day: dt.date) -> dt.date:
    """The date with day and month swapped (3 April ↔ 4 March); unchanged when that is not a
    different real date (see can_swap_day_month)."""
    if not can_swap_day_month(day):
        return day
    return day.replace(month=day.day, day=day.month)


def mistype_birth_date(day: dt.date, rng: random.Random) -> dt.date:
    """The date with one digit of its day or year typed wrong (a real, different date)."""
    candidates: list[dt.date] = []
    for digit in range(10):
        for text in (f"{digit}{day.day % 10}", f"{day.day // 10}{digit}"):
            try:
                candidates.append(day.replace(day=int(text)))
            except ValueError:
                continue
    for delta in (-10, -1, 1, 10):
        try:
            candidates.append(day.replace(year=day.year + delta))
        except ValueError:
            continue
    choices = sorted({c for c in candidates if c != day})
    return rng.choice(choices)


def mistype_national_id(
    national_id: str, rng: random.Random, *, passes_checksum: bool = False
) -> str:
    """The ID with exactly one digit changed.

    By default the result fails the mod-11 checksum, as most slips do (the registry refuses
    those). With passes_checksum=True it is one of the rarer slips the checksum does not catch
    (a digit in the third place, or one that moves the sum between the two remainders that
    share a check digit): a valid ID of nobody, with another blind index.
    """
    digits = nationalid.normalize(national_id)
    candidates = [
        _replace(digits, i, other)
        for i, ch in enumerate(digits)
        for other in "0123456789"
        if other != ch
    ]
    chosen = [c for c in candidates if nationalid.is_valid(c) == passes_checksum]
    return rng.choice(chosen)


def vary_house_number(
    house_number: str, rng: random.Random, *, village_number: int | None = None
) -> str:
    """The same house number written another way: "12/3" as "12 ม.3", "เลขที่ 12/3", Thai
    digits, with the village (หมู่) appended, or spaced out. Always a different string."""
    text = house_number.strip()
    if not text:
        return text
    variants = [f"เลขที่ {text}", f"บ้านเลขที่ {text}", text.translate(THAI_DIGITS)]
    if "/" in text:
        main, sub = text.split("/", 1)
        variants += [f"{main} ม.{sub}", f"{main} / {sub}", f"{main}-{sub}"]
    if village_number is not None:
        variants += [f"{text} ม.{village_number}", f"{text} หมู่ {village_number}"]
    choices = sorted({v for v in variants if v != text})
    return rng.choice(choices)


@dataclass(frozen=True)
class PersonFields:
    """What a survey records of a person, as plain data (the fields deduplication compares)."""

    first_name: str
    last_name: str
    sex: str = ""
    birth_date: dt.date | None = None
    national_id: str | None = None
    title: str = ""
    phone: str = ""
    house_number: str = ""
    village_number: int | None = None


@dataclass(frozen=True)
class Duplicate:
    fields: PersonFields
    changes: tuple[str, ...]


TITLE_SLIPS = {"นาง": "นางสาว", "นางสาว": "นาง"}


def make_duplicate(
    person: PersonFields,
    rng: random.Random,
    *,
    missing_id: float = 0.4,
    mistyped_id: float = 0.0,
    name_change: float = 0.75,
    date_change: float = 0.18,
    max_changes: int = 2,
) -> Duplicate:
    """A second record of `person` with realistic slips, and the list of what changed.

    The ID is dropped (`missing_id` of the time), mistyped to another valid ID (`mistyped_id`)
    or kept; the name gets a typo in the first or last name or the two are swapped
    (`name_change`); the birth date has day and month swapped or a digit mistyped
    (`date_change`). At most `max_changes` of ID, name and date change, as an officer would
    still recognise the person. The house number is written another way, the title may slip
    between นาง and นางสาว, and the phone is often missing.
    """
    changes: list[str] = []
    national_id = person.national_id
    if national_id:
        draw = rng.random()
        if draw < missing_id:
            national_id = None
            changes.append(ID_MISSING)
        elif draw < missing_id + mistyped_id:
            national_id = mistype_national_id(national_id, rng, passes_checksum=True)
            changes.append(ID_MISTYPED)
    first, last = person.first_name, person.last_name
    if len(changes) < max_changes and rng.random() < name_change:
        draw = rng.random()
        if draw < 0.6 or not last:
            first = typo_thai(first, rng)
            changes.append(FIRST_NAME_TYPO)
        elif draw < 0.88:
            last = typo_thai(last, rng)
            changes.append(LAST_NAME_TYPO)
        else:
            first, last = swap_names(first, last)
            changes.append(NAMES_SWAPPED)
    birth_date = person.birth_date
    if birth_date and len(changes) < max_changes and rng.random() < date_change:
        if can_swap_day_month(birth_date) and rng.random() < 0.65:
            birth_date = swap_day_month(birth_date)
            changes.append(DAY_MONTH_SWAPPED)
        else:
            birth_date = mistype_birth_date(birth_date, rng)
            changes.append(BIRTH_DATE_MISTYPED)
    title = person.title
    if title in TITLE_SLIPS and rng.random() < 0.3:
        title = TITLE_SLIPS[title]
        changes.append(TITLE_CHANGED)
    phone = person.phone
    if phone and rng.random() < 0.5:
        phone = ""
        changes.append(PHONE_MISSING)
    house_number = person.house_number
    if house_number:
        house_number = vary_house_number(house_number, rng, village_number=person.village_number)
        changes.append(HOUSE_NUMBER_FORMAT)
    fields = dataclasses.replace(
        person,
        first_name=first,
        last_name=last,
        birth_date=birth_date,
        national_id=national_id,
        title=title,
        phone=phone,
        house_number=house_number,
    )
    return Duplicate(fields=fields, changes=tuple(changes))
