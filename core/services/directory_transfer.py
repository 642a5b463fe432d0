"""Import and export partners and practices (all rows checked first; all or nothing).

Rows have the shape of the demo files (core/seed/demo/*.json); flat CSV columns map to it
with `<field>_<lang>` for texts in three languages and `;` between list items.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import select

from core.domain.kinds import (
    COLLEGE_OF_CATEGORY,
    ConceptualBasis,
    PartnerCategory,
    PracticeCategory,
    PublicationStatus,
    may_be_member,
)
from core.i18n import LANGUAGES
from core.persistence.models import AgroClimaticZone as Zone
from core.persistence.models import Partner, Practice, StrategicObjective, utcnow
from core.persistence.uow import UnitOfWork
from core.search.places import countries
from core.services.import_staging import stage_and_publish
from core.services.imports import BULK_PAUSE, ImportResult, Row, RowChecker, RowError, reject_if_any
from core.services.live_catalog import invalidate
from core.services.regions import region_index

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PARTNER_COLUMNS = [
    "name", "acronym", "category", "college", "is_member", "country", "region", "lat", "lon",
    "website", "objectives", *(f"card_{lang}" for lang in LANGUAGES),
]  # fmt: skip
PRACTICE_TEXTS = ("names", "description", "results")
PRACTICE_COLUMNS = [
    "slug", "category", "status", "basis",
    *(f"{f}_{lang}" for f in ("names", "synonyms", "description", "results") for lang in LANGUAGES),
    "tutorials", "zones", "regions",
]  # fmt: skip


def _languages(row: Row, name: str) -> dict[str, str]:
    value = row.get(name)
    if isinstance(value, dict):
        return {k: str(v).strip() for k, v in value.items() if k in LANGUAGES and v}
    return {
        lang: str(row[f"{name}_{lang}"]).strip() for lang in LANGUAGES if row.get(f"{name}_{lang}")
    }


async def _codes(uow: UnitOfWork, model: Any) -> set[str]:
    return set((await uow.session.scalars(select(model.code))).all())


async def import_partners(rows: list[tuple[str, Row]], uow: UnitOfWork) -> ImportResult:
    """Create or update partners (matched by name); reject the whole file on any bad row.

    Args:
        rows: (where, row) pairs; `where` names the row in error messages ("line 4").
        uow: the open unit of work (committed here when every row is valid).
    """
    regions, objectives = await region_index(uow), await _codes(uow, StrategicObjective)
    errors: list[RowError] = []
    checked: list[dict[str, Any]] = []
    seen: set[str] = set()
    for where, row in rows:
        check = RowChecker(where)
        name = check.text(row, "name", required=True)
        if name and name in seen:
            check.fail("name", "appears twice in the file")
        seen.add(name or "")
        category = check.choice(row, "category", set(PartnerCategory), required=True)
        member = check.flag(row, "is_member")
        if category and member and not may_be_member(PartnerCategory(category)):
            check.fail("is_member", "a company can be a partner but not a member")
        college = check.number(row, "college", 1, 5, int)
        if college is None and category:
            college = COLLEGE_OF_CATEGORY[PartnerCategory(category)]
        country = check.text(row, "country", limit=2)
        if country and country.upper() not in countries():
            check.fail("country", f"{country!r} is not an ISO country code")
        lat, lon = check.number(row, "lat", -90, 90), check.number(row, "lon", -180, 180)
        if (lat is None) != (lon is None):
            check.fail("lat", "give both lat and lon, or neither")
        values: dict[str, Any] = {
            "name": name,
            "acronym": check.text(row, "acronym", limit=40),
            "category": category,
            "college": college,
            "is_member": member,
            "country": country.upper() if country else None,
            "region_code": check.region(row, "region", regions),
            "latitude": lat,
            "longitude": lon,
            "website": check.url(row, "website"),
            "card": _languages(row, "card"),
            "objectives": check.codes(row.get("objectives"), "objectives", objectives),
        }
        errors += check.errors
        checked.append(values)
    reject_if_any(errors)
    return await _write_partners(checked, uow)


async def _write_partners(checked: list[dict[str, Any]], uow: UnitOfWork) -> ImportResult:
    result = ImportResult()
    by_code = {o.code: o for o in (await uow.session.scalars(select(StrategicObjective))).all()}
    existing = {p.name: p for p in (await uow.session.scalars(select(Partner))).all()}
    for values in checked:
        codes = values.pop("objectives")
        partner = existing.get(values["name"])
        if partner is None:
            partner = Partner()
            uow.session.add(partner)
            result.created += 1
        else:
            result.updated += 1
        for key, value in values.items():
            setattr(partner, key, value)
        partner.objectives = [by_code[code] for code in codes]
        partner.updated_at = utcnow()
    await uow.commit()
    invalidate()
    return result


CHECK_CHUNK = 25  # rows checked between two yields to the event loop


async def import_practices(rows: list[tuple[str, Row]], uow: UnitOfWork) -> ImportResult:
    """Create or update practices (matched by slug); reject the whole file on any bad row.

    Args:
        rows: (where, row) pairs; `where` names the row in error messages ("item 2").
        uow: the open unit of work (every row is checked first, staged in short turns, then
            published in short batches, seen whole once the last is done).
    """
    zones, regions = await _codes(uow, Zone), await region_index(uow)
    errors: list[RowError] = []
    checked: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, (where, row) in enumerate(rows, start=1):
        if number % CHECK_CHUNK == 0:
            await uow.take_turns(BULK_PAUSE)  # others' messages are answered between rows
        check = RowChecker(where)
        slug = check.text(row, "slug", required=True, limit=120)
        if slug and not _SLUG.match(slug):
            check.fail("slug", f"{slug!r} must be lower-case words joined by -")
        if slug and slug in seen:
            check.fail("slug", "appears twice in the file")
        seen.add(slug or "")
        names = _languages(row, "names")
        if not names:
            check.fail("names", "give a name in at least one of fr, en, es")
        status = check.choice(row, "status", set(PublicationStatus))
        values: dict[str, Any] = {
            "slug": slug,
            "category": check.choice(row, "category", set(PracticeCategory), required=True),
            "status": status or PublicationStatus.PUBLISHED,
            "basis": check.choice(row, "basis", set(ConceptualBasis)),
            "names": names,
            "synonyms": _synonyms(row),
            "description": _languages(row, "description"),
            "results": _languages(row, "results"),
            "tutorials": _tutorials(row, check),
            "zones": check.codes(row.get("zones"), "zones", zones),
            "regions": check.regions(row.get("regions"), "regions", regions),
        }
        errors += check.errors
        checked.append(values)
    reject_if_any(errors)
    result = await stage_and_publish(checked, uow)  # short turns, then a publication in batches
    invalidate()
    return result


def _synonyms(row: Row) -> dict[str, list[str]]:
    value = row.get("synonyms")
    if isinstance(value, dict):
        return {k: [str(s) for s in v if s] for k, v in value.items() if k in LANGUAGES and v}
    return {
        lang: [s.strip() for s in str(row[f"synonyms_{lang}"]).split(";") if s.strip()]
        for lang in LANGUAGES
        if row.get(f"synonyms_{lang}")
    }


def _tutorials(row: Row, check: RowChecker) -> list[dict[str, str]]:
    """A JSON list of {title, url}, or `title | url; title | url` in a CSV cell."""
    value = row.get("tutorials") or []
    if isinstance(value, str):
        items = [part.rsplit("|", 1) for part in value.split(";") if part.strip()]
        value = [{"title": i[0].strip(), "url": i[-1].strip()} for i in items]
    found = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and check.url(item, "url"):
            found.append({"title": str(item.get("title") or item["url"]), "url": str(item["url"])})
        else:
            check.fail("tutorials", f"{item!r} is not a title and an http(s) address")
    return found


async def export_partners(uow: UnitOfWork) -> list[Row]:
    """Every partner, in the shape `import_partners` reads."""
    partners = (await uow.session.scalars(select(Partner).order_by(Partner.name))).all()
    return [
        {
            "name": p.name,
            "acronym": p.acronym,
            "category": p.category,
            "college": p.college,
            "is_member": p.is_member,
            "country": p.country,
            "region": p.region_code,
            "lat": p.latitude,
            "lon": p.longitude,
            "website": p.website,
            "card": p.card or {},
            "objectives": sorted(o.code for o in p.objectives),
        }
        for p in partners
    ]


async def export_practices(uow: UnitOfWork) -> list[Row]:
    """Every practice (any status), in the shape `import_practices` reads."""
    practices = (await uow.session.scalars(select(Practice).order_by(Practice.slug))).all()
    fields = ("slug", "category", "status", "basis", "names", "synonyms", "description")
    return [
        {name: getattr(p, name) for name in fields}
        | {"results": p.results, "tutorials": p.tutorials, "zones": p.zones, "regions": p.regions}
        for p in practices
    ]


def flatten(row: Row) -> dict[str, str]:
    """One exported row as CSV cells: `names_fr`, lists joined with `;`."""
    cells: dict[str, str] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            for lang in LANGUAGES:
                item = value.get(lang)
                cells[f"{key}_{lang}"] = "; ".join(item) if isinstance(item, list) else item or ""
        elif key == "tutorials":
            cells[key] = "; ".join(f"{t.get('title', '')} | {t['url']}" for t in value or [])
        elif isinstance(value, list):
            cells[key] = ";".join(str(v) for v in value)
        elif isinstance(value, bool):
            cells[key] = "true" if value else "false"
        else:
            cells[key] = "" if value is None else str(value)
    return cells


def dumps(rows: list[Row]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
