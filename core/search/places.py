"""A small gazetteer: countries (centroid, continent, names in fr/en/es) and large cities."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from core.search.index import SearchIndex

DATA = Path(__file__).with_name("places.json")
MIN_PLACE_SCORE = 0.8


@dataclass(frozen=True)
class Place:
    name: str  # as found (a city's name, or the country's English name)
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    is_country: bool


@dataclass(frozen=True)
class Country:
    iso: str
    names: dict[str, str]
    continent: str
    latitude: float
    longitude: float


@cache
def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return loaded


@cache
def countries() -> dict[str, Country]:
    return {
        row["iso"]: Country(row["iso"], row["names"], row["continent"], row["lat"], row["lon"])
        for row in _data()["countries"]
    }


def country_names(iso: str | None) -> dict[str, str]:
    """{'fr': 'Côte d’Ivoire', 'en': ..., 'es': ...}, or {} for an unknown code."""
    country = countries().get((iso or "").upper())
    return dict(country.names) if country else {}


@cache
def _places() -> tuple[list[Place], SearchIndex[int]]:
    places: list[Place] = []
    index: SearchIndex[int] = SearchIndex()
    for row in _data()["countries"]:
        names = [*row["names"].values(), *row["aliases"], row["iso"]]
        places.append(Place(row["names"]["en"], row["iso"], row["lat"], row["lon"], True))
        index.add(len(places) - 1, ((n, 1.0) for n in names), names)
    for row in _data()["cities"]:
        places.append(Place(row["name"], row["country"], row["lat"], row["lon"], False))
        index.add(len(places) - 1, [(row["name"], 0.97)], [row["name"]])
    return places, index


def find_place(text: str) -> Place | None:
    """The country or large city `text` names (any language, typos tolerated), if any."""
    places, index = _places()
    hits = index.search(text, limit=1)
    if not hits or hits[0].score < MIN_PLACE_SCORE:
        return None
    return places[hits[0].ref]
