"""Button presses: the core's buttons on cards and answers, and the App Home's bulk actions."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bots.slack import home
from bots.slack.desk import Desk, guarded
from bots.slack.inputs import HUB_ACTION, button_input, sender_of
from core.interactions.dispatch import button_data, handle
from core.interactions.model import ButtonPress


def carried(message: dict[str, Any] | None, value: str) -> bool:
    """Whether the message really shows a button with `value` (never redraw another one)."""
    for block in (message or {}).get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("value") == value:
                return True
    return False


def register(app: AsyncApp, desk: Desk) -> None:
    async def ack_at_once(ack: AsyncAck) -> None:
        """Acknowledge the press at once."""
        await ack()

    @guarded(desk, "button")
    async def press(body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond) -> None:
        """Pass the press to the core; redraw the card it came from; forms open as modals."""
        pressed = button_input(action)
        user = body.get("user", {})
        sender = sender_of(user)
        container = body.get("container", {})
        channel = str(body.get("channel", {}).get("id") or container.get("channel_id") or "")
        ts = str(container.get("message_ts") or "")
        if pressed is None or not desk.clicks.first(sender.external_id, ts, pressed.data):
            return
        answer = respond if body.get("response_url") else None
        replies = await handle(desk.hub, sender, replace(pressed, forms=True))
        if any(reply.form is not None for reply in replies):  # a reason or an answer to type
            where = {"channel": channel, "ts": ts}
            await desk.answer(
                replies, user=sender.external_id, trigger=body["trigger_id"], carried=where
            )
            return
        await desk.answer(replies, user=sender.external_id, respond=answer, channel=channel or None)
        if container.get("type") == "view":  # pressed in the Home tab: show its new state
            await desk.publish_home(sender.external_id)
            return
        on_card = container.get("type") == "message" and not container.get("is_ephemeral")
        if on_card and channel and ts and carried(body.get("message"), pressed.data):
            await desk.redraw(channel, ts, pressed.data)

    app.action(re.compile(HUB_ACTION))(ack=ack_at_once, lazy=[press])

    @app.action(home.PICK_ACTION)
    async def pick(ack: AsyncAck) -> None:
        """Ticking a report in the Home tab only changes the view's state."""
        await ack()

    @guarded(desk, "bulk action")
    async def bulk(body: dict[str, Any], action: dict[str, Any]) -> None:
        """Approve the ticked reports at once, or ask one reason for rejecting them all."""
        sender = sender_of(body.get("user", {}))
        ids = home.ticked(body.get("view") or {})
        decision = home.BULK_ACTIONS[action["action_id"]]
        press = ButtonPress(button_data("deskbulk", decision, *ids), forms=True)
        replies = await handle(desk.hub, sender, press)
        await desk.answer(replies, user=sender.external_id, trigger=body["trigger_id"])
        if ids and decision == "approved":  # a reason's form publishes once it is sent
            await desk.publish_home(sender.external_id)

    app.action(re.compile(r"^desk_bulk_(ok|no|chg)$"))(ack=ack_at_once, lazy=[bulk])
