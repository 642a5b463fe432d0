"""The one refusal when someone else holds a live claim on a report or a question."""

from __future__ import annotations

from datetime import datetime

from core.domain.actor import Actor
from core.domain.claims import Claimable, claim_holder, minutes_left
from core.domain.errors import Conflict
from core.persistence.uow import UnitOfWork
from core.services.people import person_name


async def refuse_if_held_by_other(
    item: Claimable, number: int, actor: Actor, now: datetime, uow: UnitOfWork, message: str
) -> None:
    """Raise Conflict(`message`: name, id, minutes) unless the claim is free or the actor's."""
    holder = claim_holder(item, now)
    if holder is not None and holder != actor.person_id:
        name = await person_name(holder, uow)
        raise Conflict(message, name=name, id=number, minutes=minutes_left(item, now))
