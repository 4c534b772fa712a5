"""Probabilistic duplicate detection (splink on DuckDB) for the registry's people.

`predict_pairs(frame)` scores a Polars frame of people without Django (the benchmark uses it);
`find_duplicates(...)` reads the database, scores and fills the review queue.
"""

from typing import Any

from tambon.registry.dedupe.predict import DEFAULT_THRESHOLD, predict_pairs

__all__ = ["DEFAULT_THRESHOLD", "RunSummary", "find_duplicates", "predict_pairs"]


def __getattr__(name: str) -> Any:
    # The database side imports Django models: loaded only when asked for.
    if name in ("find_duplicates", "RunSummary"):
        from tambon.registry.dedupe import run

        return getattr(run, name)
    raise AttributeError(name)
