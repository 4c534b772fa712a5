"""Parsers of one cell: sex, relation, dates, yes/no flags, disability, housing, income band.

Each takes the text of a cell and returns the stored value or raises ValidationError with the
reason shown in the report. They run once per distinct value of a column (see validate.py),
so they can afford to be plain Python.
"""

import datetime as dt
import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pythainlp.util import thai_digit_to_arabic_digit

from tambon.core import thai
from tambon.core.errors import ValidationError
from tambon.registry.models import Household, Person
from tambon.registry.names import TITLES

MSG_SEX = gettext_noop("Write the sex as ชาย or หญิง (M or F).")
MSG_RELATION = gettext_noop(
    "Unknown relation to the head of household: write for example หัวหน้าครัวเรือน, คู่สมรส, "
    "บุตร, บิดา/มารดา, หลาน, ญาติ or ผู้อาศัย."
)
MSG_YES_NO = gettext_noop("Write มี or ไม่มี (yes or no).")
MSG_DISABILITY = gettext_noop(
    "Unknown disability type: write one of the seven types of the disability card "
    "(การเห็น, การได้ยินหรือสื่อความหมาย, การเคลื่อนไหวหรือร่างกาย, จิตใจหรือพฤติกรรม, "
    "สติปัญญา, การเรียนรู้, ออทิสติก) or its number 1–7."
)
MSG_HOUSING = gettext_noop(
    "Unknown housing condition: write มั่นคง, ต้องซ่อมแซม, ทรุดโทรม, ชั่วคราว or ไม่มีที่อยู่."
)
MSG_INCOME = gettext_noop(
    "Unknown income band: write ต่ำกว่าเส้นความยากจน, ต่ำกว่าเกณฑ์ จปฐ., ผ่านเกณฑ์ จปฐ. or ไม่ทราบ."
)
MSG_FUTURE = gettext_noop("The birth date is in the future.")
MSG_TOO_LONG = gettext_noop("This is {count} characters long; at most {limit} fit.")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFC", thai_digit_to_arabic_digit(text or "")).casefold()
    return re.sub(r"[\s.\-_/]+", "", text)


def _table(entries: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_key(word): value for value, words in entries.items() for word in (value, *words)}


