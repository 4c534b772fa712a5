"""The u probabilities and the prior of the model, counted exactly from the records of a run.

A share is the number of pairs of records that agree on some columns over the number of pairs
that could (both sides known): Σ c·(c−1)/2 over the groups of equal values. The prior is the
expected number of duplicate pairs (DUPLICATE_RATE per record) over the number of pairs. Each
is pulled towards the default (model.DEFAULT_CHANCES, a province-sized registry) with the
weight of PRIOR_PAIRS pairs: a run over a handful of records (a test, a new village) is scored
as if it were part of a province, and a run over a province is ruled by its own data.
"""

from itertools import pairwise

import polars as pl

from tambon.registry.dedupe.model import DEFAULT_CHANCES, Chances

PRIOR_PAIRS = 100_000
# Expected duplicate pairs per record (about 3 % of people recorded twice).
DUPLICATE_RATE = 0.03
_GEOGRAPHY = (
    ["subdistrict_code", "village_code", "house_no"],
    ["village_code"],
    ["subdistrict_code"],
    ["district_code"],
    ["province_code"],
)


def _pairs(count: int) -> float:
    return count * (count - 1) / 2


def _agreeing_pairs(people: pl.DataFrame, columns: list[str]) -> float:
    known = people.select(columns).drop_nulls()
    if known.is_empty():
        return 0.0
    counts = known.group_by(columns).len()["len"].cast(pl.Float64)
    return float((counts * (counts - 1) / 2).sum())


def _share(agreeing: float, total: float, default: float) -> float:
    return (agreeing + PRIOR_PAIRS * default) / (total + PRIOR_PAIRS)


def _field(people: pl.DataFrame, column: str, default: float) -> float:
    total = _pairs(people[column].drop_nulls().len())
    return _share(_agreeing_pairs(people, [column]), total, default)


def _levels(cumulative: list[float]) -> tuple[float, float, float, float, float]:
    """Exclusive level shares from cumulative ones (a house is inside a village ...)."""
    levels = [cumulative[0]] + [max(b - a, 0.0) for a, b in pairwise(cumulative)]
    return (levels[0], levels[1], levels[2], levels[3], levels[4])


def chances(people: pl.DataFrame) -> Chances:
    """The model's u probabilities for the prepared people frame of a run."""
    d = DEFAULT_CHANCES
    total = _pairs(people.height)
    surname = _agreeing_pairs(people, ["last_name"])
    family, others, overall = [], [], []
    for level, columns in enumerate(_GEOGRAPHY):
        together = _agreeing_pairs(people, columns)
        related = _agreeing_pairs(people, [*columns, "last_name"])
        cum_family = sum(d.address_family[: level + 1])
        cum_others = sum(d.address_others[: level + 1])
        family.append(_share(related, surname, cum_family))
        others.append(_share(together - related, total - surname, cum_others))
        overall.append(together / total if total else 0.0)
    prior = _share(DUPLICATE_RATE * people.height, total, d.duplicate_prior)
    return Chances(
        same_first_name=_field(people, "first_name", d.same_first_name),
        same_surname=_field(people, "last_name", d.same_surname),
        same_birth_date=_field(people, "birth_date", d.same_birth_date),
        same_sex=_field(people, "sex", d.same_sex),
        same_phone=_field(people, "phone", d.same_phone),
        address_family=_levels(family),
        address_others=_levels(others),
        different_province=_share(total - total * overall[-1], total, d.different_province),
        duplicate_prior=min(prior, 0.1),
    )
