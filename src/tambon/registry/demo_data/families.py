"""Thai families for the demo: who lives in a household (relations, ages, sexes), their
titles, and their names (Faker's, traditional ones for the elderly, northern surnames in the
north)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TypeVar

from tambon.demo.registry import DemoContext
from tambon.registry.demo_data.areas import Area
from tambon.registry.models import Person

M, F = Person.Sex.MALE, Person.Sex.FEMALE
R = Person.Relation

NORTHERN_PROVINCES = frozenset({"50", "51", "52", "53", "54", "55", "56", "57", "58"})

# Names people of 55 and over were often given, next to Faker's modern ones.
TRADITIONAL_MALE = (
    "บุญมา", "สมบูรณ์", "ทองดี", "สมบัติ", "บุญเรือง", "คำแสง", "สมหมาย", "ประเสริฐ", "บุญทัน",
    "คำปัน", "บุญช่วย", "สมาน", "อินทร์", "แก้ว", "จันทร์ตา", "บุญธรรม", "สุข", "ทองคำ",
)  # fmt: skip
TRADITIONAL_FEMALE = (
    "บัวคำ", "คำปุ๋ย", "สมศรี", "บุญปั๋น", "จันทร์ฟอง", "แสงเดือน", "ทองใบ", "บัวผัน", "คำแปง",
    "สมพร", "บุญยืน", "ศรีนวล", "ประไพ", "มณี", "ลำดวน", "บัวเขียว", "จันทร์ทิพย์", "ทองสุข",
)  # fmt: skip
# Surnames common in the north, for the northern provinces (Chiang Mai first).
NORTHERN_SURNAMES = (
    "ใจคำ", "อินต๊ะ", "คำมูล", "ปัญญาวงศ์", "ศรีวิชัย", "ธรรมวงศ์", "กันทะวงศ์", "แก้วมูล",
    "อินทรวงศ์", "ไชยวงค์", "ปัญญาดี", "จันทร์ตา", "ยาวิชัย", "ใจมา", "วงค์ษา", "เป็งใจ",
    "อุดมมา", "ทาแก้ว", "ปันแก้ว", "ดวงแก้ว", "มณีวรรณ", "สุยะ", "คำฟู", "ไชยมงคล",
)  # fmt: skip

SIZES = ((1, 12), (2, 22), (3, 22), (4, 20), (5, 12), (6, 7), (7, 5))
HEAD_AGES = ((20, 29, 6), (30, 39, 14), (40, 49, 22), (50, 59, 24), (60, 69, 18), (70, 79, 11))
ALONE_AGES = ((20, 39, 15), (40, 59, 20), (60, 74, 35), (75, 92, 30))

T = TypeVar("T")


def weighted(rng: random.Random, table: tuple[tuple[T, int], ...]) -> T:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_date(rng: random.Random, age: int, ref: dt.date) -> dt.date:
    """A birth date of someone `age` years old on `ref`."""
    latest = _years_before(ref, age)
    earliest = _years_before(ref, age + 1) + dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))


@dataclass(frozen=True)
class _Member:
    relation: str
    age: int
    sex: str


def compose(rng: random.Random, size: int) -> list[_Member]:
    """Relations, ages and sexes of a household of `size`: head, maybe a spouse, then children,
    grandchildren, parents or grandparents of the head, and the odd relative."""
    head_age = rng.randint(*_range(rng, ALONE_AGES if size == 1 else HEAD_AGES))
    head_sex = M if rng.random() < (0.45 if size == 1 else 0.62) else F
    other = F if head_sex == M else M
    members = [_Member(R.HEAD, head_age, head_sex)]
    if size >= 2 and rng.random() < 0.78:
        gap = rng.randint(-8, 3) if head_sex == M else rng.randint(-3, 8)
        members.append(_Member(R.SPOUSE, max(18, head_age + gap), other))
    elders: dict[str, list[str]] = {R.PARENT: [], R.GRANDPARENT: []}
    while len(members) < size:
        options: list[tuple[str, float]] = [(R.SIBLING, 0.35), (R.RELATIVE, 0.25)]
        options.append((R.NON_RELATIVE, 0.06))
        if head_age >= 20:
            options.append((R.CHILD, 6 if head_age < 60 else 2))
        if head_age >= 42:
            options.append((R.GRANDCHILD, 5 if head_age >= 55 else 1))
        if head_age <= 62 and len(elders[R.PARENT]) < 2:
            options.append((R.PARENT, 1.4 if head_age < 45 else 0.6))
        if head_age <= 32 and len(elders[R.GRANDPARENT]) < 2:
            options.append((R.GRANDPARENT, 0.6))
        relation = rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]
        sex = rng.choice((M, F))
        if relation in elders:
            sex = (F if elders[relation][0] == M else M) if elders[relation] else sex
            elders[relation].append(sex)
        members.append(_Member(relation, _member_age(rng, relation, head_age), sex))
    return members


def _range(rng: random.Random, table: tuple[tuple[int, int, int], ...]) -> tuple[int, int]:
    return weighted(rng, tuple(((lo, hi), w) for lo, hi, w in table))


def _member_age(rng: random.Random, relation: str, head_age: int) -> int:
    if relation == R.CHILD:
        return rng.randint(max(0, head_age - 45), head_age - 18)
    if relation == R.GRANDCHILD:
        return rng.randint(max(0, head_age - 80), min(30, head_age - 38))
    if relation == R.PARENT:
        return min(98, head_age + rng.randint(20, 35))
    if relation == R.GRANDPARENT:
        return min(99, head_age + rng.randint(40, 55))
    if relation == R.SIBLING:
        return max(0, head_age + rng.randint(-10, 10))
    if relation == R.NON_RELATIVE:
        return rng.randint(18, 50)
    return rng.randint(3, 75)


def married(rng: random.Random, m: _Member, has_spouse: bool) -> bool:
    """Whether a member is (or was) married, for the title of a woman."""
    if m.relation == R.SPOUSE or (m.relation == R.HEAD and has_spouse):
        return True
    if m.relation in (R.PARENT, R.GRANDPARENT):
        return True
    if m.relation == R.HEAD:
        return m.age >= 35 and rng.random() < 0.75
    return m.age >= 25 and rng.random() < 0.5


def title_for(sex: str, age: int, married: bool) -> str:
    """ด.ช./ด.ญ. under 15, then นาย, or นาง / นางสาว as a woman is married or not."""
    if age < 15:
        return "ด.ช." if sex == M else "ด.ญ."
    if sex == M:
        return "นาย"
    return "นาง" if married else "นางสาว"


class Namer:
    """Thai first and last names from Faker, with traditional names for the elderly and
    northern surnames in the north."""

    def __init__(self, ctx: DemoContext, area: Area) -> None:
        self.ctx, self.northern = ctx, area.province_code in NORTHERN_PROVINCES

    def first(self, sex: str, age: int, taken: set[str]) -> str:
        rng, fake = self.ctx.random, self.ctx.fake
        for _ in range(5):
            if age >= 55 and rng.random() < 0.5:
                name = rng.choice(TRADITIONAL_MALE if sex == M else TRADITIONAL_FEMALE)
            else:
                name = fake.first_name_male() if sex == M else fake.first_name_female()
            if name not in taken:
                break
        taken.add(name)
        return name

    def last(self) -> str:
        if self.northern and self.ctx.random.random() < 0.35:
            return self.ctx.random.choice(NORTHERN_SURNAMES)
        return self.ctx.fake.last_name()


KEEPS_SURNAME: dict[str, float] = {  # share of members who carry the household's surname
    R.HEAD: 1.0,
    R.SPOUSE: 0.8,
    R.CHILD: 0.97,
    R.GRANDCHILD: 0.55,
    R.PARENT: 0.7,
    R.GRANDPARENT: 0.5,
    R.SIBLING: 0.6,
    R.RELATIVE: 0.4,
    R.NON_RELATIVE: 0.0,
}
