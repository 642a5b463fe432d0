"""The delivery worker's memory of desk cards: record a posted card, find it to update it."""

from __future__ import annotations

from typing import Protocol

from core.bootstrap import Hub
from core.services import desk_refs


class CardBook(Protocol):
    async def posted(self, card: str, desk: str, channel_id: str, ts: str) -> None:
        """Remember that `card` was posted to `desk` as (channel_id, ts)."""
        ...

    async def where(self, card: str, desk: str) -> tuple[str, str] | None:
        """(channel id, ts) of `card` on `desk`, or None while it is not posted yet."""
        ...


class FileFetcher(Protocol):
    async def fetch(self, ref: str, limit: int) -> bytes:
        """The file's bytes; raise Permanent when it is over `limit`, Transient to retry."""
        ...


class HubCardBook:
    """Card references kept in the hub's database (table desk_card_refs)."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def posted(self, card: str, desk: str, channel_id: str, ts: str) -> None:
        parsed = desk_refs.parse_ref(card)
        if parsed is None:
            return
        async with self.hub.uow() as uow:
            await desk_refs.remember_posted(uow, *parsed, desk, channel_id, ts)
            await uow.commit()

    async def where(self, card: str, desk: str) -> tuple[str, str] | None:
        parsed = desk_refs.parse_ref(card)
        if parsed is None:
            return None
        async with self.hub.uow() as uow:
            ref = await desk_refs.find_ref(uow, *parsed, desk)
        if ref is None or ref.ts is None or ref.channel_id is None:
            return None
        return ref.channel_id, ref.ts
