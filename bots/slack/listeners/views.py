"""Modal submissions: reasons for decisions, events, newsletter items, applications."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bots.slack.desk import Desk, guarded
from bots.slack.inputs import sender_of
from bots.slack.modals import local_moment, meta_of, values_of
from core.domain.reports import ReportAction
from core.interactions import desk_forms
from core.interactions.context import Context
from core.interactions.desk_actions import act, decide_many, decide_with_reason
from core.interactions.model import Reply, Sender
from core.services.membership import ApplicationForm

Work = Callable[[Context], Awaitable[Reply]]


def _event_form(values: dict[str, str]) -> desk_forms.EventForm:
    return desk_forms.EventForm(
        kind=values.get("kind", ""),
        title=values.get("title", ""),
        language=values.get("language", "en"),
        starts=local_moment(values),
        timezone=values.get("timezone") or "UTC",
        place=values.get("place", ""),
        online_url=values.get("online_url", ""),
        description=values.get("description", ""),
    )


def _work(desk: Desk, callback: str, view: dict[str, Any]) -> Work:
    """What a submitted modal asks the core to do."""
    values, meta, now = values_of(view), meta_of(view), desk.hub.now()
    number = int(meta.get("id") or 0)
    if callback == "desk_reason":
        ids = [int(n) for n in meta.get("ids", [])]
        action = ReportAction(meta.get("action", ReportAction.REJECTED))
        reason = values.get("reason", "")
        if meta.get("bulk") or len(ids) != 1:
            return lambda ctx: decide_many(ctx, ids, action, reason, now)
        return lambda ctx: decide_with_reason(ctx, ids[0], action, reason, now)
    if callback == "desk_event":
        form = _event_form(values)
        if number:
            return lambda ctx: desk_forms.edit_event(ctx, number, form)
        return lambda ctx: desk_forms.create_event(ctx, form, now)
    if callback == "desk_event_move":
        form = _event_form(values)
        assert form.starts is not None
        starts = form.starts
        return lambda ctx: desk_forms.reschedule_event(ctx, number, starts, form.timezone, now)
    if callback == "desk_event_cancel":
        return lambda ctx: desk_forms.cancel_event(ctx, number, now)
    if callback == "desk_write":
        return lambda ctx: desk_forms.write_item(
            ctx,
            rubric=values.get("rubric", ""),
            language=values.get("language", ""),
            title=values.get("title", ""),
            body=values.get("body", ""),
            region=values.get("region") or None,
        )
    if callback == "desk_translate":
        return lambda ctx: desk_forms.translate_item(
            ctx,
            number,
            language=values.get("language", ""),
            title=values.get("title", ""),
            body=values.get("body", ""),
        )
    application = ApplicationForm(
        organisation=values.get("organisation", ""),
        category=values.get("category", ""),
        country=values.get("country") or None,
        contact_role=values.get("contact_role") or None,
        objectives=tuple(values.get("objectives", "").replace(",", " ").split()),
        motivation=values.get("motivation", ""),
    )
    return lambda ctx: desk_forms.apply(ctx, application)


CALLBACKS = (
    "desk_reason",
    "desk_event",
    "desk_event_move",
    "desk_event_cancel",
    "desk_write",
    "desk_translate",
    "desk_apply",
)


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
        """Do what the form says, tell the person how it went, redraw what changed."""
        sender: Sender = sender_of(body.get("user", {}))
        callback = str(view.get("callback_id", ""))
        acted = await act(desk.hub, sender, _work(desk, callback, view), what=callback)
        replies = acted.replies or ([acted.value] if acted.value is not None else [])
        await desk.answer(replies, user=sender.external_id)
        meta = meta_of(view)
        if callback == "desk_reason" and meta.get("channel") and meta.get("ts"):
            await desk.redraw(str(meta["channel"]), str(meta["ts"]), str(meta.get("value", "")))
        if meta.get("bulk"):
            await desk.publish_home(sender.external_id)

    for callback in CALLBACKS:
        app.view(callback)(ack=close, lazy=[submit])
