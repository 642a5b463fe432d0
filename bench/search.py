"""Search benchmark: our two-pass index vs one raw rapidfuzz WRatio scan, in the same run.

    .venv/bin/python bench/search.py [--items 20000] [--repeat 5]

Builds 20,000 practices + partners from variants of the demo data (each variant keeps the
names, synonyms and acronym of its original, plus a place and a crop, so the vocabulary grows),
then runs the labelled queries (tests/data/search_queries.json) through both:
- ours: `Catalog.search_practices` + `Catalog.search_partners`, merged by score;
- raw: `rapidfuzz.process.extract(query, folded_list, scorer=fuzz.WRatio, limit=3)` over one
  pre-folded text per item (its names, synonyms, acronym and country).
It prints p50/p95 latency of each and their ratio, and top-3 hit rates (a hit: one of the top
three is the expected item or a variant of it), on the 20,000 and on the plain demo data.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from core.search.catalog import Catalog  # noqa: E402
from core.search.places import country_names  # noqa: E402
from core.search.seeded import (  # noqa: E402
    demo_reference,
    demo_rows,
    partner_entry,
    practice_entry,
)
from core.search.text import fold  # noqa: E402

CROPS = ("maize", "cassava", "rice", "coffee", "cocoa", "wheat", "sorghum", "millet", "olives")


def places() -> list[tuple[str, str]]:
    data = json.loads((ROOT / "core" / "search" / "places.json").read_text(encoding="utf-8"))
    return [(city["name"], city["country"]) for city in data["cities"]]


Built = tuple[Catalog, list[str], list[str], dict[tuple[str, int], str]]


def build(items: int, seed: int = 4) -> Built:
    """The catalog, two raw lists (one folded text per item: all its names / its first name)
    and each item's family key."""
    rng = random.Random(seed)
    cities = places()
    practices, partners = demo_rows("practices"), demo_rows("partners")
    catalog = Catalog(demo_reference())
    raw: list[str] = []
    short: list[str] = []
    family: dict[tuple[str, int], str] = {}
    owner: list[tuple[str, int]] = []
    n_practices = items * 3 // 5
    for number in range(items):
        variant = number >= len(practices) + len(partners)
        city, country = rng.choice(cities)
        crop = rng.choice(CROPS)
        if number < len(practices) or (variant and number % 5 < 3 and number < items):
            base = practices[number % len(practices)] if not variant else rng.choice(practices)
            row = dict(base)
            if variant:
                row["names"] = {k: f"{v} {crop} {city}" for k, v in base["names"].items()}
            key = ("practice", len(catalog.practices) + 1)
            catalog.add_practice(
                practice_entry(key[1], row), row.get("synonyms", {}), row.get("description", {})
            )
            synonyms = [s for values in row.get("synonyms", {}).values() for s in values]
            raw.append(fold(" ".join([*row["names"].values(), *synonyms])))
            short.append(fold(row["names"].get("en") or next(iter(row["names"].values()))))
            family[key] = base["slug"]
        else:
            index = number - len(practices)
            base = partners[index] if not variant else rng.choice(partners)
            row = dict(base)
            if variant:
                row["name"] = f"{base['name']} {city}"
                row["country"] = country
            key = ("partner", len(catalog.partners) + 1)
            catalog.add_partner(partner_entry(key[1], row), row.get("card", {}))
            countries = country_names(row.get("country")).values()
            raw.append(fold(" ".join([row["name"], row.get("acronym") or "", *countries])))
            short.append(fold(row["name"]))
            family[key] = base.get("acronym") or base["name"]
        owner.append(key)
    del n_practices
    keys = {**family, **{("raw", i): family[k] for i, k in enumerate(owner)}}
    return catalog, raw, short, keys


def ours(catalog: Catalog, query: str) -> list[tuple[str, int]]:
    hits = [(h.score, ("practice", h.ref)) for h in catalog.search_practices(query, limit=3)]
    hits += [(h.score, ("partner", h.ref)) for h in catalog.search_partners(query, limit=3)]
    hits.sort(key=lambda pair: -pair[0])
    return [key for _score, key in hits[:3]]


def raw_search(folded: list[str], query: str) -> list[tuple[str, int]]:
    found = process.extract(fold(query), folded, scorer=fuzz.WRatio, limit=3)
    return [("raw", index) for _choice, _score, index in found]


def measure(run: Any, queries: list[dict[str, Any]], repeat: int) -> tuple[list[float], list[Any]]:
    timings, results = [], []
    for _ in range(repeat):
        results = []
        for query in queries:
            start = time.perf_counter()
            results.append(run(query["query"]))
            timings.append(time.perf_counter() - start)
    return timings, results


def hit_rate(results: list[Any], queries: list[dict[str, Any]], family: dict[Any, str]) -> float:
    hits = sum(
        bool({family[key] for key in found} & set(query["expected"]))
        for found, query in zip(results, queries, strict=True)
    )
    return hits / len(queries)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    queries = json.loads((ROOT / "tests" / "data" / "search_queries.json").read_text())
    for label, size in (("demo data", 86), (f"{args.items:,} items", args.items)):
        started = time.perf_counter()
        catalog, folded, short, family = build(size)
        built = time.perf_counter() - started
        runs = {
            "ours": measure(partial(ours, catalog), queries, args.repeat),
            "raw (all names)": measure(partial(raw_search, folded), queries, args.repeat),
            "raw (one name)": measure(partial(raw_search, short), queries, args.repeat),
        }
        print(f"== {label}: {len(catalog.practices)} practices + {len(catalog.partners)} partners")
        print(f"   index built in {built:.2f} s; {len(queries)} labelled queries x {args.repeat}")
        ours_t, ours_r = runs["ours"]
        ours_q = hit_rate(ours_r, queries, family)
        for name, (timings, results) in runs.items():
            med, high = statistics.median(timings) * 1000, p95(timings) * 1000
            quality = hit_rate(results, queries, family)
            print(f"   {name:16s} p50 {med:7.2f} ms  p95 {high:7.2f} ms  top-3 {quality:6.1%}")
        for name in ("raw (all names)", "raw (one name)"):
            raw_t, raw_r = runs[name]
            raw_q = hit_rate(raw_r, queries, family)
            print(
                f"   vs {name}: p95 ratio ours/raw {p95(ours_t) / p95(raw_t):.3f} (goal <= 1.5), "
                f"quality ratio ours/raw {ours_q / raw_q:.2f} (goal >= 1.0)"
            )


if __name__ == "__main__":
    main()
