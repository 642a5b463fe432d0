"""Button presses: the core's buttons on cards and answers, and the App Home's bulk actions."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bots.slack import home
from bots.slack.desk import Desk
from bots.slack.inputs import HUB_ACTION, button_input, sender_of
from bots.slack.work import accept, form_trigger, handled
from core.interactions.dispatch import button_data
from core.interactions.model import ButtonPress
from core.interactions.stored_work import input_to_data
from core.services.inbound_work import StoredWork


def carried(message: dict[str, Any] | None, value: str) -> bool:
    """Whether the message really shows a button with `value` (never redraw another one)."""
    for block in (message or {}).get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("value") == value:
                return True
    return False


def register(app: AsyncApp, desk: Desk) -> None:
    @app.action(re.compile(HUB_ACTION))
    async def pressed(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], request: AsyncBoltRequest
    ) -> None:
        """Store the press (not a double click), then acknowledge it."""
        press = button_input(action)
        sender = sender_of(body.get("user", {}))
        container = body.get("container", {})
        ts = str(container.get("message_ts") or "")
        if press is None or not desk.clicks.first(sender.external_id, ts, press.data):
            await ack()
            return
        payload = {
            "user": sender.external_id,
            "name": sender.display_name,
            "input": input_to_data(ButtonPress(press.data, forms=True)),
            "channel": str(body.get("channel", {}).get("id") or container.get("channel_id") or ""),
            "ts": ts,
            "container": str(container.get("type") or ""),
            "ephemeral": bool(container.get("is_ephemeral")),
            "on_message": carried(body.get("message"), press.data),
            "response_url": str(body.get("response_url") or ""),
            "trigger": str(body.get("trigger_id") or ""),
        }
        await accept(desk, ack, request, body, "press", payload)

    async def press(stored: StoredWork) -> None:
        """Pass the press to the core; redraw the card it came from; forms open as modals."""
        p = stored.payload
        if (done := await handled(desk, stored)) is None:
            return
        sender, replies = done
        channel, ts = str(p.get("channel", "")), str(p.get("ts", ""))
        if (trigger := await form_trigger(desk, stored, sender, replies)) is None:
            return  # too late for a modal
        if any(reply.form is not None for reply in replies):  # a reason or an answer to type
            where = {"channel": channel, "ts": ts}
            await desk.answer(replies, user=sender.external_id, trigger=trigger, carried=where)
            return
        await desk.answer(
            replies, user=sender.external_id, respond=desk.respond_to(p), channel=channel or None
        )
        if p.get("container") == "view":  # pressed in the Home tab: show its new state
            await desk.publish_home(sender.external_id)
            return
        on_card = p.get("container") == "message" and not p.get("ephemeral")
        if on_card and channel and ts and p.get("on_message"):
            await desk.redraw(channel, ts, str(p["input"]["button"]))

    desk.kinds["press"] = press

    @app.action(home.PICK_ACTION)
    async def pick(ack: AsyncAck) -> None:
        """Ticking a report in the Home tab only changes the view's state."""
        await ack()

    @app.action(re.compile(r"^desk_bulk_(ok|no|chg)$"))
    async def bulk_pressed(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], request: AsyncBoltRequest
    ) -> None:
        """Store the bulk action with the reports ticked at the time, then acknowledge it."""
        sender = sender_of(body.get("user", {}))
        ids = home.ticked(body.get("view") or {})
        decision = home.BULK_ACTIONS[action["action_id"]]
        payload = {
            "user": sender.external_id,
            "name": sender.display_name,
            "input": input_to_data(ButtonPress(button_data("deskbulk", decision, *ids), True)),
            "refresh": bool(ids and decision == "approved"),
            "trigger": str(body.get("trigger_id") or ""),
        }
        await accept(desk, ack, request, body, "bulk", payload)

    async def bulk(stored: StoredWork) -> None:
        """Approve the ticked reports at once, or ask one reason for rejecting them all."""
        p = stored.payload
        if (done := await handled(desk, stored)) is None:
            return
        sender, replies = done
        if (trigger := await form_trigger(desk, stored, sender, replies)) is None:
            return  # too late for a modal
        await desk.answer(replies, user=sender.external_id, trigger=trigger)
        if p.get("refresh"):  # a reason's form publishes once it is sent
            await desk.publish_home(sender.external_id)

    desk.kinds["bulk"] = bulk
