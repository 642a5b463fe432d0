"""`/4p1000 SUBCOMMAND ...`: the core's commands, where forms can open (as modals)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bots.slack.desk import Desk
from bots.slack.inputs import sender_of, slash_input
from bots.slack.work import accept, fresh_trigger, respond_to
from core.interactions.desk_openers import SLASH
from core.interactions.stored_work import handle_stored, input_from_data, input_to_data
from core.services.inbound_work import StoredWork


def register(app: AsyncApp, desk: Desk) -> None:
    @app.command(SLASH)
    async def received(ack: AsyncAck, body: dict[str, Any], request: AsyncBoltRequest) -> None:
        """Store the command, then acknowledge it (within Slack's 3 seconds)."""
        user = str(body.get("user_id", ""))
        payload = {
            "user": user,
            "name": str(body.get("user_name", "")),
            "input": input_to_data(replace(slash_input(str(body.get("text", ""))), forms=True)),
            "channel": str(body.get("channel_id") or user),
            "response_url": str(body.get("response_url") or ""),
            "trigger": str(body.get("trigger_id") or ""),
        }
        await accept(desk, ack, request, body, "command", payload)

    async def run_command(stored: StoredWork) -> None:
        """Answer `/4p1000 ...` ephemerally (files go to the conversation it was typed in)."""
        p = stored.payload
        sender = sender_of(str(p["user"]), name=str(p.get("name", "")))
        replies = await handle_stored(desk.hub, sender, input_from_data(p["input"]), stored.id)
        if replies is None:  # done before (another process took it up)
            return
        trigger = fresh_trigger(stored)
        if not trigger and any(reply.form is not None for reply in replies):
            await desk.apologise(sender.external_id, respond_to(p))  # too late for a modal
            return
        await desk.answer(
            replies,
            user=sender.external_id,
            respond=respond_to(p),
            channel=str(p["channel"]),
            trigger=trigger,
        )

    desk.kinds["command"] = run_command
