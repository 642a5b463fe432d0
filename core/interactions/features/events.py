"""/events, /event N, answering (going / maybe / not going) and calendar files."""

from __future__ import annotations

from dataclasses import replace

from core.domain import vocabulary
from core.domain.errors import N_, InvalidInput
from core.domain.events import CAN_MANAGE_EVENTS
from core.domain.kinds import EventStatus, RsvpAnswer
from core.domain.vocabulary import ATTENDANCE, EVENT_KIND
from core.interactions.context import Context
from core.interactions.event_cards import ANSWER_LABELS, answer_label, card
from core.interactions.model import Button, OutFile, Reply, Span, bold, italic, say
from core.interactions.registry import button, command
from core.services import calendar, rsvp
from core.services.event_notices import event_params
from core.services.event_views import EventView
from core.services.events import EventFilter, list_events, read_event
from core.services.regions import region_index

PAGE = 5
ICS_MIME = "text/calendar"


async def parse_filter(ctx: Context, args: str) -> EventFilter:
    """`bureau europe en ligne`, `mesa África occidental` -> a filter; unknown words: an error."""
    kind = region = None
    online: bool | None = None
    regions = await region_index(ctx.uow)

    def known(phrase: str) -> bool:
        found = (vocabulary.parse(concept, phrase) for concept in (EVENT_KIND, ATTENDANCE))
        return any(found) or regions.match(phrase) is not None

    for phrase in vocabulary.segments(args, known):
        if found := vocabulary.parse(EVENT_KIND, phrase):
            kind = found
        elif found := vocabulary.parse(ATTENDANCE, phrase):
            online = found == "online"
        elif found := regions.find(phrase):
            region = found
        else:
            raise InvalidInput(
                N_(
                    "Unknown filter {word}. Use a kind ({kinds}), a region, {online} or {inperson}."
                ),
                word=phrase[:40],
                kinds=vocabulary.Choices(EVENT_KIND),
                online=vocabulary.Choices(ATTENDANCE, ("online",)),
                inperson=vocabulary.Choices(ATTENDANCE, ("inperson",)),
            )
    return EventFilter(kind, region, online)


def _filter_data(filters: EventFilter) -> str:
    mode = "" if filters.online is None else ("on" if filters.online else "in")
    return f"{filters.kind or ''}:{filters.region_code or ''}:{mode}"


@command(
    "events",
    N_("Upcoming events (filters: kind, region, online)"),
    usage=N_("[bureau|europe|online…]"),
    order=20,
)
async def events(ctx: Context, args: str) -> list[Reply]:
    """List upcoming events, each with its answer buttons."""
    return await _page(ctx, await parse_filter(ctx, args), 0)


@button("evl")
async def more_events(ctx: Context, args: list[str]) -> list[Reply]:
    """Show the next page of events."""
    offset, kind, region, mode = [*args, "", "", "", ""][:4]
    online = {"on": True, "in": False}.get(mode)
    filters = EventFilter(kind or None, region or None, online)
    return await _page(ctx, filters, int(offset) if offset.isdigit() else 0)


async def _page(ctx: Context, filters: EventFilter, offset: int) -> list[Reply]:
    t = ctx.t
    organiser = ctx.actor.can(CAN_MANAGE_EVENTS)
    found, total = await list_events(
        ctx.uow,
        ctx.hub.now(),
        filters,
        include_drafts=organiser,
        limit=PAGE,
        offset=offset,
        viewer=ctx.actor.roles,
    )
    if not found:
        return [say(t("No upcoming event matches."), " ", t("Type /events to see them all."))]
    header = say(bold(t("Upcoming events")), f" ({offset + 1}–{offset + len(found)} / {total})")
    header.add(t("Times are shown in your time zone, {zone}.", zone=t.zone_name()))
    counts = await rsvp.answer_counts([e.id for e in found], ctx.uow) if organiser else {}
    page = header  # one message for the page: its buttons name the event they are for
    for event in found:
        one = await _event_reply(ctx, event, counts.get(event.id))
        page.paragraphs.extend(one.paragraphs)
        mark = f"#{event.id} " if len(found) > 1 else ""
        page.buttons.extend([replace(b, label=mark + b.label) for b in row] for row in one.buttons)
    if offset + len(found) < total:
        page.button_row(Button(t("More events"), f"evl:{offset + PAGE}:{_filter_data(filters)}"))
    return [page]


async def _event_reply(
    ctx: Context, event: EventView, counts: dict[RsvpAnswer, int] | None = None
) -> Reply:
    t = ctx.t
    reply = Reply()
    for paragraph in card(t, event_params(event), kind=event.kind):
        reply.paragraphs.append(paragraph)
    if event.status == EventStatus.DRAFT:
        reply.add(italic(t("Draft: not published yet.")))
    mine = await rsvp.my_answer(ctx.actor.person_id, event.id, ctx.uow)
    if mine is not None:
        reply.add(t("Your answer: {answer}", answer=answer_label(t, mine)))
    if counts is not None:
        reply.add(_counts_line(ctx, counts))
    reply.button_row(
        *(Button(_answer_button(ctx, a), f"evr:{event.id}:{a.value}") for a in RsvpAnswer)
    )
    row = [Button("📅 " + t("Calendar file"), f"evics:{event.id}")]
    if counts is not None:
        row.append(Button("👥 " + t("Who answered"), f"evwho:{event.id}"))
    return reply.button_row(*row)


