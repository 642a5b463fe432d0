"""Claims: a moderator or an expert takes an item for a while, so that others see who is on it."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Protocol


class Claimable(Protocol):
    """An item someone may claim (a report or a question; a row or its read model)."""

    @property
    def claimed_by_id(self) -> int | None: ...
    @property
    def claim_expires_at(self) -> datetime | None: ...


def claim_holder(item: Claimable, now: datetime) -> int | None:
    """Who holds a live claim on the item, if anyone."""
    if item.claimed_by_id is None or item.claim_expires_at is None:
        return None
    return item.claimed_by_id if item.claim_expires_at > now else None


def minutes_left(item: Claimable, now: datetime) -> int:
    """Whole minutes until a live claim ends (at least one)."""
    expires = item.claim_expires_at or now
    return max(1, math.ceil((expires - now).total_seconds() / 60))