_SEX = _table(
    {
        Person.Sex.MALE: ("ชาย", "ช", "ผู้ชาย", "เพศชาย", "male", "man", "m", "1"),
        Person.Sex.FEMALE: ("หญิง", "ญ", "ผู้หญิง", "เพศหญิง", "female", "woman", "f", "w", "2"),
        Person.Sex.OTHER: ("อื่นๆ", "อื่น ๆ", "ไม่ระบุ", "other", "not stated", "x", "3"),
    }
)
_RELATION = _table(
    {
        Person.Relation.HEAD: ("หัวหน้าครัวเรือน", "หัวหน้า", "เจ้าบ้าน", "head", "householder"),
        Person.Relation.SPOUSE: ("คู่สมรส", "สามี", "ภรรยา", "ภริยา", "wife", "husband"),
        Person.Relation.CHILD: ("บุตร", "ลูก", "บุตรชาย", "บุตรสาว", "ลูกชาย", "ลูกสาว", "son"),
        Person.Relation.PARENT: ("บิดา", "มารดา", "พ่อ", "แม่", "บิดามารดา", "father", "mother"),
        Person.Relation.GRANDCHILD: ("หลาน", "หลานชาย", "หลานสาว", "เหลน", "grandson"),
        Person.Relation.GRANDPARENT: ("ปู่", "ย่า", "ตา", "ยาย", "ปู่ย่าตายาย", "grandfather"),
        Person.Relation.SIBLING: ("พี่น้อง", "พี่", "น้อง", "พี่ชาย", "พี่สาว", "น้องชาย", "brother"),
        Person.Relation.RELATIVE: ("ญาติ", "ลุง", "ป้า", "น้า", "อา", "ลูกเขย", "ลูกสะใภ้", "other"),
        Person.Relation.NON_RELATIVE: ("ผู้อาศัย", "ผู้อยู่อาศัย", "ไม่ใช่ญาติ", "ไม่เกี่ยวข้อง", "lodger"),
    }
)
_RELATION.update(
    {
        _key(w): v
        for v, words in {
            Person.Relation.CHILD: ("daughter", "child"),
            Person.Relation.PARENT: ("parent",),
            Person.Relation.GRANDCHILD: ("granddaughter", "grandchild"),
            Person.Relation.GRANDPARENT: ("grandmother", "grandparent"),
            Person.Relation.SIBLING: ("sister", "sibling"),
            Person.Relation.RELATIVE: ("relative", "other relative"),
            Person.Relation.NON_RELATIVE: ("non-relative", "not related"),
            Person.Relation.SPOUSE: ("spouse",),
            Person.Relation.HEAD: ("head of household",),
        }.items()
        for w in words
    }
)
_YES = {_key(w) for w in ("มี", "ใช่", "ถือ", "ถือบัตร", "มีบัตร", "yes", "y", "true", "1", "✓")}
# "-" (nothing to declare) normalises to "".
_NO = {_key(w) for w in ("ไม่มี", "ไม่", "ไม่ใช่", "ไม่ถือ", "no", "n", "false", "0", "-")}
# The seven types of the disability card, in the order of their official numbers 1–7.
_DISABILITY_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (Person.Disability.VISUAL, ("เห็น", "มองเห็น", "ตาบอด", "visual", "sight")),
    (Person.Disability.HEARING, ("ได้ยิน", "สื่อความหมาย", "หูหนวก", "hearing", "deaf")),
    (Person.Disability.PHYSICAL, ("เคลื่อนไหว", "ร่างกาย", "physical", "movement")),
    (Person.Disability.MENTAL, ("จิตใจ", "พฤติกรรม", "mental", "behavio")),
    (Person.Disability.INTELLECTUAL, ("สติปัญญา", "intellectual")),
    (Person.Disability.LEARNING, ("การเรียนรู้", "learning")),
    (Person.Disability.AUTISM, ("ออทิสติก", "autis")),
]
_HOUSING = _table(
    {
        Household.Housing.SECURE: ("มั่นคง", "มั่นคงถาวร", "ดี", "secure", "good"),
        Household.Housing.NEEDS_REPAIR: ("ต้องซ่อมแซม", "ชำรุด", "ซ่อมแซม", "needs repair"),
        Household.Housing.DILAPIDATED: ("ทรุดโทรม", "ไม่ปลอดภัย", "ไม่มั่นคง", "unsafe"),
        Household.Housing.TEMPORARY: ("ชั่วคราว", "ที่พักชั่วคราว", "temporary", "shelter"),
        Household.Housing.NONE: ("ไม่มีที่อยู่", "ไม่มีที่อยู่อาศัย", "ไร้บ้าน", "homeless", "none"),
    }
)
_INCOME = _table(
    {
        Household.IncomeBand.BELOW_POVERTY_LINE: (
            "ต่ำกว่าเส้นความยากจน",
            "ยากจน",
            "below poverty line",
        ),
        Household.IncomeBand.BELOW_STANDARD: (
            "ต่ำกว่าเกณฑ์ จปฐ.",
            "ต่ำกว่าเกณฑ์",
            "ไม่ผ่านเกณฑ์ จปฐ.",
            "ไม่ผ่านเกณฑ์",
            "below standard",
        ),
        Household.IncomeBand.ABOVE_STANDARD: (
            "ผ่านเกณฑ์ จปฐ.",
            "ผ่านเกณฑ์",
            "สูงกว่าเกณฑ์",
            "above standard",
        ),
        Household.IncomeBand.UNKNOWN: ("ไม่ทราบ", "ไม่ระบุ", "unknown"),
    }
)


def _lookup(table: dict[str, str], text: str, message: str) -> str:
    try:
        return table[_key(text)]
    except KeyError:
        raise ValidationError(_(message)) from None


def parse_sex(text: str) -> str:
    return _lookup(_SEX, text, MSG_SEX)


def parse_relation(text: str) -> str:
    return _lookup(_RELATION, text, MSG_RELATION)


def parse_housing(text: str) -> str:
    return _lookup(_HOUSING, text, MSG_HOUSING)


def parse_income_band(text: str) -> str:
    return _lookup(_INCOME, text, MSG_INCOME)


