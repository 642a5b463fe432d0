"""`/4p1000 SUBCOMMAND ...`: every core command, plus the forms that open as modals."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bots.slack import modals
from bots.slack.desk import Desk, guarded
from bots.slack.inputs import sender_of, slash_input
from core.domain.events import CAN_MANAGE_EVENTS
from core.domain.people import CAN_MODERATE
from core.interactions import desk_forms
from core.interactions.context import Context
from core.interactions.desk_actions import act
from core.interactions.dispatch import handle
from core.interactions.model import Command, Reply, Sender, code, say
from core.interactions.registry import command_word

SLASH = "/4p1000"
# Subcommands that open a form (or need Slack's own answer) instead of a core command.
FORMS = ("apply", "event", "write", "translate", "digest")


def register(app: AsyncApp, desk: Desk) -> None:
    async def ack_at_once(ack: AsyncAck) -> None:
        """Acknowledge within Slack's 3 seconds; the work follows in the lazy listener."""
        await ack()

    @guarded(desk, "slash command")
    async def run_command(body: dict[str, Any], respond: AsyncRespond) -> None:
        """Answer `/4p1000 ...` ephemerally (files go to the conversation it was typed in)."""
        sender = sender_of(str(body.get("user_id", "")), name=str(body.get("user_name", "")))
        command = slash_input(str(body.get("text", "")))
        channel = str(body.get("channel_id") or sender.external_id)
        if command.name in FORMS:
            replies = await _form(desk, sender, command, str(body.get("trigger_id", "")))
        else:
            replies = await handle(desk.hub, sender, command)
            if command.name == "help":
                replies = [*replies, await _slack_help(desk, sender)]
        if replies:
            await desk.answer(replies, user=sender.external_id, respond=respond, channel=channel)

    app.command(SLASH)(ack=ack_at_once, lazy=[run_command])


async def _slack_help(desk: Desk, sender: Sender) -> Reply:
    async def words(ctx: Context) -> Reply:
        t = ctx.t
        reply = say(
            t(
                "In Slack, type {slash} then the command without its slash, for example {example}.",
                slash=SLASH,
                example=" ".join((SLASH, command_word("queue", t.language))),
            )
        )
        reply.add(code(f"{SLASH} apply"), " — ", t("apply to join, with a form"))
        if ctx.actor.can(CAN_MANAGE_EVENTS):
            reply.add(
                code(f"{SLASH} event new | edit N | move N | cancel N"),
                " — ",
                t("manage events with forms"),
            )
        if ctx.actor.can(CAN_MODERATE):
            reply.add(
                code(f"{SLASH} write"),
                " · ",
                code(f"{SLASH} translate N"),
                " · ",
                code(f"{SLASH} digest [fr|en|es]"),
                " — ",
                t("write and translate newsletter items, preview the next digest"),
            )
        return reply

    acted = await act(desk.hub, sender, words, what="help")
    return acted.value if acted.value is not None else Reply()


async def _form(desk: Desk, sender: Sender, command: Command, trigger: str) -> list[Reply]:
    """Open the modal a subcommand asks for, after the core said this person may use it."""
    words = command.args.split()
    action = words[0].lower() if words else ""
    number = int(words[1]) if len(words) > 1 and words[1].isdigit() else None
    name = command.name
    if name == "apply" and command.args:
        return await handle(desk.hub, sender, command)  # the one-line form of the core
    if name == "event" and (action.isdigit() or not action):
        return await handle(desk.hub, sender, command)  # /4p1000 event N: its details
    if name == "digest":
        acted = await act(
            desk.hub,
            sender,
            lambda ctx: desk_forms.digest_preview(ctx, action or None, desk.hub.now()),
            what="digest preview",
        )
        return acted.replies or ([acted.value] if acted.value else [])

    async def opening(ctx: Context) -> dict[str, Any] | Reply:
        t = ctx.t
        if name == "apply":
            return modals.apply_modal(t)
        if name == "write":
            ctx.actor.require(CAN_MODERATE)
            return modals.write_modal(t)
        if name == "translate":
            ctx.actor.require(CAN_MODERATE)
            if words and words[0].isdigit():
                return modals.translate_modal(t, int(words[0]), None)
            return say(
                t("Give the item's number, for example {example}.", example=SLASH + " translate 4")
            )
        ctx.actor.require(CAN_MANAGE_EVENTS)
        if action == "new":
            return modals.event_modal(t)
        if action in ("edit", "move", "cancel") and number is not None:
            values = await desk_forms.event_values(ctx, number)
            build = {
                "edit": modals.event_modal,
                "move": modals.reschedule_modal,
                "cancel": modals.cancel_modal,
            }[action]
            return build(t, values)
        return say(t("Use {usage}.", usage=SLASH + " event new | edit N | move N | cancel N"))

    opened = await act(desk.hub, sender, opening, what=f"{name} form")
    if not opened.ok or opened.value is None:
        return opened.replies
    if isinstance(opened.value, Reply):
        return [opened.value]
    await desk.client.views_open(trigger_id=trigger, view=opened.value)
    return []