def _answer_button(ctx: Context, answer: RsvpAnswer) -> str:
    marks = {RsvpAnswer.GOING: "✅", RsvpAnswer.MAYBE: "❔", RsvpAnswer.NOT_GOING: "❌"}
    return f"{marks[answer]} {ctx.t(ANSWER_LABELS[answer]).capitalize()}"


def _counts_line(ctx: Context, counts: dict[RsvpAnswer, int]) -> str:
    t = ctx.t
    parts = [f"{counts.get(a, 0)} {answer_label(t, a)}" for a in RsvpAnswer]
    return t("Answers: {counts}", counts=" · ".join(parts))


def _event_id(text: str) -> int:
    cleaned = text.strip().lstrip("#")
    if not cleaned.isdigit() or len(cleaned) > 9:
        raise InvalidInput(N_("Give the number of an event, as shown by /events."))
    return int(cleaned)


@command("event", N_("One event in detail"), usage="N", order=21)
async def event_detail(ctx: Context, args: str) -> Reply:
    """Show one event with its description, answer buttons and (organisers) answers."""
    event = await read_event(_event_id(args), ctx.uow, ctx.actor)
    organiser = ctx.actor.can(CAN_MANAGE_EVENTS)
    counts = (await rsvp.answer_counts([event.id], ctx.uow))[event.id] if organiser else None
    reply = await _event_reply(ctx, event, counts)
    description, _ = ctx.t.pick(event.description)
    if description:
        reply.paragraphs.insert(1, (Span(description),))
    if event.status == EventStatus.CANCELLED:
        reply.paragraphs.insert(1, (bold(ctx.t("This event was cancelled.")),))
    if organiser:
        reply.paragraphs.extend((await _who(ctx, event.id)).paragraphs[1:])
    return reply


@command(
    "rsvp",
    N_("Answer an event: going, maybe or not going"),
    usage=N_("N going|maybe|not going"),
    order=22,
)
async def rsvp_command(ctx: Context, args: str) -> Reply:
    """Record an answer typed as `/rsvp 12 going`."""
    number, _, answer = args.strip().partition(" ")
    return await _answer(ctx, _event_id(number), rsvp.parse_answer(answer or "going"))


@button("evr")
async def rsvp_button(ctx: Context, args: list[str]) -> Reply:
    """Record an answer given with a button."""
    if len(args) != 2:
        return say(ctx.t("This button is no longer valid."))
    return await _answer(ctx, _event_id(args[0]), rsvp.parse_answer(args[1]))


async def _answer(ctx: Context, event_id: int, answer: RsvpAnswer) -> Reply:
    t = ctx.t
    await rsvp.answer_event(ctx.actor.person_id, event_id, answer, ctx.hub.now(), ctx.uow)
    event = await read_event(event_id, ctx.uow, ctx.actor)
    title, _ = t.pick(event.title)
    reply = say(t("Noted: {answer} for {title}.", answer=answer_label(t, answer), title=title))
    if answer is RsvpAnswer.NOT_GOING:
        reply.add(t("You will get no reminders for this event."))
    else:
        reply.add(t("I will remind you before it starts, in your time zone."))
        reply.button_row(Button("📅 " + t("Calendar file"), f"evics:{event_id}"))
    return reply


@command("ics", N_("Calendar file of an event, or of all your events"), usage="[N]", order=23)
async def ics(ctx: Context, args: str) -> Reply:
    """Send the .ics of one event, or the personal calendar without a number."""
    if args.strip():
        return await _event_file(ctx, _event_id(args))
    t = ctx.t
    mine = await calendar.my_events(ctx.actor.person_id, ctx.hub.now(), ctx.uow)
    content = calendar.calendar_ics(mine, t.language, ctx.hub.now())
    reply = say(
        t.plural("Your calendar: {count} event.", "Your calendar: {count} events.", len(mine))
    )
    if not mine:
        reply.add(t("Answer an event or /follow a kind of event to fill it."))
    reply.files.append(OutFile("4p1000-my-events.ics", content, ICS_MIME))
    return reply


@button("evics")
async def ics_button(ctx: Context, args: list[str]) -> Reply:
    """Send the .ics of the event whose button was pressed."""
    return await _event_file(ctx, _event_id(args[0] if args else ""))


async def _event_file(ctx: Context, event_id: int) -> Reply:
    event = await read_event(event_id, ctx.uow, ctx.actor)
    content = calendar.event_ics(event, ctx.t.language, ctx.hub.now())
    title, _ = ctx.t.pick(event.title)
    reply = say(ctx.t("Calendar file for {title}, with a reminder built in.", title=title))
    reply.files.append(OutFile(f"4p1000-event-{event.id}.ics", content, ICS_MIME))
    return reply


@button("evwho")
async def who_answered(ctx: Context, args: list[str]) -> Reply:
    """Show organisers who answered what."""
    return await _who(ctx, _event_id(args[0] if args else ""))


async def _who(ctx: Context, event_id: int) -> Reply:
    t = ctx.t
    seen = await rsvp.attendance(ctx.actor, event_id, ctx.uow)
    if not seen.counts:
        return say(t("Nobody has answered yet."))
    reply = say(bold(_counts_line(ctx, seen.counts)))
    for answer in RsvpAnswer:
        if seen.names.get(answer):
            label = answer_label(t, answer).capitalize() + ": "
            reply.add(bold(label), ", ".join(seen.names[answer]))
    return reply
