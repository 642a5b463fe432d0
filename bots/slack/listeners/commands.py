"""`/4p1000 SUBCOMMAND ...`: the core's commands, where forms can open (as modals)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bots.slack.desk import Desk
from bots.slack.inputs import slash_input
from bots.slack.work import accept, form_trigger, handled
from core.interactions.desk_openers import SLASH
from core.interactions.stored_work import input_to_data
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
        if (done := await handled(desk, stored)) is None:
            return
        sender, replies = done
        if (trigger := await form_trigger(desk, stored, sender, replies)) is None:
            return  # too late for a modal
        await desk.answer(
            replies,
            user=sender.external_id,
            respond=desk.respond_to(p),
            channel=str(p["channel"]),
            trigger=trigger,
        )

    desk.kinds["command"] = run_command
