"""Where forms can open (Slack), what a command or a button opens: the grammar and the roles.

Each opener answers a Command or ButtonPress marked `forms`; None means the command or the
button is answered as on every other channel. The form's fields come back as FormSubmitted
(see desk_submissions).
"""

from __future__ import annotations

from core.domain.events import CAN_MANAGE_EVENTS
from core.domain.people import CAN_MODERATE
from core.domain.reports import ReportAction
from core.interactions import desk_announce, desk_forms, desk_layouts
from core.interactions.context import Context
from core.interactions.desk_actions import decide_many, may_give_reason, reason_asked
from core.interactions.dispatch import opens_form, parse_button
from core.interactions.model import Reply, code, say
from core.interactions.registry import command_word, find_command

SLASH = "/4p1000"  # the hub's one Slack command: its subcommands are the core's commands


@opens_form("command:help")
async def help_with_forms(ctx: Context, args: str) -> list[Reply] | None:
    """The usual help, then how commands and forms are typed where forms open."""
    spec = find_command("help")
    if spec is None:
        return None
    usual = await spec.handler(ctx, args)
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
        reply.add(
            code(f"{SLASH} {command_word('announce', t.language)}"),
            " — ",
            t("send an announcement, one text per language"),
        )
    return [*(usual if isinstance(usual, list) else [usual]), reply]


@opens_form("command:apply")
async def apply(ctx: Context, args: str) -> Reply | None:
    """The application form (with words, the one-line form of the core's /apply)."""
    return None if args.strip() else Reply(form=desk_layouts.apply_form(ctx.t))


@opens_form("command:write")
async def write(ctx: Context, args: str) -> Reply:
    """The newsletter item form."""
    ctx.actor.require(CAN_MODERATE)
    return Reply(form=desk_layouts.write_form(ctx.t))


@opens_form("command:translate")
async def translate(ctx: Context, args: str) -> Reply:
    """The translation form of item N."""
    ctx.actor.require(CAN_MODERATE)
    words = args.split()
    if words and words[0].isdigit():
        return Reply(form=desk_layouts.translate_form(ctx.t, int(words[0])))
    example = f"{SLASH} translate 4"
    return say(ctx.t("Give the item's number, for example {example}.", example=example))


@opens_form("command:digest")
async def digest(ctx: Context, args: str) -> Reply:
    """The next digest, previewed (in a language given, or the reader's)."""
    words = args.split()
    language = words[0].lower() if words else None
    return await desk_forms.digest_preview(ctx, language, ctx.hub.now())


@opens_form("command:announce")
async def announce(ctx: Context, args: str) -> Reply:
    """The announcement form: to whom, where, and a text in each language."""
    ctx.actor.require(CAN_MODERATE)
    return Reply(form=await desk_announce.announce_form(ctx))


@opens_form("command:event")
async def event(ctx: Context, args: str) -> Reply | None:
    """The event forms: new, edit N, move N, cancel N (`event N` shows the event)."""
    words = args.split()
    action = words[0].lower() if words else ""
    if action.isdigit() or not action:
        return None
    number = int(words[1]) if len(words) > 1 and words[1].isdigit() else None
    ctx.actor.require(CAN_MANAGE_EVENTS)
    if action == "new":
        return Reply(form=desk_layouts.event_form(ctx.t))
    forms = {
        "edit": desk_layouts.event_form,
        "move": desk_layouts.reschedule_form,
        "cancel": desk_layouts.cancel_form,
    }
    if action in forms and number is not None:
        values = await desk_forms.event_values(ctx, number)
        return Reply(form=forms[action](ctx.t, values))
    usage = f"{SLASH} event new | edit N | move N | cancel N"
    return say(ctx.t("Use {usage}.", usage=usage))


@opens_form("button:rmod")
async def reason(ctx: Context, data: str) -> Reply | None:
    """Rejecting or sending back a report asks its reason in a form, if it can be decided."""
    wanted = reason_asked(data)
    if wanted is None:
        return None
    report_id, decision = wanted
    await may_give_reason(ctx, report_id, decision)
    meta = {"ids": [report_id], "action": decision.value, "value": data}
    return Reply(form=desk_layouts.reason_form(ctx.t, [report_id], decision, meta))


@opens_form("button:deskbulk")
async def bulk(ctx: Context, data: str) -> Reply:
    """The desk's bulk decision on ticked reports: approvals at once, a reason asked first."""
    _, args = parse_button(data)
    action = ReportAction(args[0]) if args else ReportAction.APPROVED
    ids = [int(arg) for arg in args[1:] if arg.isdigit()]
    if action is ReportAction.APPROVED or not ids:
        return await decide_many(ctx, ids, action, "", ctx.hub.now())
    ctx.actor.require(CAN_MODERATE)
    meta = {"ids": ids, "action": action.value, "bulk": True}
    return Reply(form=desk_layouts.reason_form(ctx.t, ids, action, meta))
