"""GeoNames cities of 15,000+ people, found by any Latin-script name ('Kaya', 'Le Caire').

The data (core/search/cities.tsv.gz, built by tools/make_city_gazetteer.py) is GeoNames' (CC BY
4.0); names are stored folded, so a lookup folds the typed text the same way.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.domain.vocabulary import fold

DATA = Path(__file__).with_name("cities.tsv.gz")


@dataclass(frozen=True, slots=True)
class City:
    geonameid: int
    name: str  # GeoNames' name ('Cairo', 'Bogotá')
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    population: int


@cache
def _gazetteer() -> tuple[tuple[City, ...], dict[str, int | tuple[int, ...]]]:
    """Every city, most populous first, and folded name -> indices of the cities it names."""
    cities: list[City] = []
    index: dict[str, list[int]] = {}
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        for line in lines:
            gid, name, country, lat, lon, population, names = line.rstrip("\n").split("\t")
            position = len(cities)
            cities.append(City(int(gid), name, country, float(lat), float(lon), int(population)))
            for key in names.split("|"):
                index.setdefault(key, []).append(position)
    # Most names are one city's: keep a bare index for those (a third of the memory).
    return tuple(cities), {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}


def cities_named(text: str) -> list[City]:
    """The cities `text` names exactly (accents and case aside), most populous first."""
    cities, index = _gazetteer()
    found = index.get(fold(text), ())
    return [cities[i] for i in ((found,) if isinstance(found, int) else found)]


def load() -> None:
    """Read the gazetteer now (at start-up, off the first person's request)."""
    _gazetteer()
