"""Index work on a thread hands the interpreter over to the event loop and the database threads.

A thread doing pure Python work (analysing documents, unpickling entries) keeps the interpreter
until another thread has waited the switch interval (5 ms) for it. A unit of work passes it
between the event loop and the database driver's thread several times per statement, so each
statement waited up to that much, again and again: probes of 100-165 ms while 100,000 entries
loaded. A short sleep releases it at once, and the thread waiting takes it.
"""

from __future__ import annotations

import time

PAUSE = 0.0001  # seconds; `time.sleep(0)` gives the interpreter back before anyone takes it
EVERY = 3  # documents analysed between two handovers (well under 1 ms of work)


_sharing = True  # False in a process that does index work alone (core.services.catalog_build)


def hand_over() -> None:
    """Let a thread waiting for the interpreter run (call between two pieces of work)."""
    if _sharing:
        time.sleep(PAUSE)


def alone() -> None:
    """This process has no event loop to share the interpreter with: stop handing it over."""
    global _sharing
    _sharing = False
