"""Generated registries with known duplicates, for the benchmark and the accuracy test.

A population of Thai households in real sub-districts (geothai codes, villages หมู่ 1..n) with
Zipf-distributed first names and surnames (a few common, most rare; each sub-district has its
own common clans), members sharing a surname and a house, birth dates by generation, and
about 92 % with a valid national ID. Then:

- duplicates: a second (sometimes a third) record of a person, made with the demo's slips
  (registry.demo_data.perturb.make_duplicate: a Thai name typo, first and last name swapped,
  day and month swapped or a digit mistyped, the ID missing ~40 % or mistyped to another valid
  ID, the house number written another way), some of them moved to another house, village or
  sub-district;
- hard negatives, which are *not* duplicates: twins (same household, surname and birth date,
  another first name) and namesakes (the same name in the same sub-district, another birth
  date and household).

Only blind indexes leave this module (HMAC-SHA256 with a key of its own), never an ID. The
population is drawn with numpy in bulk, the slips one duplicate at a time. perturb.py uses
Django's translation machinery, so Django must be set up (the benchmark does it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import random
from dataclasses import dataclass
from itertools import combinations

import geothai
import polars as pl
from faker.providers.person.th_TH import Provider as ThaiNames

from tambon.core.nationalid import check_digit
from tambon.registry.dedupe.features import INPUT_SCHEMA
from tambon.registry.demo_data import perturb
from tambon.registry.names import normalize_name

PEOPLE_PER_SUBDISTRICT = 6000
_INDEX_KEY = b"tambon synthetic registry: not a real key"
# Serial numbers of IDs are permuted by x -> (x * A + B) mod 10^11: A is odd and not a
# multiple of 5, so different serials give different IDs.
_ID_A, _ID_B, _ID_SPACE = 7_919_999_993, 123_456_789, 10**11

# Syllables of composed Thai names, added to Faker's real ones.
_SURNAME_HEADS = (
    "แก้ว", "ศรี", "บุญ", "ทอง", "คำ", "จันทร์", "สุข", "ใจ", "มณี", "วงศ์", "พรหม", "ชัย", "สาย",
    "เพชร", "นาค", "อินทร์", "ธรรม", "ปัญญา", "รัตน", "สมบูรณ์", "เจริญ", "มั่น", "ดวง", "แสง",
    "ทิพย์", "เงิน", "ยอด", "พูล", "สาร", "ประเสริฐ", "กันทะ", "ปัน", "ไชย", "อุดม", "นิล", "ขาว",
    "เขียว", "บัว", "ลำ", "สิงห์", "เสือ", "ช้าง", "มงคล", "ศักดิ์", "ภู", "นา", "ป่า", "หนอง",
)  # fmt: skip
_SURNAME_TAILS = (
    "ดี", "มา", "สุข", "วงศ์", "ทอง", "ศรี", "ใจ", "คำ", "เจริญ", "ประเสริฐ", "สวัสดิ์", "มณี",
    "แก้ว", "ชัย", "พันธ์", "กุล", "วัฒน์", "สกุล", "ภักดี", "รักษ์", "มูล", "วิชัย", "ยืน",
    "งาม", "เรือง", "แสง", "ทิพย์", "นาค", "สิทธิ์", "ธรรม", "พงษ์", "บุตร", "ทา", "ปัน", "ฟู", "ยา",
)  # fmt: skip
_GIVEN_HEADS = (
    "สม", "ประ", "วิ", "กิตติ", "ธนา", "สุ", "อรุณ", "นภ", "ปิย", "ศรี", "พร", "ชน", "ณัฐ", "อนุ",
    "ธีร", "ภาณุ", "วรร", "จิร", "พิม", "กมล", "บุญ", "ทอง", "คำ", "แสง", "รุ่ง", "ดวง", "อัญ",
)  # fmt: skip
_GIVEN_TAILS_MALE = (
    "ชาย", "ศักดิ์", "พล", "ชัย", "พงษ์", "วุฒิ", "เดช", "ธร", "กร", "วัฒน์", "นนท์", "ภพ", "เกียรติ",
)  # fmt: skip
_GIVEN_TAILS_FEMALE = (
    "ศรี", "พร", "ใจ", "รัตน์", "วรรณ", "ทิพย์", "นันท์", "หญิง", "มณี", "ฤดี", "ลักษณ์", "จันทร์",
)  # fmt: skip
HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6, 7)
HOUSEHOLD_SHARES = (0.12, 0.22, 0.22, 0.20, 0.12, 0.07, 0.05)
HEAD_AGES = (25, 35, 45, 55, 65, 75)
HEAD_AGE_SHARES = (0.06, 0.14, 0.22, 0.26, 0.20, 0.12)
THIS_YEAR = 2024


@dataclass(frozen=True)
class Mix:
    """What the generated registry holds, as shares of its base population."""

    duplicates: float = 0.05  # people with a second record
    third_record: float = 0.1  # of those, people with a third
    twins: float = 0.01  # people with a twin in their household
    namesakes: float = 0.01  # people with a namesake in their sub-district
    moved: float = 0.2  # duplicates recorded at another house, village or sub-district
    missing_id: float = 0.4  # of duplicates whose person has an ID
    mistyped_id: float = 0.1
    max_changes: int = 3  # of ID, name and birth date changed in one duplicate


@dataclass(frozen=True)
class Registry:
    people: pl.DataFrame  # features.INPUT_SCHEMA
    duplicates: pl.DataFrame  # the true pairs (left_id < right_id)
    twins: pl.DataFrame  # hard negatives, same shape
    namesakes: pl.DataFrame


def blind_index(national_id: str) -> str:
    return hmac.new(_INDEX_KEY, national_id.encode(), hashlib.sha256).hexdigest()


def _zipf(size: int, exponent: float) -> list[float]:
    """Cumulative Zipf weights of ranks 1..size (for random.choices)."""
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1.0 / rank**exponent
        cumulative.append(total)
    return cumulative


def _pool(real: tuple[str, ...], heads: tuple[str, ...], tails: tuple[str, ...]) -> list[str]:
    return sorted({*real, *(h + t for h in heads for t in tails if h != t)})


def _subdistricts(count: int) -> list[tuple[str, str]]:
    """(sub-district, district) codes of whole districts, at least `count` of them."""
    chosen: list[tuple[str, str]] = []
    for province in sorted(geothai.provinces(), key=lambda p: p.code):
        for district in sorted(geothai.districts(province.code), key=lambda d: d.code):
            chosen += [(s.code, district.code) for s in geothai.subdistricts(district.code)]
            if len(chosen) >= count:
                return chosen
    return chosen


def national_id(serial: int) -> str:
    """A checksum-valid ID; distinct serial numbers give distinct IDs."""
    twelve = f"{1 + serial % 8}{(serial * _ID_A + _ID_B) % _ID_SPACE:011d}"
    return f"{twelve}{check_digit(twelve)}"


def mistype_national_id(national_id: str, rng: random.Random) -> str:
    """Another valid ID one digit away (as perturb.mistype_national_id with passes_checksum)."""
    candidates = []
    for position in range(13):
        for digit in "0123456789":
            if digit == national_id[position] or (position == 0 and digit in "09"):
                continue
            typed = national_id[:position] + digit + national_id[position + 1 :]
            if check_digit(typed[:12]) == int(typed[12]):
                candidates.append(typed)
    return rng.choice(candidates)


class _Generator:
    """Builds one registry from one seed: population, hard negatives, duplicates, truth."""

    def __init__(self, records: int, seed: int, mix: Mix):
        self.mix = mix
        self.rng = random.Random(seed)
        self.male = _pool(ThaiNames.first_names_male, _GIVEN_HEADS, _GIVEN_TAILS_MALE)
        self.female = _pool(ThaiNames.first_names_female, _GIVEN_HEADS, _GIVEN_TAILS_FEMALE)
        self.surnames = _pool(ThaiNames.last_names, _SURNAME_HEADS, _SURNAME_TAILS)
        for pool in (self.male, self.female, self.surnames):
            self.rng.shuffle(pool)
        self.male_weights = _zipf(len(self.male), 0.5)
        self.female_weights = _zipf(len(self.female), 0.5)
        self.surname_weights = _zipf(len(self.surnames), 0.6)
        extra = mix.twins + mix.namesakes + mix.duplicates * (1 + mix.third_record)
        self.base = max(4, round(records / (1 + extra)))
        self.next_serial = self.base
        self.rows: list[dict] = []
        self.position: list[int] = []
        self.twins: list[tuple[int, int]] = []
        self.namesakes: list[tuple[int, int]] = []
        self.clusters: list[list[int]] = []

    def _first_name(self, male: bool) -> str:
        if male:
            return self.rng.choices(self.male, cum_weights=self.male_weights)[0]
        return self.rng.choices(self.female, cum_weights=self.female_weights)[0]

    def _surname(self, area: int) -> str:
        rank = self.rng.choices(range(len(self.surnames)), cum_weights=self.surname_weights)[0]
        return self.surnames[self.clans[area][rank]]

    def _birth_date(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    # --- the population ----------------------------------------------------------------------

    def population(self) -> None:
        rng, n = self.rng, self.base
        self.areas = _subdistricts(max(1, -(-n // PEOPLE_PER_SUBDISTRICT)))
        self.area_index = {code: i for i, (code, _) in enumerate(self.areas)}
        self.village_counts = [rng.randint(6, 15) for _ in self.areas]
        # Each sub-district has its own common clans: surname ranks shuffled per sub-district.
        self.clans = []
        for _ in self.areas:
            ranks = list(range(len(self.surnames)))
            rng.shuffle(ranks)
            self.clans.append(ranks)
        sizes: list[int] = []
        total = 0
        while total < n:
            sizes.append(rng.choices(HOUSEHOLD_SIZES, weights=HOUSEHOLD_SHARES)[0])
            total += sizes[-1]
        sizes[-1] -= total - n
        self.households: list[dict] = []
        numbers: dict[tuple[int, int], int] = {}
        for household, size in enumerate(sizes):
            area = household * len(self.areas) // len(sizes)
            code = self.areas[area][0]
            village = rng.randint(1, self.village_counts[area])
            numbers[area, village] = number = numbers.get((area, village), 0) + 1
            house = f"{number}/{rng.randint(1, 9)}" if rng.random() < 0.25 else str(number)
            place = {
                "subdistrict_code": code,
                "village_code": f"{code}{village:02d}",
                "house_number": house,
                "household": household,
            }
            self.households.append(place)
            self._members(place, area, size)

    def _members(self, place: dict, area: int, size: int) -> None:
        rng = self.rng
        head_year = THIS_YEAR - rng.choices(HEAD_AGES, HEAD_AGE_SHARES)[0] - rng.randrange(10)
        head_male = rng.random() < 0.6
        family = self._surname(area)
        for position in range(size):
            if position == 0:
                year, male, surname = head_year, head_male, family
            elif position == 1:  # a spouse, who kept their own surname four times in ten
                year, male = head_year + round(rng.gauss(0, 4)), not head_male
                surname = self._surname(area) if rng.random() < 0.4 else family
            else:
                year, male, surname = head_year + rng.randint(20, 40), rng.random() < 0.5, family
            year = min(year, THIS_YEAR - 1)
            self.position.append(position)
            self._append(
                {
                    "first_name": self._first_name(male),
                    "last_name": surname,
                    "birth_date": self._birth_date(year),
                    "sex": "M" if male else "F",
                    **place,
                    "national_id": self._new_id(0.8 if year < 1950 else 0.93),
                    "phone": f"08{rng.randrange(10**8):08d}"
                    if year <= THIS_YEAR - 16 and rng.random() < 0.55
                    else "",
                }
            )

    def _new_id(self, share: float = 0.93) -> str | None:
        self.next_serial += 1
        return national_id(self.next_serial) if self.rng.random() < share else None

    # --- hard negatives and duplicates -------------------------------------------------------

    def hard_negatives(self) -> None:
        rng = self.rng
        children = [i for i, position in enumerate(self.position) if position >= 2]
        for index in rng.sample(children, min(len(children), round(self.mix.twins * self.base))):
            person = self.rows[index]
            male = rng.random() < 0.5
            first = person["first_name"]
            while first == person["first_name"]:
                first = self._first_name(male)
            twin = {**person, "first_name": first, "sex": "M" if male else "F", "phone": ""}
            twin["national_id"] = self._new_id()
            self.twins.append((index, self._append(twin)))
        households = len(self.households)
        for index in rng.sample(range(self.base), round(self.mix.namesakes * self.base)):
            person = self.rows[index]
            own = person["household"]
            # Households of one sub-district are numbered in a row (see population).
            area = self.area_index[person["subdistrict_code"]]
            lo = -(-area * households // len(self.areas))
            hi = -(-(area + 1) * households // len(self.areas))
            household = own
            while household == own and hi - lo > 1:
                household = rng.randrange(lo, hi)
            namesake = {
                **person,
                **self.households[household],
                "birth_date": self._birth_date(THIS_YEAR - rng.randint(18, 85)),
                "national_id": self._new_id(),
                "phone": "",
            }
            self.namesakes.append((index, self._append(namesake)))

    def duplicates(self) -> None:
        for index in self.rng.sample(range(self.base), round(self.mix.duplicates * self.base)):
            person = self.rows[index]
            cluster = [index, self._append(self._duplicate(person))]
            if self.rng.random() < self.mix.third_record:
                cluster.append(self._append(self._duplicate(person)))
            self.clusters.append(cluster)

    def _duplicate(self, person: dict) -> dict:
        mix, rng = self.mix, self.rng
        fields = perturb.PersonFields(
            first_name=person["first_name"],
            last_name=person["last_name"],
            sex=person["sex"],
            birth_date=person["birth_date"],
            national_id=person["national_id"],
            phone=person["phone"],
            house_number=person["house_number"],
            village_number=int(person["village_code"][-2:]),
        )
        # The ID is mistyped here rather than by make_duplicate: the same slip (one digit, still
        # passing the checksum), found without raising a ValidationError per candidate.
        mistype = bool(person["national_id"]) and rng.random() < mix.mistyped_id
        copy = perturb.make_duplicate(
            fields,
            rng,
            missing_id=0.0 if mistype else mix.missing_id / (1 - mix.mistyped_id),
            max_changes=mix.max_changes - mistype,
        ).fields
        if mistype and fields.national_id:
            typed = mistype_national_id(fields.national_id, rng)
            copy = dataclasses.replace(copy, national_id=typed)
        record = {
            **person,
            "first_name": copy.first_name,
            "last_name": copy.last_name,
            "birth_date": copy.birth_date,
            "national_id": copy.national_id,
            "phone": copy.phone,
            "house_number": copy.house_number,
        }
        if rng.random() < mix.moved:
            record.update(self._moved(person))
        return record

    def _moved(self, person: dict) -> dict:
        """Another house in the village (45 %), another village (35 %) or sub-district (20 %)."""
        rng, code = self.rng, person["subdistrict_code"]
        house = str(rng.randint(1, 250))
        draw = rng.random()
        if draw < 0.45:
            return {"house_number": house}
        neighbours = [c for c, d in self.areas if d == code[:4] and c != code]
        if draw >= 0.8 and neighbours:
            code = rng.choice(neighbours)
        count = self.village_counts[self.area_index[code]]
        village = person["village_code"]
        while village == person["village_code"] and count > 1:
            village = f"{code}{rng.randint(1, count):02d}"
        return {"subdistrict_code": code, "village_code": village, "house_number": house}

    def _append(self, row: dict) -> int:
        self.rows.append(row)
        return len(self.rows) - 1

    # --- the result ------------------------------------------------------------------------

    def build(self) -> Registry:
        self.population()
        self.hard_negatives()
        self.duplicates()
        rows = pl.DataFrame(
            self.rows,
            schema={**INPUT_SCHEMA, "national_id": pl.String(), "household": pl.Int64()},
        )
        ids = list(range(1, rows.height + 1))
        self.rng.shuffle(ids)
        names = pl.concat([rows["first_name"], rows["last_name"]]).unique().to_list()
        normal = {name: normalize_name(name) for name in names}
        index = {i: blind_index(i) for i in rows["national_id"].drop_nulls().unique().to_list()}
        people = rows.with_columns(
            pl.Series("id", ids, dtype=pl.Int64()),
            pl.col("first_name").replace_strict(normal),
            pl.col("last_name").replace_strict(normal),
            pl.col("national_id").replace_strict(index, default=None).alias("national_id_index"),
        ).select(list(INPUT_SCHEMA))
        return Registry(
            people=people,
            duplicates=_pairs([pair for c in self.clusters for pair in combinations(c, 2)], ids),
            twins=_pairs(self.twins, ids),
            namesakes=_pairs(self.namesakes, ids),
        )


def _pairs(pairs: list[tuple[int, int]], ids: list[int]) -> pl.DataFrame:
    left = [ids[a] for a, _ in pairs]
    right = [ids[b] for _, b in pairs]
    return pl.DataFrame(
        {
            "left_id": [min(a, b) for a, b in zip(left, right, strict=True)],
            "right_id": [max(a, b) for a, b in zip(left, right, strict=True)],
        },
        schema={"left_id": pl.Int64(), "right_id": pl.Int64()},
    )


def generate(records: int, *, seed: int = 1, mix: Mix | None = None) -> Registry:
    """A registry of about `records` people with known duplicates and hard negatives."""
    return _Generator(records, seed, mix or Mix()).build()
