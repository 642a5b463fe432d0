"""Which parts run, and when a part counts as alive (from its heartbeats)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

PARTS = ("worker", "scheduler", "telegram", "slack")
BEAT_SECONDS = 2.0
# A part silent for this long is dead: its claimed outbox rows go back to the queue.
STALE = timedelta(seconds=6)


@dataclass(frozen=True)
class PartLife:
    part: str
    alive: int  # processes of this part seen within STALE
    last_seen_at: datetime | None


def lives(beats: Iterable[tuple[str, datetime]], now: datetime) -> dict[str, PartLife]:
    """For each part, from (part, last seen) heartbeats: how many are alive, and the last seen."""
    beats = list(beats)
    found: dict[str, PartLife] = {}
    for part in PARTS:
        seen = [at for name, at in beats if name == part]
        found[part] = PartLife(
            part, sum(1 for at in seen if at >= now - STALE), max(seen) if seen else None
        )
    return found


def expected_parts(telegram: bool, slack: bool) -> list[str]:
    """Every part a configuration runs: inbound parts and the worker need a channel token."""
    inbound = [name for name, on in (("telegram", telegram), ("slack", slack)) if on]
    return [*inbound, "scheduler", *(["worker"] if inbound else [])]
