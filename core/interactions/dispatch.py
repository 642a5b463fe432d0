"""The single way in: a sender and an input become replies in the actor's language."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from core.domain.actor import Actor
from core.domain.errors import DomainError
from core.domain.vocabulary import Choices, Named
from core.i18n import Translator, normalize_language
from core.interactions.context import Context, HubServices
from core.interactions.labels import choices_text, label, labels, named_text
from core.interactions.model import (
    ButtonPress,
    Command,
    FormSubmitted,
    Input,
    Reply,
    Sender,
    SharedFile,
    SharedLocation,
    Text,
    Unsupported,
    say,
)
from core.interactions.registry import BUTTONS, find_command
from core.persistence.uow import UnitOfWork
from core.services.inbound import first_time
from core.services.senders import SenderRace, identify_arrival, identify_in

log = logging.getLogger(__name__)
T = TypeVar("T")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_COMMAND = re.compile(r"^/([^\W\d_]\w{0,31})(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)  # /aide

# Handlers for inputs that are not commands or buttons: an active dialog first, then
# features that recognise the input (a search, a report); the first non-None reply wins.
InputHandler = Callable[[Context, Input], Awaitable[Reply | list[Reply] | None]]
INPUT_HANDLERS: list[tuple[int, InputHandler]] = []
# Handlers for submitted forms, by form name (what a channel's modal sends back).
FormHandler = Callable[[Context, FormSubmitted], Awaitable[Reply | list[Reply]]]
FORMS: dict[str, FormHandler] = {}


def form(name: str) -> Callable[[FormHandler], FormHandler]:
    """Register the handler of the form `name`."""

    def register(handler: FormHandler) -> FormHandler:
        FORMS[name] = handler
        return handler

    return register


def input_handler(priority: int) -> Callable[[InputHandler], InputHandler]:
    def register(handler: InputHandler) -> InputHandler:
        INPUT_HANDLERS.append((priority, handler))
        INPUT_HANDLERS.sort(key=lambda pair: pair[0])
        return handler

    return register


def button_data(verb: str, *args: object) -> str:
    """The opaque data a button carries back to the core (channels pass it through untouched)."""
    return ":".join([verb, *(str(arg) for arg in args)])


def parse_button(data: str) -> tuple[str, list[str]]:
    """(verb, args) of a button's data: only the core reads it."""
    verb, *args = data.split(":")
    return verb, args


def clean_text(text: str) -> str:
    """Drop control and bidi-override characters (keeping newlines and tabs)."""
    return _CONTROL.sub("", text).strip()


def parse_text(text: str) -> Command | Text:
    """`/cmd@bot args` -> Command('cmd', 'args'); anything else stays text."""
    cleaned = clean_text(text)
    match = _COMMAND.match(cleaned)
    if match:
        return Command(match.group(1).lower(), (match.group(2) or "").strip())
    return Text(cleaned)


async def handle(hub: HubServices, sender: Sender, message: Input) -> list[Reply]:
    """Answer one input from one sender; never raises."""
    identified = await identify_sender(hub, sender)
    if identified.actor is None:
        return identified.replies
    return await handle_as(hub, identified.actor, message)


@dataclass
class Identified:
    actor: Actor | None = None
    replies: list[Reply] = field(default_factory=list)  # an apology when actor is None
    duplicate: bool = False


async def identify_sender(
    hub: HubServices, sender: Sender, *, inbound_id: str | None = None
) -> Identified:
    """The actor behind `sender` (created on first contact), or an apology.

    With `inbound_id`, the message is also recorded as received, in the same transaction;
    a message received before comes back as a duplicate.
    """
    try:
        actor = await identify_arrival(
            hub.uow,
            sender.channel,
            sender.external_id,
            hub.defaults,
            display_name=sender.display_name,
            language_hint=sender.language_hint,
            chat_id=sender.chat_id,
            inbound_id=inbound_id,
        )
    except Exception:
        log.exception("could not identify a %s sender", sender.channel)
    else:
        return Identified(actor) if actor is not None else Identified(duplicate=True)
    return Identified(
        replies=[apology(Translator(sender_language(sender, hub), hub.defaults.timezone))]
    )


def sender_language(sender: Sender, hub: HubServices) -> str:
    return normalize_language(sender.language_hint) or hub.defaults.language


Deliver = Callable[[UnitOfWork, list[Reply]], Awaitable[None]]


class AlreadyHandled(Exception):
    """This inbound message was handled before (a platform's retry): nothing was done."""


