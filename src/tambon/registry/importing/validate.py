"""Checking every row of a chunk, column by column, and preparing the values to store.

Low-cardinality columns (dates, sex, relation, places, villages, target groups...) are parsed
once per distinct value by the plain parsers of values.py and geocode.py and mapped back, so a
million rows cost a few tens of thousands of parser calls; national IDs and phone numbers,
which are all different, are checked as Polars column arithmetic (nid.py). Errors are gathered
as a frame of (row, field, value, reason); the national ID's value is masked before it is
ever put there.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core.errors import ValidationError
from tambon.registry.importing import dates, keys, nid, values
from tambon.registry.importing.columns import FIELDS
from tambon.registry.importing.errors import ERRORS_SCHEMA
from tambon.registry.importing.geocode import MSG_OUTSIDE_AREA, Geocoder, Villages
from tambon.registry.importing.reading import ROW
from tambon.registry.names import normalize_name

MSG_FIRST_NAME = gettext_noop("Enter the first name.")
MSG_DUPLICATE_ID = gettext_noop("The same national ID is already in row {row} of the file.")
MSG_DUPLICATE_ROW = gettext_noop("This row repeats row {row} of the file.")
MSG_PHONE = gettext_noop(
    "A phone number has 10 digits starting with 06, 08 or 09 (mobile) or 9 digits starting "
    "with 02–07 (landline)."
)

# Column lengths of the registry tables.
LIMITS = {"title": 40, "first_name": 100, "last_name": 100, "house_number": 30, "address": 300}
FIELD_ORDER = {f.name: i for i, f in enumerate(FIELDS)}
OK = "__ok"
PolarsType = pl.DataType | type[pl.DataType]
AREA_FIELDS = ("subdistrict_code", "subdistrict", "district", "province")
# A cache of parsed values stops growing here (a column of nearly unique values).
CACHE_LIMIT = 200_000
# Columns parsed by _simple_values and _phone (named "<field>=" while checking).
_PARSED = (
    "sex",
    "relation",
    "birth_date",
    "phone",
    "welfare_card",
    "disability_card",
    "disability_type",
    "housing",
    "income_band",
)
# What the writer needs of a valid row.
PREPARED = (
    ROW,
    "national_id",
    "national_id_index",
    "search_name",
    *keys.KEY_COLUMNS,
    "target_groups",
    "import_key",
    "household_key",
)


@dataclass
class Checked:
    rows: pl.DataFrame  # every row: PREPARED columns and OK (no error)
    errors: pl.DataFrame  # ERRORS_SCHEMA


def _too_long(column: str, limit: int) -> pl.Expr:
    length = pl.col(column).str.len_chars()
    return pl.when(length > limit).then(
        nid.formatted(_(values.MSG_TOO_LONG), count=length, limit=pl.lit(limit))
    )


def _first_reason(*reasons: pl.Expr) -> pl.Expr:
    return pl.coalesce(*reasons) if len(reasons) > 1 else reasons[0]


class Checker:
    """Checks the chunks of one file in order (duplicates are found across chunks).

    Everything it needs from the database (geography, villages, target groups) is read when
    it is made, so `check` can run in another thread than the one writing.
    """

    def __init__(
        self,
        *,
        column_map: dict[str, str],
        header_index: dict[str, int],
        areas: Sequence[Sequence[str] | None],
    ) -> None:
        self.columns = {f: f"c{header_index[h]}" for f, h in column_map.items()}
        self.areas = [list(a) for a in areas if a is not None]
        self.today = timezone.localdate()
        self.geocoder = Geocoder()
        self.villages = Villages()
        self.groups = values.TargetGroups()
        self._caches: dict[str, dict[Any, tuple[Any, str | None]]] = {}
        self._seen_ids = pl.DataFrame(schema={"number": pl.Int64, "first": pl.Int64})
        self._seen_rows: dict[str, int] = {}
        self._allowed: dict[str, bool] = {}

    def has(self, field: str) -> bool:
        return field in self.columns

    def check(self, chunk: pl.DataFrame) -> Checked:
        """Check a chunk of rows; the prepared values of every row and its errors."""
        w = chunk.select(
            ROW,
            *[
                (
                    pl.col(self.columns[f.name]) if self.has(f.name) else pl.lit(None, pl.String)
                ).alias(f.name)
                for f in FIELDS
            ],
        )
        reasons: dict[str, list[pl.Expr]] = {}
        w = self._names(w, reasons)
        w = self._national_id(w, reasons)
        w = self._simple_values(w, reasons)
        w = self._phone(w, reasons)
        w = self._area(w, reasons)
        w = self._village(w, reasons)
        w = self._target_groups(w, reasons)
        for field in ("house_number", "address"):
            reasons.setdefault(field, []).append(_too_long(field, LIMITS[field]))
        w = w.with_columns(
            _first_reason(*exprs).alias(f"!{field}") for field, exprs in reasons.items()
        )
        errors = self._errors(w, list(reasons))
        w = w.with_columns(
            pl.col(ROW).is_in(errors["row"].unique().implode()).not_().alias(OK),
            *[pl.col(f).fill_null("") for f in ("house_number", "address", "note")],
        )
        return self._keys(w, errors)

    # -- columns ---------------------------------------------------------------------------

    def _lookup(
        self,
        w: pl.DataFrame,
        source: str,
        parse: Callable[[str], Any],
        dtype: PolarsType,
        name: str,
        only: pl.Expr | None = None,
    ) -> pl.DataFrame:
        """Add `name` (parsed values of column `source`) and `name!` (the reason it failed),
        parsing each distinct value once (of the rows where `only` holds, if given)."""
        cache = self._caches.setdefault(name, {})
        values_ = w[source] if only is None else w.filter(only)[source]
        keys = values_.drop_nulls().unique().to_list()
        results = []
        for key in keys:
            result = cache.get(key)
            if result is None:
                try:
                    result = (parse(key), None)
                except ValidationError as exc:
                    result = (None, str(exc.message))
                if len(cache) < CACHE_LIMIT:
                    cache[key] = result
            results.append(result)
        if not keys:
            return w.with_columns(
                pl.lit(None, dtype).alias(name), pl.lit(None, pl.String).alias(f"{name}!")
            )
        return w.with_columns(
            pl.col(source)
            .replace_strict(keys, [r[0] for r in results], default=None, return_dtype=dtype)
            .alias(name),
            pl.col(source)
            .replace_strict(keys, [r[1] for r in results], default=None, return_dtype=pl.String)
            .alias(f"{name}!"),
        )

    def _names(self, w: pl.DataFrame, reasons: dict[str, list[pl.Expr]]) -> pl.DataFrame:
        first = pl.col("first_name")
        if self.has("full_name"):
            parts = pl.Struct({"title": pl.String, "first": pl.String, "last": pl.String})
            w = self._lookup(
                w,
                "full_name",
                lambda t: dict(
                    zip(("title", "first", "last"), values.split_full_name(t), strict=True)
                ),
                parts,
                "split_full",
            )
            split = pl.col("split_full").struct
            w = w.with_columns(
                pl.coalesce("first_name", split.field("first").replace("", None)).alias(
                    "first_name"
                ),
                pl.coalesce("last_name", split.field("last").replace("", None)).alias("last_name"),
                pl.coalesce("title", split.field("title").replace("", None)).alias("title"),
            )
        # "นายสมชาย" in the first-name column: the title is split off when none is given.
        w = self._lookup(
            w,
            "first_name",
            lambda t: dict(zip(("title", "first"), values.split_title(t), strict=True)),
            pl.Struct({"title": pl.String, "first": pl.String}),
            "split_first",
        )
        split = pl.col("split_first").struct
        has_split = pl.col("title").is_null() & (split.field("title") != "")
        w = w.with_columns(
            pl.when(has_split).then(split.field("first")).otherwise(first).alias("first_name"),
            pl.when(has_split).then(split.field("title")).otherwise(pl.col("title")).alias("title"),
        )
        name_column = (
            "first_name" if self.has("first_name") or not self.has("full_name") else "full_name"
        )
        w = w.with_columns(
            pl.when(pl.col("first_name").is_null())
            .then(pl.lit(_(MSG_FIRST_NAME)))
            .alias("first_name!")
        )
        reasons.setdefault(name_column, []).append(pl.col("first_name!"))
        for field in ("title", "first_name", "last_name"):
            column = field if self.has(field) or not self.has("full_name") else "full_name"
            reasons.setdefault(column, []).append(_too_long(field, LIMITS[field]))
        w = w.with_columns(pl.col("title", "first_name", "last_name").fill_null(""))
        w = self._lookup(w, "first_name", normalize_name, pl.String, "normal_first")
        w = self._lookup(w, "last_name", normalize_name, pl.String, "normal_last")
        return w.with_columns(
            pl.concat_str(
                [pl.col("normal_first").fill_null(""), pl.col("normal_last").fill_null("")],
                separator=" ",
            )
            .str.strip_chars()
            .str.slice(0, 210)
            .alias("search_name")
        )

    def _national_id(self, w: pl.DataFrame, reasons: dict[str, list[pl.Expr]]) -> pl.DataFrame:
        w = w.with_columns(nid.normalized(pl.col("national_id")).alias("id_digits"))
        w = w.with_columns(nid.reason(pl.col("id_digits")).alias("id_reason"))
        w = w.with_columns(nid.number(pl.col("id_digits"), pl.col("id_reason")).alias("id_number"))
        # The same ID twice: the first row is kept, the later ones are refused.
        firsts = (
            w.filter(pl.col("id_number").is_not_null())
            .group_by("id_number")
            .agg(pl.col(ROW).min().alias("first"))
            .rename({"id_number": "number"})
        )
        firsts = firsts.join(self._seen_ids, on="number", how="left", suffix="_before").select(
            "number", pl.coalesce("first_before", "first").alias("first")
        )
        new = firsts.join(self._seen_ids, on="number", how="anti")
        self._seen_ids = pl.concat([self._seen_ids, new])
        w = w.join(
            firsts.rename({"number": "id_number", "first": "id_first"}),
            on="id_number",
            how="left",
            maintain_order="left",
        )
        repeated = pl.col("id_first").is_not_null() & (pl.col("id_first") != pl.col(ROW))
        w = w.with_columns(
            pl.when(repeated)
            .then(nid.formatted(_(MSG_DUPLICATE_ID), row=pl.col("id_first")))
            .otherwise(pl.col("id_reason"))
            .alias("id_reason")
        )
        reasons["national_id"] = [pl.col("id_reason")]
        return w.with_columns(
            pl.when(pl.col("id_reason").is_null())
            .then(pl.col("id_number").cast(pl.String))
            .alias("national_id_digits")
        )

    def _simple_values(self, w: pl.DataFrame, reasons: dict[str, list[pl.Expr]]) -> pl.DataFrame:
        w = self._birth_dates(w, reasons)
        for field, parse, dtype, default in (
            ("sex", values.parse_sex, pl.String, ""),
            ("relation", values.parse_relation, pl.String, ""),
            ("welfare_card", values.parse_yes_no, pl.Boolean, False),
            ("disability_card", values.parse_yes_no, pl.Boolean, False),
            ("disability_type", values.parse_disability, pl.String, ""),
            ("housing", values.parse_housing, pl.String, ""),
            ("income_band", values.parse_income_band, pl.String, "unknown"),
        ):
            if not self.has(field):
                w = w.with_columns(pl.lit(default, dtype).alias(f"{field}="))
                continue
            w = self._lookup(w, field, parse, dtype, f"{field}=")
            if default is not None:
                w = w.with_columns(pl.col(f"{field}=").fill_null(default))
            reasons.setdefault(field, []).append(pl.col(f"{field}=!"))
        return w

    def _birth_dates(self, w: pl.DataFrame, reasons: dict[str, list[pl.Expr]]) -> pl.DataFrame:
        w = w.with_columns(dates.fast_birth_dates(w, "birth_date", self.today).alias("birth_fast"))
        w = self._lookup(
            w,
            "birth_date",
            lambda text: values.parse_birth_date(text, today=self.today),
            pl.Date,
            "birth_date=",
            only=pl.col("birth_fast").is_null(),
        )
        reasons.setdefault("birth_date", []).append(
            pl.when(pl.col("birth_fast").is_null()).then(pl.col("birth_date=!"))
        )
        return w.with_columns(pl.coalesce("birth_fast", "birth_date=").alias("birth_date="))

    def _phone(self, w: pl.DataFrame, reasons: dict[str, list[pl.Expr]]) -> pl.DataFrame:
        digits = (
            pl.col("phone")
            .str.replace_many(list(nid.THAI_DIGITS), list("0123456789"))
            .str.replace_all(r"[\s\-().]", "")
            .str.replace(r"^\+?66(\d{8,9})$", "0$1")
        )
        valid = digits.str.contains(r"^(0[689]\d{8}|0[2-7]\d{7})$")
        reasons.setdefault("phone", []).append(
            pl.when(pl.col("phone").is_not_null() & ~valid).then(pl.lit(_(MSG_PHONE)))
        )
        return w.with_columns(pl.when(valid).then(digits).otherwise(pl.lit("")).alias("phone="))

    def _allowed_area(self, code: str) -> bool:
        if code not in self._allowed:
            self._allowed[code] = all(any(code.startswith(p) for p in a) for a in self.areas)
        return self._allowed[code]

    def _area(self, w: pl.DataFrame, reasons: dict[str, list[pl.Expr]]) -> pl.DataFrame:
        keys = [pl.col(f).fill_null("").alias(f"{f}@") for f in AREA_FIELDS]
        w = w.with_columns(keys)
        key_names = [f"{f}@" for f in AREA_FIELDS]
        resolved = []
        for code, sub, dist, prov in w.select(key_names).unique().iter_rows():
            place = self.geocoder.resolve(code, sub, dist, prov)
            field, reason, found = place.field, place.reason, place.code
            if found and not self._allowed_area(found):
                field = "subdistrict_code" if code else "subdistrict"
                reason = _(MSG_OUTSIDE_AREA).format(name=self.geocoder.name(found))
                found = None
            resolved.append((code, sub, dist, prov, found, field or None, reason or None))
        table = pl.DataFrame(
            resolved,
            schema={
                **{k: pl.String for k in key_names},
                "subdistrict_id": pl.String,
                "area_field": pl.String,
                "area_reason": pl.String,
            },
            orient="row",
        )
        w = w.join(table, on=key_names, how="left", maintain_order="left").drop(key_names)
        for field in AREA_FIELDS:
            reasons.setdefault(field, []).append(
                pl.when(pl.col("area_field") == field).then(pl.col("area_reason"))
            )
        return w

    def _village(self, w: pl.DataFrame, reasons: dict[str, list[pl.Expr]]) -> pl.DataFrame:
        pairs = w.select("subdistrict_id", "village").drop_nulls().unique()
        resolved = []
        for sub, text in pairs.iter_rows():
            code, reason = self.villages.resolve(
                sub, text, subdistrict_name=self.geocoder.name(sub)
            )
            resolved.append((sub, text, code or None, reason or None))
        table = pl.DataFrame(
            resolved,
            schema={
                "subdistrict_id": pl.String,
                "village": pl.String,
                "village_id": pl.String,
                "village!": pl.String,
            },
            orient="row",
        )
        w = w.join(table, on=["subdistrict_id", "village"], how="left", maintain_order="left")
        reasons.setdefault("village", []).append(pl.col("village!"))
        return w

    def _target_groups(self, w: pl.DataFrame, reasons: dict[str, list[pl.Expr]]) -> pl.DataFrame:
        # The welfare card and a disability are target groups too (low income, disability).
        # Worked out once per combination (list kernels are slow on many short lists).
        flags = ("target_groups", "welfare_card=", "disability_card=", "disability_type=")
        keys = [pl.col(f).fill_null("").cast(pl.String).alias(f"{f}@") for f in flags]
        w = w.with_columns(keys)
        key_names = [f"{f}@" for f in flags]
        low_income = self.groups.by_code.get("low_income")
        disability = self.groups.by_code.get("disability")
        resolved = []
        for text, welfare, card, kind in w.select(key_names).unique().iter_rows():
            try:
                groups, reason = set(self.groups.parse(text)), None
            except ValidationError as exc:
                groups, reason = set(), str(exc.message)
            if welfare == "true" and low_income:
                groups.add(low_income)
            if (card == "true" or kind) and disability:
                groups.add(disability)
            ordered = sorted(groups)
            resolved.append(
                (text, welfare, card, kind, ordered, ",".join(map(str, ordered)), reason)
            )
        table = pl.DataFrame(
            resolved,
            schema={
                **{k: pl.String for k in key_names},
                "groups=": pl.List(pl.Int64),
                "groups_key": pl.String,
                "groups=!": pl.String,
            },
            orient="row",
        )
        w = w.join(table, on=key_names, how="left", maintain_order="left").drop(key_names)
        reasons.setdefault("target_groups", []).append(pl.col("groups=!"))
        return w

    def _errors(self, w: pl.DataFrame, fields: list[str]) -> pl.DataFrame:
        frames = []
        for field in fields:
            frame = w.select(
                pl.col(ROW).alias("row"),
                pl.lit(field).alias("field"),
                (nid.masked(pl.col(field)) if field == "national_id" else pl.col(field))
                .fill_null("")
                .alias("value"),
                pl.col(f"!{field}").alias("reason"),
            ).filter(pl.col("reason").is_not_null())
            if frame.height:
                frames.append(frame)
        return pl.concat(frames) if frames else pl.DataFrame(schema=ERRORS_SCHEMA)

    # -- keys ------------------------------------------------------------------------------

    def _keys(self, w: pl.DataFrame, errors: pl.DataFrame) -> Checked:
        """The prepared values of every row, with the keys of the valid ones."""
        rows = w.select(
            ROW,
            OK,
            pl.when(pl.col(OK)).then(pl.col("national_id_digits")).alias("national_id"),
            "title",
            "first_name",
            "last_name",
            "search_name",
            *[pl.col(f"{f}=").alias(f) for f in _PARSED],
            "subdistrict_id",
            "village_id",
            "house_number",
            "address",
            "note",
            pl.col("groups=").alias("target_groups"),
            "groups_key",
        )
        return self._repeated_rows(keys.with_keys(rows, valid=OK), errors)

    def _repeated_rows(self, rows: pl.DataFrame, errors: pl.DataFrame) -> Checked:
        # The same row twice (people without an ID; IDs are caught above): later copies fail.
        repeats = []
        unnamed = rows.filter(pl.col(OK) & pl.col("national_id_index").is_null())
        for row, key in unnamed.select(ROW, "import_key").iter_rows():
            first = self._seen_rows.setdefault(key, row)
            if first != row:
                repeats.append((row, "", "", _(MSG_DUPLICATE_ROW).format(row=first)))
        if repeats:
            extra = pl.DataFrame(repeats, schema=ERRORS_SCHEMA, orient="row")
            errors = pl.concat([errors, extra])
            rows = rows.with_columns(
                (pl.col(OK) & ~pl.col(ROW).is_in(extra["row"].implode())).alias(OK)
            )
        return Checked(rows=rows.select(*PREPARED, OK), errors=errors)