def parse_yes_no(text: str) -> bool:
    key = _key(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValidationError(_(MSG_YES_NO))


def parse_disability(text: str) -> str:
    key = _key(text)
    if key.isdecimal() and 1 <= int(key) <= len(_DISABILITY_WORDS):
        return _DISABILITY_WORDS[int(key) - 1][0]
    for value, words in _DISABILITY_WORDS:
        if key == value or any(_key(w) in key for w in words):
            return value
    raise ValidationError(_(MSG_DISABILITY))


# Thai month names, full and abbreviated, as government files write them.
THAI_MONTHS = [
    ("มกราคม", "มค"),
    ("กุมภาพันธ์", "กพ"),
    ("มีนาคม", "มีค"),
    ("เมษายน", "เมย"),
    ("พฤษภาคม", "พค"),
    ("มิถุนายน", "มิย"),
    ("กรกฎาคม", "กค"),
    ("สิงหาคม", "สค"),
    ("กันยายน", "กย"),
    ("ตุลาคม", "ตค"),
    ("พฤศจิกายน", "พย"),
    ("ธันวาคม", "ธค"),
]
_MONTH_NUMBER = {name: n for n, names in enumerate(THAI_MONTHS, start=1) for name in names}
_WORD_DATE = re.compile(r"^(\d{1,2})\s*([ก-๙.]+)\s*(?:พ\.ศ\.)?\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_YEAR_ONLY = re.compile(r"^(?:(?:0{1,2}|-)\s*[/.\-]\s*(?:0{1,2}|-)\s*[/.\-]\s*)?(\d{4})$")


def parse_birth_date(text: str, *, today: dt.date | None = None) -> dt.date:
    """A birth date: d/m/yyyy in the Buddhist era, ISO yyyy-mm-dd, "13 เม.ย. 2501" or a year.

    A year alone (2501, or 00/00/2501 as on ID cards whose holder's day is unknown) gives the
    1st of January of that year. An ISO date with a year from 2400 is a Buddhist-era year
    (a spreadsheet stores "13/04/2501" typed in Thai as 2501-04-13).
    """
    normalized = thai_digit_to_arabic_digit(text or "").strip()
    if match := _ISO_DATE.match(normalized):
        year, month, day = (int(g) for g in match.groups())
        if year >= thai.BE_YEAR_MIN:
            year -= thai.BE_OFFSET
        value = _date(year, month, day, text)
    elif match := _YEAR_ONLY.match(normalized):
        value = thai.parse_be_date(f"1/1/{match[1]}")
    elif match := _WORD_DATE.match(normalized):
        month_number = _MONTH_NUMBER.get(match[2].replace(".", ""))
        if month_number is None:
            raise ValidationError(_(thai.MSG_FORMAT))
        value = thai.parse_be_date(f"{match[1]}/{month_number}/{match[3]}")
    else:
        value = thai.parse_be_date(normalized)
    if value > (today or timezone.localdate()):
        raise ValidationError(_(MSG_FUTURE))
    return value


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(_(thai.MSG_NO_SUCH_DAY).format(text=text.strip())) from None


_TITLE_PREFIXES = sorted((t for t in TITLES if not t.isascii()), key=len, reverse=True)


def split_title(name: str) -> tuple[str, str]:
    """("นาย", "สมชาย") from "นายสมชาย" or "นาย สมชาย"; ("", name) when it has no title."""
    text = name.strip()
    for title in _TITLE_PREFIXES:
        if text.startswith(title) and len(text) > len(title):
            return title, text[len(title) :].strip()
    lowered = text.casefold()
    for title in TITLES:
        if title.isascii() and lowered.startswith(title + " "):
            return text[: len(title)], text[len(title) :].strip()
    return "", text


def split_full_name(text: str) -> tuple[str, str, str]:
    """(title, first name, last name) of "นางสาวสมศรี มีสุข"."""
    title, rest = split_title(text)
    first, _sep, last = rest.partition(" ")
    return title, first.strip(), " ".join(last.split())


MSG_TARGET_GROUP = gettext_noop("Unknown target group “{name}”.")
_GROUP_SEPARATORS = re.compile(r"[,;|\n]+")


class TargetGroups:
    """Target-group codes or names (Thai or English) → the ids of the groups recorded.

    Groups derived from age or sex (child, elderly, woman...) are never recorded on a person:
    naming them is accepted and has no effect.
    """

    def __init__(self) -> None:
        from tambon.registry.models import TargetGroup

        self.ids: dict[str, int | None] = {}
        self.by_code: dict[str, int] = {}
        for group in TargetGroup.objects.filter(active=True):
            recorded = None if group.is_derived else group.pk
            self.by_code[group.code] = group.pk
            names = [group.code, group.name_en, *group.name_th.split("/")]
            # "ผู้มีรายได้น้อย (บัตรสวัสดิการแห่งรัฐ)" is known by both its parts.
            names += re.findall(r"\(([^)]*)\)", group.name_th)
            names += [re.sub(r"\([^)]*\)", "", n) for n in names]
            for name in names:
                if _key(name):
                    self.ids.setdefault(_key(name), recorded)

    def parse(self, text: str) -> list[int]:
        found: set[int] = set()
        for part in _GROUP_SEPARATORS.split(text or ""):
            if not part.strip():
                continue
            key = _key(part)
            if key not in self.ids:
                raise ValidationError(_(MSG_TARGET_GROUP).format(name=part.strip()))
            group = self.ids[key]
            if group is not None:
                found.add(group)
        return sorted(found)
