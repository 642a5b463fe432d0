"""Questions as farmers type them (fr/en/es), written apart from the catalogue's own words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.search.catalog_index import Catalog
from core.search.seeded import demo_catalog, demo_rows
from core.search.text import fold

QUESTIONS = json.loads(
    (Path(__file__).parents[2] / "data" / "natural_questions.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return demo_catalog()


def top3(catalog: Catalog, kind: str, query: str) -> list[str]:
    """The first three results a person is shown (the search services show these hits)."""
    if kind == "practice":
        return [catalog.practices[h.ref].slug for h in catalog.find_practices(query, limit=3).hits]
    found = catalog.find_partners(query, limit=3).hits
    return [catalog.partners[h.ref].acronym or catalog.partners[h.ref].name for h in found]


def _catalogue_phrases() -> set[str]:
    phrases = set()
    for row in demo_rows("practices"):
        phrases |= {fold(n) for n in row["names"].values()}
        phrases |= {fold(s) for values in row.get("synonyms", {}).values() for s in values}
    for row in demo_rows("partners"):
        phrases |= {fold(row["name"]), fold(row.get("acronym") or row["name"])}
    return phrases


def test_the_set_is_large_trilingual_and_not_phrased_as_the_catalogue() -> None:
    assert len(QUESTIONS) >= 60
    assert {q["lang"] for q in QUESTIONS} == {"fr", "en", "es"}
    assert all(sum(q["lang"] == lang for q in QUESTIONS) >= 15 for lang in ("fr", "en", "es"))
    phrases = _catalogue_phrases()
    verbatim = [q["query"] for q in QUESTIONS if fold(q["query"]) in phrases]
    assert not verbatim
    # No question is a catalogue name or synonym with words added around it (two words or more).
    padded = [
        (q["query"], p)
        for q in QUESTIONS
        for p in phrases
        if " " in p and f" {p} " in f" {fold(q['query'])} "
    ]
    assert not padded


def test_at_least_85_percent_find_a_fitting_practice_or_partner_in_the_top_3(
    catalog: Catalog,
) -> None:
    misses = [
        (q["query"], found)
        for q in QUESTIONS
        if not set(found := top3(catalog, q["kind"], q["query"])) & set(q["expected"])
    ]
    rate = 1 - len(misses) / len(QUESTIONS)
    assert rate >= 0.85, (f"{rate:.0%}", misses)
