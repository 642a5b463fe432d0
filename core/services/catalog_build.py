"""A cold search catalog built by a process of its own, beside the hub's live one.

A first start, or an index of something else, has every practice and partner to index: about
0.2 ms of Python analysis (folding, stop words, stems) each. On a thread of the hub that work
shares the interpreter with the event loop for minutes at 100,000 items, and every unit of work
of the hub runs slower meanwhile. So the hub starts this module as a child process
(`python -m core.services.catalog_build`, the order on its standard input): it reads the
catalogue in one read transaction, page by page, indexes it into the directory it is given,
saves its entries and the mark of how far it read there (core.search.saved) and exits. The hub
then swaps that directory in and reads only what changed since the mark, as after a restart.

The child prints one line: "built N" or the kind of error that stopped it (no message: it
could carry a database address).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from core.persistence.database import create_engine, session_factory
from core.persistence.models import Partner, Practice
from core.persistence.uow import UnitOfWork
from core.search import handover
from core.search import saved as saved_catalog
from core.search.catalog_index import Catalog, Changes
from core.services.live_catalog import (
    PUBLISHING,
    PUBLISHING_PAUSE,
    Seen,
    catalog_version,
    changed_since,
    last_mark,
    load_reference,
    make_epoch,
    partner_changes,
    practice_changes,
)

PAGE = 1000  # rows read and indexed at a time
NICENESS = 10  # added to the child's: the hub's own work comes first


async def build(database_url: str, where: Path) -> int:
    """Index every published practice and every partner into `where`; the documents indexed."""
    engine = create_engine(database_url)
    try:
        uow = UnitOfWork(session_factory(engine))
        epoch = await make_epoch(uow)
        while True:
            async with uow:  # one read transaction: the catalogue as it was at one instant
                version = (None, *await catalog_version(uow))
                if version[PUBLISHING] is None:
                    reference = await load_reference(uow)
                    built = Catalog(reference, directory=where)
                    try:
                        seen = await _read_into(uow, built, links=int(version[5]))
                        built.commit()
                        saved_catalog.save(
                            where,
                            saved_catalog.Saved(
                                str(epoch), seen, reference, built.practices, built.partners
                            ),
                        )
                        return built.indexed()
                    finally:
                        built.close()
            await asyncio.sleep(PUBLISHING_PAUSE)  # an import is being published: wait for it
    finally:
        await engine.dispose()


async def _read_into(uow: UnitOfWork, built: Catalog, links: int) -> Seen:
    marks: list[Any] = []
    for model in (Practice, Partner):
        mark = None
        while rows := list(
            (await uow.session.scalars(changed_since(model, mark).limit(PAGE))).all()
        ):
            changes = Changes()
            (practice_changes if model is Practice else partner_changes)(rows, changes)
            built.apply(changes, publish=False)
            mark = last_mark(rows, mark)
            uow.session.expunge_all()
        marks.append(mark)
    return Seen(marks[0], marks[1], links)


def main() -> None:
    order = json.loads(sys.stdin.read())
    # Background work: the hub's event loop gets the processor first on a small machine, and
    # nothing in this process waits for the interpreter to be handed over.
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    handover.alone()
    try:
        count = asyncio.run(build(order["database"], Path(order["directory"])))
    except Exception as exc:
        print(type(exc).__name__)
        raise SystemExit(1) from None
    print(f"built {count}")


if __name__ == "__main__":
    main()
