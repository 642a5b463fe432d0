"""What the Secretariat's forms do: events, newsletter items, digest previews, applications.

A channel with forms (Slack modals) parses its fields into plain values and calls these inside
`desk_actions.act`; the services check roles and values, these functions word the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.domain.events import CAN_MANAGE_EVENTS
from core.domain.people import CAN_MODERATE
from core.interactions.context import Context
from core.interactions.event_cards import title_of
from core.interactions.features.newsletter_render import digest
from core.interactions.model import Reply, bold, say
from core.services import digests, event_changes, events, membership, newsletter
from core.services.membership import ApplicationForm


@dataclass(frozen=True)
class EventForm:
    """An event as typed in a form; `starts`/`ends` are wall-clock times in `timezone`."""

    kind: str
    title: str
    language: str
    starts: datetime | None = None
    timezone: str = "UTC"
    ends: datetime | None = None
    place: str = ""
    online_url: str = ""
    description: str = ""


def _event_params(event: Any) -> dict[str, Any]:
    return {"title": event.title, "event_id": event.id}


def _confirm(ctx: Context, head: str, event: Any) -> Reply:
    title = title_of(ctx.t, _event_params(event))
    return say(head, " ", bold(title), f" — {ctx.t.when(event.starts_at)}")


async def create_event(ctx: Context, form: EventForm, now: datetime) -> Reply:
    """Create a scheduled event from the form."""
    assert form.starts is not None
    data = events.EventInput(
        kind=form.kind,
        title={form.language: form.title},
        starts_at=form.starts,
        timezone=form.timezone,
        ends_at=form.ends,
        description={form.language: form.description} if form.description else {},
        place=form.place or None,
        online_url=form.online_url or None,
    )
    event = await events.create_event(ctx.actor, data, now, ctx.uow)
    return _confirm(ctx, ctx.t("Event #{id} is scheduled:", id=event.id), event)


async def event_values(ctx: Context, event_id: int) -> dict[str, Any]:
    """The editable values of an event, to fill a form (wall-clock time in its zone)."""
    ctx.actor.require(CAN_MANAGE_EVENTS)
    event = await events.read_event(event_id, ctx.uow, ctx.actor)
    title, language = ctx.t.pick(event.title)
    local = event.starts_at.astimezone(ZoneInfo(event.timezone))
    return {
        "id": event.id,
        "kind": event.kind,
        "title": title,
        "language": language or ctx.t.language,
        "description": ctx.t.pick(event.description)[0] if event.description else "",
        "place": event.place or "",
        "online_url": event.online_url or "",
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "timezone": event.timezone,
    }


async def edit_event(ctx: Context, event_id: int, form: EventForm) -> Reply:
    """Change an event's kind, texts, place and link (in the form's language)."""
    changes: dict[str, Any] = {
        "kind": form.kind,
        "title": {form.language: form.title},
        "description": {form.language: form.description},
        "place": form.place,
        "online_url": form.online_url,
        "is_online": bool(form.online_url),
    }
    event = await event_changes.edit_event(ctx.actor, event_id, changes, ctx.uow)
    return _confirm(ctx, ctx.t("Event #{id} is updated:", id=event.id), event)


async def reschedule_event(
    ctx: Context, event_id: int, starts: datetime, timezone: str, now: datetime
) -> Reply:
    """Move an event; those who answered are told by the core."""
    event = await event_changes.reschedule_event(
        ctx.actor, event_id, starts, now, ctx.uow, timezone=timezone
    )
    return _confirm(ctx, ctx.t("Event #{id} is moved:", id=event.id), event)


async def cancel_event(ctx: Context, event_id: int, now: datetime) -> Reply:
    """Cancel an event; those who said they would come are told."""
    told = await event_changes.cancel_event(ctx.actor, event_id, now, ctx.uow)
    return say(
        ctx.t.plural(
            "Event #{id} is cancelled; {count} person who planned to come will be told.",
            "Event #{id} is cancelled; {count} people who planned to come will be told.",
            told,
            id=event_id,
        )
    )


async def write_item(
    ctx: Context, *, rubric: str, language: str, title: str, body: str, region: str | None
) -> Reply:
    """Write a newsletter draft in one language."""
    item = await newsletter.write_item(
        ctx.actor,
        rubric=rubric,
        language=language,
        title=title,
        body=body,
        uow=ctx.uow,
        region=region or None,
    )
    return say(
        ctx.t(
            "Draft #{id} is saved in {language}. Publish it with /drafts once it is translated.",
            id=item.id,
            language=ctx.t.language_name(language),
        )
    )


async def translate_item(
    ctx: Context, item_id: int, *, language: str, title: str, body: str
) -> Reply:
    """Add one language to a newsletter item."""
    await newsletter.translate_item(
        ctx.actor, item_id, language=language, title=title, body=body, uow=ctx.uow
    )
    return say(
        ctx.t(
            "Item #{id} now has its {language} version.",
            id=item_id,
            language=ctx.t.language_name(language),
        )
    )


async def digest_preview(ctx: Context, language: str | None, now: datetime) -> Reply:
    """The next digest as a new weekly subscriber would read it, unsent."""
    ctx.actor.require(CAN_MODERATE)
    found = await digests.preview_digest(
        now, ctx.uow, language=language or ctx.t.language, default_zone=ctx.t.zone.key
    )
    if found.params is None:
        return say(ctx.t("Nothing new to send: the next digest would be empty."))
    preview = digest(ctx.t, found.params)
    preview.paragraphs.insert(
        0, (bold(ctx.t("Preview, not sent: the next digest ({period}).", period=found.period)),)
    )
    return preview


async def apply(ctx: Context, form: ApplicationForm) -> Reply:
    """File a membership application from a form."""
    application = await membership.submit_application(
        form, ctx.uow, submitted_by=ctx.actor.person_id
    )
    return say(
        ctx.t(
            "Application #{number} for {organisation} is filed, thank you. The Secretariat "
            "checks it first, then the Bureau votes.",
            number=application.id,
            organisation=application.organisation,
        )
    )
