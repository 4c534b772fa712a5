"""Benchmark: duplicate detection on a generated registry with known duplicates.

Measured: `tambon.registry.dedupe.predict_pairs`, the function `tambon dedupe` and the
background task run (splink on DuckDB), at its default threshold. Baseline, in the same run:
exact national-ID matching (pairs with the same non-null blind index), what a registry
without record linkage would find. The data is made by `tambon.registry.dedupe.synthetic`
(Thai name typos, swapped names, day/month swaps and mistyped digits in birth dates, IDs
missing or mistyped, moved houses; twins and namesakes as hard negatives).
Goals (registry issue, item 6): precision >= 99.5 %, recall >= 99 %, <= 60 s for 1,000,000
records on 2 cores, and recall >= 1.5x the exact-ID baseline.

    .venv/bin/python benchmarks/dedupe.py [--records 1000000] [--seed 1] [--threshold 0.9]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

GOAL_PRECISION = 0.995
GOAL_RECALL = 0.99
GOAL_SECONDS_PER_MILLION = 60.0
GOAL_RECALL_RATIO = 1.5


def _setup() -> None:
    # The generator reuses the demo's slips (registry.demo_data.perturb), which use Django's
    # translations; no database is opened.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tambon.settings")
    os.environ.setdefault("TAMBON_VAR_DIR", tempfile.mkdtemp(prefix="tambon-bench-"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def _found(pairs, truth):  # type: ignore[no-untyped-def]
    return pairs.join(truth, on=["left_id", "right_id"], how="semi").height


def _exact_id_pairs(people):  # type: ignore[no-untyped-def]
    import polars as pl

    with_id = people.filter(pl.col("national_id_index").is_not_null()).select(
        "id", "national_id_index"
    )
    return (
        with_id.join(with_id, on="national_id_index", suffix="_r")
        .filter(pl.col("id") < pl.col("id_r"))
        .select(pl.col("id").alias("left_id"), pl.col("id_r").alias("right_id"))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (all cores)")
    args = parser.parse_args()
    _setup()
    from tambon.registry.dedupe import DEFAULT_THRESHOLD, predict_pairs, synthetic

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    started = time.perf_counter()
    registry = synthetic.generate(args.records, seed=args.seed)
    generated = time.perf_counter() - started
    people, truth = registry.people, registry.duplicates
    print(
        f"generated {people.height:,} records in {generated:.1f} s: {truth.height:,} true "
        f"duplicate pairs; hard negatives: {registry.twins.height:,} twin pairs, "
        f"{registry.namesakes.height:,} namesake pairs"
    )

    started = time.perf_counter()
    baseline = _exact_id_pairs(people)
    baseline_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pairs = predict_pairs(people, threshold=threshold, threads=args.threads)
    seconds = time.perf_counter() - started
    pairs = pairs.select("left_id", "right_id")

    rows = []
    for name, found, took in (
        ("exact-ID baseline", baseline, baseline_seconds),
        ("splink model", pairs, seconds),
    ):
        true_found = _found(found, truth)
        precision = true_found / found.height if found.height else 1.0
        recall = true_found / truth.height if truth.height else 1.0
        rows.append((name, found.height, true_found, precision, recall, took))
        print(
            f"{name:<18} pairs {found.height:>9,}  true {true_found:>9,}  "
            f"precision {precision:7.2%}  recall {recall:7.2%}  time {took:6.1f} s"
        )
    twins = _found(pairs, registry.twins)
    namesakes = _found(pairs, registry.namesakes)
    print(f"hard negatives flagged: {twins} twin pairs, {namesakes} namesake pairs")
    _, _, _, precision, recall, took = rows[1]
    ratio = recall / rows[0][4] if rows[0][4] else float("inf")
    limit = GOAL_SECONDS_PER_MILLION * max(1.0, people.height / 1_000_000)
    met = (
        precision >= GOAL_PRECISION
        and recall >= GOAL_RECALL
        and ratio >= GOAL_RECALL_RATIO
        and took <= limit
    )
    print(
        f"threshold {threshold}: recall {ratio:.2f}x the baseline; "
        f"goals (precision >= {GOAL_PRECISION:.1%}, recall >= {GOAL_RECALL:.0%}, "
        f"<= {limit:.0f} s, >= {GOAL_RECALL_RATIO}x): {'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
