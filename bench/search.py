"""Search benchmark: our ranked index vs one raw rapidfuzz WRatio scan of the names, same run.

    .venv/bin/python bench/search.py [--sizes 1000,20000,100000] [--repeat 2]

For each size, builds practices + partners from variants of the demo data (each variant keeps
the texts of its original, plus a place and a crop in its names), then reports:
- cold build time, process memory taken by the index (RSS) against the plain list of names and
  the indexed text;
- the time for one changed practice to become searchable (apply + commit + found);
- the longest event-loop stall while 1,000 changes are indexed off the loop in steps, the way
  the catalog service does it;
- the longest database wait (a probe unit of work run back to back) and event-loop stall while
  the catalog service builds the index cold from a real SQLite database and catches up after an
  import of 1,000 changes (published in short batches), and after a restart that reopens the
  index saved on disk and catches up with one change (bench/search_db_wait.py; goal: no wait
  over 50 ms);
- p50/p95 of the natural questions (tests/data/natural_questions.json) and of the names and
  typos (tests/data/search_queries.json), ours against a raw WRatio scan of one folded text per
  item (its names), with top-3 hit rates.
"""

from __future__ import annotations

import argparse
import asyncio
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
from search_db_wait import measure as db_waits  # noqa: E402

from core.search.catalog_index import Catalog, Changes  # noqa: E402
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
                practice_entry(key[1], row),
                row.get("synonyms", {}),
                row.get("description", {}),
                row.get("results", {}),
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
    catalog.commit()
    keys = {**family, **{("raw", i): family[k] for i, k in enumerate(owner)}}
    return catalog, raw, short, keys


def raw_search(folded: list[str], query: dict[str, Any]) -> list[tuple[str, int]]:
    found = process.extract(fold(query["query"]), folded, scorer=fuzz.WRatio, limit=3)
    return [("raw", index) for _choice, _score, index in found]


def measure(run: Any, queries: list[dict[str, Any]], repeat: int) -> tuple[list[float], list[Any]]:
    timings, results = [], []
    for _ in range(repeat):
        results = []
        for query in queries:
            start = time.perf_counter()
            results.append(run(query))
            timings.append(time.perf_counter() - start)
    return timings, results


def hit_rate(results: list[Any], queries: list[dict[str, Any]], family: dict[Any, str]) -> float:
    hits = sum(
        bool({family.get(key) for key in found} & set(query["expected"]))
        for found, query in zip(results, queries, strict=True)
    )
    return hits / len(queries)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 1e6


def one_change(catalog: Catalog) -> float:
    """Seconds for one changed practice to be found by a search."""
    rows = demo_rows("practices")
    row = dict(rows[0])
    row["names"] = {**row["names"], "en": "Quetzalcoatl pasture"}
    started = time.perf_counter()
    changes = Changes([(practice_entry(1, row), row["synonyms"], row["description"], {})])
    catalog.apply(changes)
    found = catalog.search_practices("quetzalcoatl", limit=1)
    took = time.perf_counter() - started
    assert found
    assert found[0].ref == 1
    return took


async def _stall(catalog: Catalog, count: int = 1000) -> float:
    """The longest event-loop stall while `count` changes are indexed in steps off the loop."""
    from core.services.live_catalog import PAUSE, STEP

    rows = demo_rows("practices")
    changes = Changes(
        [
            (
                practice_entry(100_000 + n, rows[n % len(rows)]),
                {},
                rows[n % len(rows)]["description"],
                {},
            )
            for n in range(count)
        ]
    )
    worst = 0.0
    done = False

    async def ticker() -> None:
        nonlocal worst
        while not done:
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            worst = max(worst, time.perf_counter() - started - 0.001)

    tick = asyncio.create_task(ticker())
    for part in changes.split(STEP):
        await asyncio.to_thread(catalog.apply, part)
        await asyncio.sleep(PAUSE)
    done = True
    await tick
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000,100000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-db", action="store_true", help="skip the database waits")
    args = parser.parse_args()
    sets = {
        "questions": json.loads((ROOT / "tests" / "data" / "natural_questions.json").read_text()),
        "names": json.loads((ROOT / "tests" / "data" / "search_queries.json").read_text()),
    }
    for size in (int(x) for x in args.sizes.split(",")):
        before = rss_mb()
        started = time.perf_counter()
        catalog, _folded, short, family = build(size)
        built = time.perf_counter() - started
        memory = rss_mb() - before
        names_mb = sum(sys.getsizeof(n) for n in short) / 1e6
        text_mb = (
            sum(len(json.dumps(r, ensure_ascii=False)) for r in demo_rows("practices"))
            / len(demo_rows("practices"))
            * len(catalog.practices)
            / 1e6
        )
        print(
            f"== {size:,} items: {len(catalog.practices)} practices, "
            f"{len(catalog.partners)} partners"
        )
        print(
            f"   cold build {built:.1f} s (variants made in Python included); RSS +{memory:.0f} MB "
            f"(names list {names_mb:.1f} MB, indexed text ~{text_mb:.0f} MB)"
        )
        for label, queries in sets.items():
            ours_t, ours_r = measure(partial(ours_kind, catalog), queries, args.repeat)
            raw_t, raw_r = measure(partial(raw_search, short), queries, args.repeat)
            ours_q, raw_q = hit_rate(ours_r, queries, family), hit_rate(raw_r, queries, family)
            print(
                f"   {label:9s} ours p50 {statistics.median(ours_t) * 1000:6.2f} ms "
                f"p95 {p95(ours_t) * 1000:6.2f} ms top-3 {ours_q:5.1%} | raw scan p50 "
                f"{statistics.median(raw_t) * 1000:6.2f} ms p95 {p95(raw_t) * 1000:6.2f} ms "
                f"top-3 {raw_q:5.1%} | p95 ratio {p95(ours_t) / p95(raw_t):.3f} (goal <= 0.2)"
            )
        change = one_change(catalog)
        stall = asyncio.run(_stall(catalog))  # adds 1,000 practices: after the queries
        print(
            f"   one change searchable in {change * 1000:.1f} ms; longest loop stall while "
            f"indexing 1,000 changes in steps {stall * 1000:.1f} ms"
        )
        if not args.no_db:
            for work, (took, wait, loop, index) in asyncio.run(db_waits(size)).items():
                print(
                    f"   from the database, {work}: {took:.1f} s until searchable; longest "
                    f"database wait {wait * 1000:.0f} ms, {index * 1000:.0f} ms once the work "
                    f"itself returned (goal <= 50), loop stall {loop * 1000:.0f} ms"
                )


def ours_kind(catalog: Catalog, query: dict[str, Any]) -> list[tuple[str, int]]:
    """Top three of the kind the question asks for (as /practices or /partners would)."""
    if query["kind"] == "practice":
        return [("practice", h.ref) for h in catalog.search_practices(query["query"], limit=3)]
    return [("partner", h.ref) for h in catalog.search_partners(query["query"], limit=3)]


if __name__ == "__main__":
    main()
