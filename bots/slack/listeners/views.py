"""Modal submissions: each becomes the core's FormSubmitted input, through the one door."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bots.slack.desk import Desk, guarded
from bots.slack.inputs import sender_of
from bots.slack.modals import meta_of, values_of
from core.interactions.desk_submissions import local_moment
from core.interactions.dispatch import FORMS, handle
from core.interactions.model import FormSubmitted, Sender


def register(app: AsyncApp, desk: Desk) -> None:
    async def close(ack: AsyncAck, view: dict[str, Any]) -> None:
        """Close the modal at once, unless a date or time cannot be read."""
        values = values_of(view)
        if "date" in values and local_moment(values) is None:
            await ack(response_action="errors", errors={"date": "YYYY-MM-DD", "time": "HH:MM"})
            return
        await ack()

    @guarded(desk, "form")
    async def submit(body: dict[str, Any], view: dict[str, Any]) -> None:
        """Pass the form to the core, tell the person how it went, redraw what changed."""
        sender: Sender = sender_of(body.get("user", {}))
        callback = str(view.get("callback_id", ""))
        meta = meta_of(view)
        replies = await handle(desk.hub, sender, FormSubmitted(callback, values_of(view), meta))
        await desk.answer(replies, user=sender.external_id)
        if callback == "desk_reason" and meta.get("channel") and meta.get("ts"):
            await desk.redraw(str(meta["channel"]), str(meta["ts"]), str(meta.get("value", "")))
        if meta.get("bulk"):
            await desk.publish_home(sender.external_id)

    for callback in FORMS:
        app.view(callback)(ack=close, lazy=[submit])
