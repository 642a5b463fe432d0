"""Modal submissions: each becomes the core's FormSubmitted input, through the one door."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bots.slack.desk import Desk
from bots.slack.inputs import sender_of
from bots.slack.modals import meta_of, values_of
from bots.slack.work import accept, handled
from core.interactions.desk_submissions import local_moment
from core.interactions.dispatch import FORMS
from core.interactions.model import FormSubmitted
from core.interactions.stored_work import input_to_data
from core.services.inbound_work import StoredWork


def register(app: AsyncApp, desk: Desk) -> None:
    async def submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], request: AsyncBoltRequest
    ) -> None:
        """Store the form and close the modal, unless a date or time cannot be read."""
        values = values_of(view)
        if "date" in values and local_moment(values) is None:
            await ack(response_action="errors", errors={"date": "YYYY-MM-DD", "time": "HH:MM"})
            return
        sender = sender_of(body.get("user", {}))
        form = FormSubmitted(str(view.get("callback_id", "")), values, meta_of(view))
        payload = {
            "user": sender.external_id,
            "name": sender.display_name,
            "input": input_to_data(form),
        }
        await accept(desk, ack, request, body, "form", payload)

    async def submit(stored: StoredWork) -> None:
        """Pass the form to the core, tell the person how it went, redraw what changed."""
        p = stored.payload
        if (done := await handled(desk, stored)) is None:
            return
        sender, replies = done
        await desk.answer(replies, user=sender.external_id)
        meta = dict(p["input"].get("meta") or {})
        if p["input"].get("form") == "desk_reason" and meta.get("channel") and meta.get("ts"):
            await desk.redraw(str(meta["channel"]), str(meta["ts"]), str(meta.get("value", "")))
        if meta.get("bulk"):
            await desk.publish_home(sender.external_id)

    desk.kinds["form"] = submit
    for callback in FORMS:
        app.view(callback)(submitted)
