"""A bulk change of the catalogue does not slow down everyone else (index work included)."""

from __future__ import annotations

import asyncio
import statistics
import time

from core.bootstrap import Hub
from core.domain.people import Role
from core.interactions.model import ButtonPress
from core.seed.demo import load_demo
from core.services import directory_transfer as transfer
from core.services import live_catalog
from tests.factories import make_person, text_of

IMPORTED = 5000
# seconds: the slowest answer allowed. The import's publication no longer holds SQLite's writer
# for long (batches of 50, ~5 ms each on a quiet machine); what is left are full garbage
# collections and a shared machine's scheduling (0.2-0.3 s, once ~1.1 s, at a load of 8-11 on
# two cores), so the bound stays where it was until measured on a quiet machine.
OUTLIER = 1.0
NOISE = 0.05  # seconds: the goal for any wait; a bare /help takes ~1 ms here


async def _timed(hub: Hub, person: object, message: str | ButtonPress) -> tuple[float, str]:
    started = time.perf_counter()
    text = await text_of(hub, person, message)  # type: ignore[arg-type]
    return time.perf_counter() - started, text


async def test_help_and_a_decision_stay_fast_during_an_import_of_5000(hub: Hub) -> None:
    await load_demo(hub)
    farmer = await make_person(hub, "kwame", language="en")
    secretary = await make_person(hub, "claire", Role.SECRETARIAT, language="en")
    names = ("Soil Lab", "Seed Bank", "Root Club", "Mulch Guild", "Humus Hub", "Crop Circle")
    for name in names:
        await text_of(hub, farmer, f"/apply {name} | research | ci | A3, D2 | We measure carbon.")
    async with hub.uow() as uow:
        base = await transfer.export_practices(uow)
    rows = []
    for number in range(IMPORTED):
        row = dict(base[number % len(base)])
        row["slug"] = f"{row['slug']}-{number}"
        rows.append((f"item {number}", row))
    await text_of(hub, farmer, "/practices compost")  # the catalog is built
    alone = [(await _timed(hub, farmer, "/help"))[0] for _ in range(5)]
    opened = []
    for number in (1, 2, 3):  # the usual time of a decision: the median of three
        elapsed, text = await _timed(hub, secretary, ButtonPress(f"appopen:{number}"))
        assert f"Application #{number} is open" in text
        opened.append(elapsed)
    decision_alone = statistics.median(opened)

    async def bulk_import() -> None:
        async with hub.uow() as uow:
            await transfer.import_practices(rows, uow)

    importing = asyncio.create_task(bulk_import())
    during: list[float] = []
    decisions: list[float] = []
    while not importing.done() or len(during) < 5:
        elapsed, _text = await _timed(hub, farmer, "/help")
        during.append(elapsed)
        if len(decisions) < 3 and len(during) % 3 == 2:
            number = len(decisions) + 4
            elapsed, text = await _timed(hub, secretary, ButtonPress(f"appopen:{number}"))
            assert f"Application #{number} is open" in text
            decisions.append(elapsed)
        await asyncio.sleep(0.01)
    await importing
    # The import is done: the next search starts indexing 5,000 changes in the background.
    await text_of(hub, farmer, "/practices compost")
    for _ in range(5):
        during.append((await _timed(hub, farmer, "/help"))[0])
        await asyncio.sleep(0.01)
    usual = statistics.median(alone)
    # Four answers in five as fast as without the import (within 2x, or under the 50 ms goal);
    # the slowest (garbage collection, a shared machine) still well under a second, where the
    # import used to hold the database for its whole length (1.4 s here).
    most = statistics.quantiles(during, n=5)[-1]
    assert most <= max(2 * usual, NOISE), (usual, most, sorted(during)[-5:])
    assert max(during) <= OUTLIER, (usual, sorted(during)[-5:])
    assert len(decisions) == 3
    decision = statistics.median(decisions)
    assert decision <= max(2 * decision_alone, NOISE), (decision_alone, decisions)
    # And the imported practices become searchable without anyone waiting for them.
    for _ in range(1200):  # up to a minute: catching up is paced so as never to stall anyone
        async with hub.uow() as uow:
            if len((await live_catalog.catalog(uow)).practices) == 36 + IMPORTED:
                break
        await asyncio.sleep(0.05)
    async with hub.uow() as uow:
        assert len((await live_catalog.catalog(uow)).practices) == 36 + IMPORTED
