"""`/4p1000 SUBCOMMAND ...`: the core's commands, where forms can open (as modals)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bots.slack.desk import Desk, guarded
from bots.slack.inputs import sender_of, slash_input
from core.interactions.desk_openers import SLASH
from core.interactions.dispatch import handle


def register(app: AsyncApp, desk: Desk) -> None:
    async def ack_at_once(ack: AsyncAck) -> None:
        """Acknowledge within Slack's 3 seconds; the work follows in the lazy listener."""
        await ack()

    @guarded(desk, "slash command")
    async def run_command(body: dict[str, Any], respond: AsyncRespond) -> None:
        """Answer `/4p1000 ...` ephemerally (files go to the conversation it was typed in)."""
        sender = sender_of(str(body.get("user_id", "")), name=str(body.get("user_name", "")))
        command = replace(slash_input(str(body.get("text", ""))), forms=True)
        channel = str(body.get("channel_id") or sender.external_id)
        replies = await handle(desk.hub, sender, command)
        trigger = str(body.get("trigger_id", ""))
        await desk.answer(
            replies, user=sender.external_id, respond=respond, channel=channel, trigger=trigger
        )

    app.command(SLASH)(ack=ack_at_once, lazy=[run_command])