async def handle_as(
    hub: HubServices,
    actor: Actor,
    message: Input,
    *,
    deliver: Deliver | None = None,
    once: tuple[str, str] | None = None,
) -> list[Reply]:
    """Answer `message` from a known actor inside one unit of work.

    `deliver` (queueing the replies, say) runs in the same transaction as the handling, so
    the answer is stored exactly when what it reports is; after a refusal or a failure it
    runs in a transaction of its own with the explanation. `once` (channel, inbound id) is
    recorded as received in that same transaction: seen before, AlreadyHandled is raised.
    """
    if isinstance(message, Text):
        message = parse_text(message.text)
    parsed = message

    async def work(ctx: Context) -> list[Reply]:
        if once is not None and not await first_time(*once, ctx.uow):
            raise AlreadyHandled(once[1])
        result = await route(ctx, parsed)
        replies = result if isinstance(result, list) else [result]
        if deliver is not None:
            await deliver(ctx.uow, replies)
        return replies

    done = await perform(hub, actor, work, what=type(message).__name__)
    if done.value is not None:
        return done.value
    replies = done.replies
    if deliver is not None or once is not None:
        async with hub.uow() as uow:
            if once is not None and not await first_time(*once, uow):
                raise AlreadyHandled(once[1])
            if deliver is not None:
                await deliver(uow, replies)
            await uow.commit()
    return replies


ArrivalDeliver = Callable[[UnitOfWork, Actor | None, list[Reply]], Awaitable[None]]


async def handle_arrival(
    hub: HubServices,
    sender: Sender,
    message: Input,
    *,
    deliver: ArrivalDeliver | None = None,
    once: tuple[str, str] | None = None,
) -> list[Reply]:
    """`identify_sender` then `handle_as`, in one unit of work: one transaction per message.

    The message is recorded as received (`once`), its sender identified (created on first
    contact), the input handled and its answers queued (`deliver`), all committed together.
    A refusal or a failure rolls it all back; then a transaction of its own identifies the
    sender, records the message and queues the explanation, as `handle_as` does. Seen
    before: AlreadyHandled.
    """
    if isinstance(message, Text):
        message = parse_text(message.text)
    for attempt in (1, 2):
        async with hub.uow() as uow:
            if once is not None and not await first_time(*once, uow):
                raise AlreadyHandled(once[1])
            try:
                actor = await _identify_in(hub, sender, uow)
            except SenderRace:
                if attempt == 1:
                    continue  # the other process's person is committed: read it
                raise
            except Exception:
                log.exception("could not identify a %s sender", sender.channel)
                actor = None
            if actor is None:
                await uow.rollback()
                replies = [apology(Translator(sender_language(sender, hub), hub.defaults.timezone))]
                break
            ctx = Context(actor, Translator(actor.language, actor.timezone), uow, hub)

            async def work(ctx: Context, who: Actor = actor) -> list[Reply]:
                result = await route(ctx, message)
                replies = result if isinstance(result, list) else [result]
                if deliver is not None:
                    await deliver(ctx.uow, who, replies)
                return replies

            done = await _perform_in(ctx, work, what=type(message).__name__)
            if done.value is not None:
                return done.value
            replies = done.replies
            break
    if deliver is not None or once is not None:
        async with hub.uow() as uow:
            if once is not None and not await first_time(*once, uow):
                raise AlreadyHandled(once[1])
            try:
                actor = await _identify_in(hub, sender, uow)
            except Exception:  # the explanation goes out all the same
                log.exception("could not identify a %s sender", sender.channel)
                await uow.rollback()
                if once is not None:
                    await first_time(*once, uow)
                actor = None
            if deliver is not None:
                await deliver(uow, actor, replies)
            await uow.commit()
    return replies


async def _identify_in(hub: HubServices, sender: Sender, uow: UnitOfWork) -> Actor:
    """The actor behind `sender` in `uow` (created on first contact; SenderRace if another
    process is creating them at the same instant)."""
    return await identify_in(
        uow,
        sender.channel,
        sender.external_id,
        hub.defaults,
        display_name=sender.display_name,
        language_hint=sender.language_hint,
        chat_id=sender.chat_id,
    )


@dataclass
class Performed(Generic[T]):
    """What a piece of work returned, or (value None) the replies that say why not."""

    value: T | None
    replies: list[Reply]
    t: Translator


