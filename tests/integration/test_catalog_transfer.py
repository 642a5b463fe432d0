"""Partners and practices in and out: every row checked first, nothing half-imported."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.bootstrap import Hub
from core.domain.actor import OPERATOR
from core.persistence.models import Event, Partner, Practice, Region
from core.search.text import fold
from core.seed.demo import load_demo
from core.services import directory_transfer as transfer
from core.services.event_transfer import upsert_event
from core.services.imports import ImportRejected
from tests.babel_data import territory
from tests.factories import console, text_of


@pytest.fixture
async def demo(hub: Hub) -> Hub:
    await load_demo(hub)
    return hub


async def counts(hub: Hub) -> tuple[int, int]:
    async with hub.uow() as uow:
        partners = await uow.session.scalar(select(func.count()).select_from(Partner))
        practices = await uow.session.scalar(select(func.count()).select_from(Practice))
    return partners or 0, practices or 0


async def test_export_then_import_round_trips_in_both_shapes(demo: Hub) -> None:
    async with demo.uow() as uow:
        partners = await transfer.export_partners(uow)
        practices = await transfer.export_practices(uow)
    assert len(partners) == 50
    assert len(practices) == 36
    flat = [(f"line {n}", transfer.flatten(row)) for n, row in enumerate(partners, start=2)]
    async with demo.uow() as uow:
        result = await transfer.import_partners(flat, uow)
    assert (result.created, result.updated) == (0, 50)
    async with demo.uow() as uow:
        result = await transfer.import_practices(
            [(f"item {n}", row) for n, row in enumerate(practices, start=1)], uow
        )
    assert (result.created, result.updated) == (0, 36)
    async with demo.uow() as uow:
        assert await transfer.export_partners(uow) == partners
        assert await transfer.export_practices(uow) == practices


async def test_a_new_partner_is_searchable_at_once(demo: Hub) -> None:
    row = {
        "name": "Coopérative des planteurs de Daloa",
        "acronym": "COOPADA",
        "category": "producer_org",
        "is_member": "oui",
        "country": "ci",
        "lat": "6.877",
        "lon": "-6.45",
        "objectives": "A3; B3",
        "card_fr": "Des planteurs de cacao qui pratiquent l'agroforesterie.",
    }
    async with demo.uow() as uow:
        result = await transfer.import_partners([("line 2", row)], uow)
    assert result.created == 1
    text = await text_of(demo, console("kofi"), "/partners coopada")
    assert f"Coopérative des planteurs de Daloa (COOPADA) — {territory('CI', 'en')}, member" in text


async def test_a_bad_file_reports_each_row_and_changes_nothing(demo: Hub) -> None:
    before = await counts(demo)
    rows = [
        ("line 2", {"name": "Good One", "category": "ngo", "country": "KE"}),
        ("line 3", {"name": "", "category": "wizards", "lat": "95", "lon": "1"}),
        ("line 4", {"name": "Danone", "category": "company", "is_member": "true"}),
        (
            "line 5",
            {"name": "Good One", "category": "ngo", "objectives": "Z9", "website": "ftp://x"},
        ),
    ]
    async with demo.uow() as uow:
        with pytest.raises(ImportRejected) as rejected:
            await transfer.import_partners(rows, uow)
    problems = [str(error) for error in rejected.value.errors]
    assert "line 3: name: is required" in problems
    assert any(p.startswith("line 3: category: 'wizards' is not one of") for p in problems)
    assert "line 3: lat: 95.0 is not between -90 and 90" in problems
    assert "line 4: is_member: a company can be a partner but not a member" in problems
    assert "line 5: name: appears twice in the file" in problems
    assert "line 5: objectives: unknown code 'Z9'" in problems
    assert "line 5: website: 'ftp://x' is not an http(s) address" in problems
    practice_rows = [
        ("item 1", {"slug": "Bad Slug", "category": "tillage", "names": {"en": "x"}}),
        ("item 2", {"slug": "ok-slug", "category": "tillage", "zones": ["moon"]}),
    ]
    async with demo.uow() as uow:
        with pytest.raises(ImportRejected) as rejected:
            await transfer.import_practices(practice_rows, uow)
    problems = [str(error) for error in rejected.value.errors]
    assert "item 1: slug: 'Bad Slug' must be lower-case words joined by -" in problems
    assert "item 2: names: give a name in at least one of fr, en, es" in problems
    assert "item 2: zones: unknown code 'moon'" in problems
    assert await counts(demo) == before


async def test_regions_are_taken_by_name_in_any_language_in_every_import(demo: Hub) -> None:
    """A partner, a practice and an event name their region as people write it."""
    async with demo.uow() as uow:
        west = await uow.session.get(Region, "west-africa")
        europe = await uow.session.get(Region, "europe")
    assert west is not None
    assert europe is not None
    french, spanish = west.names["fr"].upper(), fold(west.names["es"])  # any case, no accents
    partner = {"name": "Coopérative de Kaya", "category": "producer_org", "region": french}
    practice = {
        "slug": "zai-pits-kaya",
        "category": "water-soil-conservation",
        "names": {"fr": "Zaï de Kaya"},
        "regions": f"{west.names['en']}; {europe.names['es']}",
    }
    event = {
        "kind": "regional",
        "title": {"fr": "Rencontre de Kaya"},
        "start": "2027-03-02T09:00",
        "timezone": "Africa/Ouagadougou",
        "region": spanish,
        "key": "kaya-2027",
    }
    async with demo.uow() as uow:
        await transfer.import_partners([("line 2", partner)], uow)
        await transfer.import_practices([("item 1", practice)], uow)
        await upsert_event(OPERATOR, event, demo.now(), uow)
        await uow.commit()
    async with demo.uow() as uow:
        imported = await uow.session.scalar(select(Partner).where(Partner.name == partner["name"]))
        sheet = await uow.session.scalar(select(Practice).where(Practice.slug == "zai-pits-kaya"))
        meeting = await uow.session.scalar(select(Event).where(Event.key == "kaya-2027"))
    assert imported is not None
    assert imported.region_code == "west-africa"
    assert sheet is not None
    assert sheet.regions == ["west-africa", "europe"]
    assert meeting is not None
    assert meeting.region_code == "west-africa"
    rows = [("line 2", {**partner, "name": "Elsewhere", "region": "Mars"})]
    async with demo.uow() as uow:
        with pytest.raises(ImportRejected) as rejected:
            await transfer.import_partners(rows, uow)
    (problem,) = [str(error) for error in rejected.value.errors]
    assert problem.startswith("line 2: region: unknown region 'Mars' (use one of: ")
    assert "west-africa" in problem
