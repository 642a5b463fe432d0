"""Who sent a message: the person behind a channel's user id, created on first contact."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.exc import IntegrityError

from core.domain.actor import Actor
from core.domain.people import Channel
from core.persistence.uow import UnitOfWork
from core.services.inbound import first_time
from core.services.people import Caller, Defaults, identify_actor, identify_actors


class SenderRace(Exception):
    """Another process created this sender's person at the same instant: start again."""


async def identify_in(
    uow: UnitOfWork,
    channel: Channel,
    external_id: str,
    defaults: Defaults,
    *,
    display_name: str = "",
    language_hint: str | None = None,
    chat_id: str | None = None,
) -> Actor:
    """The sender's actor, created on first contact within `uow` (the caller commits).

    Raises SenderRace when another process created the same person first: the unit of work
    is then unusable, and a new one finds theirs.
    """
    try:
        return await identify_actor(
            channel,
            external_id,
            uow,
            defaults,
            display_name=display_name,
            language_hint=language_hint,
            chat_id=chat_id,
        )
    except IntegrityError as error:
        raise SenderRace(f"{channel}:{external_id}") from error


async def identify_all_in(
    callers: Sequence[Caller], uow: UnitOfWork, defaults: Defaults
) -> list[Actor]:
    """`identify_in` for several messages at once (see people.identify_actors)."""
    try:
        return await identify_actors(callers, uow, defaults)
    except IntegrityError as error:
        raise SenderRace(f"{len(callers)} senders") from error


async def identify_arrival(
    uows: Callable[[], UnitOfWork],
    channel: Channel,
    external_id: str,
    defaults: Defaults,
    *,
    display_name: str = "",
    language_hint: str | None = None,
    chat_id: str | None = None,
    inbound_id: str | None = None,
) -> Actor | None:
    """The sender's actor, committed; None when `inbound_id` was received before.

    Two processes may create the same person at the same instant: the loser reads theirs.
    """
    for attempt in (1, 2):
        try:
            async with uows() as uow:
                if inbound_id is not None and not await first_time(channel, inbound_id, uow):
                    return None
                actor = await identify_in(
                    uow,
                    channel,
                    external_id,
                    defaults,
                    display_name=display_name,
                    language_hint=language_hint,
                    chat_id=chat_id,
                )
                await uow.commit()
                return actor
        except SenderRace:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
