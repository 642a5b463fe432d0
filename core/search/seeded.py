"""A catalog built straight from the shipped demo files, without a database (tests, benchmarks)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.search.catalog_index import Catalog, PartnerEntry, PracticeEntry, Reference

DEMO = Path(__file__).resolve().parent.parent / "seed" / "demo"


def demo_rows(name: str) -> Any:
    return json.loads((DEMO / f"{name}.json").read_text(encoding="utf-8"))


def demo_reference() -> Reference:
    def table(name: str) -> dict[str, dict[str, str]]:
        return {row["code"]: row["names"] for row in demo_rows(name)}

    return Reference(table("zones"), table("regions"), table("objectives"))


def practice_entry(number: int, row: dict[str, Any]) -> PracticeEntry:
    return PracticeEntry(
        number, row["slug"], row["category"], row["names"],
        tuple(row.get("zones", [])), tuple(row.get("regions", [])),
    )  # fmt: skip


def partner_entry(number: int, row: dict[str, Any]) -> PartnerEntry:
    return PartnerEntry(
        number, row["name"], row.get("acronym"), row["category"], row.get("college"),
        row.get("is_member", False), row.get("country"), row.get("region"), row.get("lat"),
        row.get("lon"), tuple(row.get("objectives", [])),
    )  # fmt: skip


def demo_catalog() -> Catalog:
    """Practices numbered 1.., partners numbered 1.., in the files' order."""
    catalog = Catalog(demo_reference())
    for number, row in enumerate(demo_rows("practices"), start=1):
        catalog.add_practice(
            practice_entry(number, row),
            row.get("synonyms", {}),
            row.get("description", {}),
            row.get("results", {}),
        )
    for number, row in enumerate(demo_rows("partners"), start=1):
        catalog.add_partner(partner_entry(number, row), row.get("card", {}))
    return catalog.commit()
