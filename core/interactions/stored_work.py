"""Acknowledged work handled once: the core's side of a channel's stored requests.

A channel that acknowledges before it works (Slack) stores the input it mapped (see
core.services.inbound_work) and hands it here: the record is marked done in the same
transaction as the handling, or in the one that stores the explanation of a refusal or a
failure. A record done already (handled by another process, or a second replay) gives None
and nothing is answered twice.
"""

from __future__ import annotations

from typing import Any

from core.interactions.context import HubServices
from core.interactions.dispatch import AlreadyHandled, handle_as, identify_sender
from core.interactions.model import ButtonPress, Command, FormSubmitted, Input, Reply, Sender
from core.persistence.uow import UnitOfWork
from core.services import inbound_work

StoredInput = Command | ButtonPress | FormSubmitted


def input_to_data(message: StoredInput) -> dict[str, Any]:
    """An input as JSON for the stored record."""
    if isinstance(message, Command):
        return {"command": message.name, "args": message.args, "forms": message.forms}
    if isinstance(message, ButtonPress):
        return {"button": message.data, "forms": message.forms}
    return {"form": message.form, "values": message.values, "meta": message.meta}


def input_from_data(data: dict[str, Any]) -> StoredInput:
    """The input a stored record carries."""
    if "command" in data:
        return Command(str(data["command"]), str(data.get("args", "")), bool(data.get("forms")))
    if "button" in data:
        return ButtonPress(str(data["button"]), bool(data.get("forms")))
    return FormSubmitted(
        str(data["form"]), dict(data.get("values") or {}), dict(data.get("meta") or {})
    )


async def handle_stored(
    hub: HubServices, sender: Sender, message: Input, work_id: int
) -> list[Reply] | None:
    """Answer a stored input once; None when its record was done before (say nothing)."""

    async def done(uow: UnitOfWork, _replies: list[Reply]) -> None:
        if not await inbound_work.finish(uow, work_id):
            raise AlreadyHandled(str(work_id))

    identified = await identify_sender(hub, sender)
    if identified.actor is None:  # not even identified: the apology is the answer
        async with hub.uow() as uow:
            if not await inbound_work.finish(uow, work_id):
                return None
            await uow.commit()
        return identified.replies
    try:
        return await handle_as(hub, identified.actor, message, deliver=done)
    except AlreadyHandled:
        return None