async def perform(
    hub: HubServices, actor: Actor, work: Callable[[Context], Awaitable[T]], *, what: str
) -> Performed[T]:
    """Run `work` as `actor` in one unit of work, with the one policy of every way in.

    Committed when it returns; a domain refusal becomes its reply in the actor's language;
    anything unexpected is logged with context and apologised for; nothing half-written is
    kept either way.
    """
    t = Translator(actor.language, actor.timezone)
    async with hub.uow() as uow:
        return await _perform_in(Context(actor, t, uow, hub), work, what=what)


async def _perform_in(
    ctx: Context, work: Callable[[Context], Awaitable[T]], *, what: str
) -> Performed[T]:
    """`perform`'s policy in the unit of work `ctx` already holds (commit, or roll back)."""
    try:
        value = await work(ctx)
        await ctx.uow.commit()
        return Performed(value, [], ctx.t)
    except AlreadyHandled:
        raise
    except DomainError as error:
        await ctx.uow.rollback()
        return Performed(None, [error_reply(ctx.t, error)], ctx.t)
    except Exception:
        log.exception("failed to handle %s from person %s", what, ctx.actor.person_id)
        await ctx.uow.rollback()
        return Performed(None, [apology(ctx.t)], ctx.t)


# Where forms can open, a command or a button may answer with one (see desk_openers):
# keyed "command:NAME" or "button:VERB"; None from an opener means "answer as usual".
Opener = Callable[[Context, str], Awaitable[Reply | list[Reply] | None]]
OPENERS: dict[str, Opener] = {}


def opens_form(key: str) -> Callable[[Opener], Opener]:
    """Register what a command or button opens where forms can open."""

    def register(opener: Opener) -> Opener:
        OPENERS[key] = opener
        return opener

    return register


async def _opened(ctx: Context, message: Command | ButtonPress) -> Reply | list[Reply] | None:
    if isinstance(message, Command):
        opener = OPENERS.get(f"command:{message.name}")
        return await opener(ctx, message.args) if opener else None
    opener = OPENERS.get(f"button:{parse_button(message.data)[0]}")
    return await opener(ctx, message.data) if opener else None


async def route(ctx: Context, message: Input) -> Reply | list[Reply]:
    if isinstance(message, (Command, ButtonPress)) and message.forms:
        opened = await _opened(ctx, message)
        if opened is not None:
            return opened
    if isinstance(message, Command):
        spec = find_command(message.name)
        if spec is None:
            return say(
                ctx.t(
                    "Unknown command /{name}. Type /help to see what I can do.",
                    name=message.name[:32],
                )
            )
        if spec.roles is not None:
            ctx.actor.require(spec.roles)
        return await spec.handler(ctx, message.args)
    if isinstance(message, ButtonPress):
        verb, args = parse_button(message.data)
        handler = BUTTONS.get(verb)
        if handler is None:
            return say(ctx.t("This button is no longer valid."))
        return await handler(ctx, args)
    if isinstance(message, FormSubmitted):
        submitted = FORMS.get(message.form)
        if submitted is None:
            return say(ctx.t("This form is no longer valid."))
        return await submitted(ctx, message)
    for _priority, recognise in INPUT_HANDLERS:
        reply = await recognise(ctx, message)
        if reply is not None:
            return reply
    return fallback(ctx, message)


def fallback(ctx: Context, message: Input) -> Reply:
    t = ctx.t
    if isinstance(message, SharedLocation):
        return say(
            t(
                "Thanks, I received your location, but I do not know what to do with it "
                "here. Type /help."
            )
        )
    if isinstance(message, SharedFile):
        return say(t("I cannot use this kind of file here. Type /help to see what I can do."))
    if isinstance(message, Unsupported):
        return say(t("I cannot use this kind of message here. Type /help to see what I can do."))
    if isinstance(message, Text) and not message.text:
        return say(t("Your message is empty. Type /help to see what I can do."))
    return say(t("I did not understand. Type /help to see what I can do."))


def error_reply(t: Translator, error: DomainError) -> Reply:
    params = {key: _param(t, value) for key, value in error.params.items()}
    return say(t(error.message, **params))


def _param(t: Translator, value: object) -> object:
    if isinstance(value, Choices):
        return choices_text(t, value)
    if isinstance(value, Named):
        return named_text(t, value)
    if isinstance(value, StrEnum):
        return label(t, value)
    if isinstance(value, (set, frozenset, list, tuple)):
        return labels(t, value)
    return value


def apology(t: Translator) -> Reply:
    return say(t("Sorry, something went wrong on our side. Please try again in a moment."))
