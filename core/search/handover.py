"""Index work on a thread hands the interpreter over to the event loop and the database threads.

A thread doing pure Python work (analysing documents, unpickling entries) keeps the interpreter
until another thread has waited the switch interval (5 ms) for it. A unit of work passes it
between the event loop and the database driver's thread several times per statement, so each
statement waited up to that much, again and again: probes of 100-165 ms while 100,000 entries
loaded. A short sleep releases it at once, and the thread waiting takes it.

The work calls `hand_over()` between small pieces (a document, a part of the saved entries);
it hands over once SLICE of work has passed since the last time. A fixed count of pieces did
not fit every piece: three documents took 2-3 ms, and a probe's eight passes of the
interpreter then waited 30-60 ms in all.
"""

from __future__ import annotations

import threading
import time

PAUSE = 0.0001  # seconds; `time.sleep(0)` gives the interpreter back before anyone takes it
SLICE = 0.0005  # seconds of work between two handovers

_sharing = True  # False in a process that does index work alone (core.services.catalog_build)
_last = threading.local()


def hand_over() -> None:
    """Let a thread waiting for the interpreter run, if SLICE has passed since the last time."""
    if not _sharing:
        return
    now = time.perf_counter()
    if now - getattr(_last, "at", 0.0) >= SLICE:
        time.sleep(PAUSE)
        _last.at = time.perf_counter()


def alone() -> None:
    """This process has no event loop to share the interpreter with: stop handing it over."""
    global _sharing
    _sharing = False
