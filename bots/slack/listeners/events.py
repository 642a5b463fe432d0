"""Events API: the Home tab opened, and direct messages to the bot (the core's conversation)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bots.slack.desk import Desk, guarded
from bots.slack.inputs import sender_of
from bots.slack.work import accept
from core.interactions.inbound import receive
from core.interactions.model import Text
from core.services import inbound_work
from core.services.inbound_work import StoredWork


def register(app: AsyncApp, desk: Desk) -> None:
    async def ack_at_once(ack: AsyncAck) -> None:
        """Acknowledge the event at once; Slack retries events it gets no answer for."""
        await ack()

    async def home_opened(event: dict[str, Any]) -> None:
        """Publish the person's desk when they open the Home tab (opened again: published
        again, so nothing needs storing)."""
        if event.get("tab", "home") == "home":
            await desk.publish_home(str(event.get("user", "")))

    app.event("app_home_opened")(ack=ack_at_once, lazy=[guarded(desk, "home")(home_opened)])

    @app.event("message")
    async def message_received(
        ack: AsyncAck, event: dict[str, Any], body: dict[str, Any], request: AsyncBoltRequest
    ) -> None:
        """Store a direct message to the bot, then acknowledge it (others: only the ack)."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            await ack()
            return
        inbound_id = str(body.get("event_id") or event.get("client_msg_id") or event.get("ts"))
        payload = {
            "user": str(event.get("user", "")),
            "text": str(event.get("text", "")),
            "inbound_id": inbound_id,
        }
        await accept(desk, ack, request, body, "message", payload)

    async def direct_message(stored: StoredWork) -> None:
        """Answer a direct message once: its event id is recorded with its handling, so the
        record is only marked done after (a message taken up again is a duplicate then)."""
        p = stored.payload
        sender = sender_of(str(p["user"]))
        received = await receive(
            desk.hub, sender, Text(str(p["text"])), inbound_id=str(p["inbound_id"])
        )
        await inbound_work.finish_alone(desk.hub.uow, stored.id)
        if desk.send_now is not None and received.queued:
            desk.send_now(received.queued)

    desk.kinds["message"] = direct_message
