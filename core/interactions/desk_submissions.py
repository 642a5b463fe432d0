"""The Secretariat's forms as core inputs: each submitted form's fields become one desk action."""

from __future__ import annotations

from datetime import datetime

from core.domain.reports import ReportAction
from core.interactions import desk_announce, desk_forms, desk_layouts
from core.interactions.context import Context
from core.interactions.desk_actions import decide_many, decide_with_reason
from core.interactions.desk_openers import SLASH
from core.interactions.dispatch import form
from core.interactions.model import FormSubmitted, Reply
from core.interactions.registry import command_word
from core.services.membership import ApplicationForm


def local_moment(values: dict[str, str]) -> datetime | None:
    """The wall-clock date and time typed in a form, or None when unreadable."""
    try:
        return datetime.fromisoformat(f"{values.get('date', '')}T{values.get('time', '')}")
    except ValueError:
        return None


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


def _number(sent: FormSubmitted) -> int:
    return int(sent.meta.get("id") or 0)


@form(desk_layouts.REASON)
async def reason(ctx: Context, sent: FormSubmitted) -> Reply:
    """Decide on one report (or the ticked ones) with the reason typed."""
    ids = [int(n) for n in sent.meta.get("ids", [])]
    action = ReportAction(sent.meta.get("action", ReportAction.REJECTED))
    typed = sent.values.get("reason", "")
    if sent.meta.get("bulk") or len(ids) != 1:
        return await decide_many(ctx, ids, action, typed, ctx.hub.now())
    return await decide_with_reason(ctx, ids[0], action, typed, ctx.hub.now())


@form(desk_layouts.EVENT)
async def event(ctx: Context, sent: FormSubmitted) -> Reply:
    """Create an event, or edit the one the form was opened for."""
    if number := _number(sent):
        return await desk_forms.edit_event(ctx, number, _event_form(sent.values))
    return await desk_forms.create_event(ctx, _event_form(sent.values), ctx.hub.now())


@form(desk_layouts.MOVE)
async def move(ctx: Context, sent: FormSubmitted) -> Reply:
    """Move an event to the date and time typed."""
    typed = _event_form(sent.values)
    if typed.starts is None:  # the channel refuses an unreadable date before this
        raise ValueError("an event form reached the core without its date")
    return await desk_forms.reschedule_event(
        ctx, _number(sent), typed.starts, typed.timezone, ctx.hub.now()
    )


@form(desk_layouts.CANCEL)
async def cancel(ctx: Context, sent: FormSubmitted) -> Reply:
    """Cancel an event."""
    return await desk_forms.cancel_event(ctx, _number(sent), ctx.hub.now())


@form(desk_layouts.WRITE)
async def write(ctx: Context, sent: FormSubmitted) -> Reply:
    """Write a newsletter item."""
    values = sent.values
    return await desk_forms.write_item(
        ctx,
        rubric=values.get("rubric", ""),
        language=values.get("language", ""),
        title=values.get("title", ""),
        body=values.get("body", ""),
        region=values.get("region") or None,
    )


@form(desk_layouts.TRANSLATE)
async def translate(ctx: Context, sent: FormSubmitted) -> Reply:
    """Translate a newsletter item."""
    values = sent.values
    return await desk_forms.translate_item(
        ctx,
        _number(sent),
        language=values.get("language", ""),
        title=values.get("title", ""),
        body=values.get("body", ""),
    )


@form(desk_layouts.APPLY)
async def apply(ctx: Context, sent: FormSubmitted) -> Reply:
    """Apply to join the Initiative."""
    values = sent.values
    application = ApplicationForm(
        organisation=values.get("organisation", ""),
        category=values.get("category", ""),
        country=values.get("country") or None,
        contact_role=values.get("contact_role") or None,
        objectives=tuple(values.get("objectives", "").replace(",", " ").split()),
        motivation=values.get("motivation", ""),
    )
    return await desk_forms.apply(ctx, application)


@form(desk_announce.FORM)
async def announce(ctx: Context, sent: FormSubmitted) -> Reply:
    """Queue the Secretariat's announcement, one text per language; nothing without a text."""
    texts = desk_announce.typed_texts(sent.values)
    if not texts:
        again = f"{SLASH} {command_word('announce', ctx.t.language)}"
        return desk_announce.nothing_typed(ctx, again)
    return await desk_announce.announce_from_form(ctx, sent.values, texts)
