"""Events API: the Home tab opened, and direct messages to the bot (the core's conversation)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bots.slack.desk import Desk, guarded
from bots.slack.inputs import sender_of
from core.interactions.inbound import receive
from core.interactions.model import Text


def register(app: AsyncApp, desk: Desk) -> None:
    async def ack_at_once(ack: AsyncAck) -> None:
        """Acknowledge the event at once; Slack retries events it gets no answer for."""
        await ack()

    async def home_opened(event: dict[str, Any]) -> None:
        """Publish the person's desk when they open the Home tab."""
        if event.get("tab", "home") == "home":
            await desk.publish_home(str(event.get("user", "")))

    async def direct_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        """Answer a direct message once (Slack's retries carry the same event id)."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        sender = sender_of(str(event.get("user", "")))
        inbound_id = str(body.get("event_id") or event.get("client_msg_id") or event.get("ts"))
        text = Text(str(event.get("text", "")))
        received = await receive(desk.hub, sender, text, inbound_id=inbound_id)
        if desk.send_now is not None and received.queued:
            desk.send_now(received.queued)

    app.event("app_home_opened")(ack=ack_at_once, lazy=[guarded(desk, "home")(home_opened)])
    app.event("message")(ack=ack_at_once, lazy=[guarded(desk, "message")(direct_message)])
