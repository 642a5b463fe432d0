"""A catalog's entries saved next to its on-disk indexes, with a mark of what they reflect.

The indexes (tantivy) are saved by their own commits; this file keeps what they do not: the
light entries of the lists and the mark of how far the catalog had read the database. It is
written whole to a temporary file then renamed over the old one, so a crash leaves the old
file or the new one. The entries go in parts of PART, each pickled on its own, so that a
thread saving or loading a large catalog lets the event loop run between two parts.

The file is the hub's own (in its data directory, beside the database it describes): it is
read with pickle like the database is read with SQLite, and never comes from anyone else.
"""

from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from core.search.catalog_index import PartnerEntry, PracticeEntry, Reference
from core.search.handover import hand_over

FORMAT = 1  # bump when the entries, the mark or the indexes' schema change
PART = 100  # entries: about 0.6 ms to unpickle, near the handover SLICE (core.search.handover)
FILE = "catalog.pickle"


@dataclass(frozen=True)
class Saved:
    epoch: str  # the database's catalogue (CatalogGeneration.epoch)
    mark: Any  # how far the catalog had read (the service's own value)
    reference: Reference
    practices: dict[int, PracticeEntry]
    partners: dict[int, PartnerEntry]


def _parts(table: dict[int, Any]) -> list[list[tuple[int, Any]]]:
    items = iter(table.items())
    parts = []
    while part := list(islice(items, PART)):
        parts.append(part)
    return parts


def save(directory: Path, saved: Saved) -> None:
    """Write `saved` in `directory` (call off the event loop)."""
    practices, partners = _parts(saved.practices), _parts(saved.partners)
    head = (FORMAT, saved.epoch, saved.mark, saved.reference, len(practices), len(partners))
    temporary = directory / f"{FILE}.{os.getpid()}.tmp"
    with temporary.open("wb") as out:
        pickle.dump(head, out, protocol=pickle.HIGHEST_PROTOCOL)
        for part in (*practices, *partners):
            pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(directory / FILE)


def load(directory: Path) -> Saved | None:
    """What `save` wrote in `directory`, or None (none, another format, unreadable)."""
    path = directory / FILE
    try:
        # Read whole, then unpickled from memory: unpickling from the file held the interpreter
        # through most of the load (the event loop stalled 90 ms at 100,000 entries).
        with io.BytesIO(path.read_bytes()) as source:
            head = pickle.load(source)  # noqa: S301 (the hub's own file, see above)
            if not isinstance(head, tuple) or head[0] != FORMAT:
                return None
            _format, epoch, mark, reference, n_practices, n_partners = head
            practices: dict[int, PracticeEntry] = {}
            for _ in range(n_practices):
                practices.update(pickle.load(source))  # noqa: S301
                hand_over()
            partners: dict[int, PartnerEntry] = {}
            for _ in range(n_partners):
                partners.update(pickle.load(source))  # noqa: S301
                hand_over()
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return None
    return Saved(epoch, mark, reference, practices, partners)


def forget(directory: Path) -> None:
    """Remove the saved entries (the indexes are then emptied by their owner)."""
    (directory / FILE).unlink(missing_ok=True)
