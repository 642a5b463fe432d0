"""/ask: a question for the experts, after the closest earlier answers and practices."""

from __future__ import annotations

from core.domain import vocabulary
from core.domain.errors import N_, InvalidInput
from core.domain.questions import check_question
from core.interactions.context import Context
from core.interactions.dispatch import error_reply, input_handler
from core.interactions.features.search_views import practice_line
from core.interactions.model import Button, Input, Reply, Text, bold, say
from core.interactions.questions_view import ASK, qa_entries, qa_entry
from core.interactions.registry import button, command
from core.services import live_catalog, question_search, questions, report_drafts

FLOW = "ask"  # the question being asked, kept in the database until it is sent
PRACTICES_SHOWN = 3


@command(
    "ask",
    N_("Ask the Initiative's experts a question"),
    usage="…",
    order=12,
)
async def ask(ctx: Context, args: str) -> Reply:
    """Look for earlier answers to the question, then offer to send it to the experts."""
    if not args.strip():
        await _keep(ctx, "", "text")
        reply = say(bold(ctx.t("What is your question? Type it in your own words.")))
        reply.add(
            ctx.t(
                "Scientists of the Initiative answer in French, English or Spanish; "
                "I first show you what was already answered."
            )
        )
        return reply.button_row(Button(ctx.t("Cancel"), f"{ASK}:drop"))
    return await consider(ctx, args)


async def consider(ctx: Context, text: str) -> Reply:
    """Check the question (kept even when refused), show close answers, or queue it."""
    try:
        question = check_question(text)
    except InvalidInput as error:
        await _keep(ctx, text, "text")  # nothing typed is lost: a shorter one replaces it
        return error_reply(ctx.t, error)
    t = ctx.t
    answers = await question_search.find_answers(question, ctx.uow)
    current = await live_catalog.catalog(ctx.uow)
    hits = current.find_practices(question, limit=PRACTICES_SHOWN).hits
    found = [current.practices[h.ref] for h in hits if h.ref in current.practices]
    if not answers and not found:
        return await _send(ctx, question)
    await _keep(ctx, question, "confirm")
    reply = qa_entries(t, answers) if answers else say(bold(t("Practices that may answer it:")))
    if answers and found:
        reply.add(bold(t("Practices that may answer it:")))
    for entry in found:
        reply.add("• ", *practice_line(t, entry))
    reply.button_row(*(Button(str(n), f"pc:{e.id}") for n, e in enumerate(found, start=1)))
    reply.add(t("Does this answer your question? If not, send it to the experts."))
    return reply.button_row(
        Button(t("Send my question to the experts"), f"{ASK}:send"),
        Button(t("That answers it"), f"{ASK}:drop"),
    )


async def _keep(ctx: Context, text: str, step: str) -> None:
    await report_drafts.start_draft(
        ctx.actor.person_id, ctx.uow, now=ctx.hub.now(), step=step, data={"text": text}, flow=FLOW
    )


async def _send(ctx: Context, text: str) -> Reply:
    filed = await questions.ask_question(ctx.actor, text, ctx.uow, now=ctx.hub.now())
    await report_drafts.discard_draft(ctx.actor.person_id, ctx.uow, flow=FLOW)
    await ctx.uow.commit()  # acknowledged only once stored
    t = ctx.t
    reply = say(bold(t("Your question is sent to the experts as #{id}.", id=filed.id)))
    return reply.add(
        t("I will bring you the answer here. Type /myquestions to follow your questions.")
    )


@button(ASK)
async def ask_button(ctx: Context, args: list[str]) -> Reply:
    """Send the kept question, drop it, or read an earlier answer in full."""
    action, arg = [*args, "", ""][:2]
    return await _act(ctx, action, arg)


async def _act(ctx: Context, action: str, arg: str = "") -> Reply:
    if action == "read" and arg.isdigit():
        entry = await question_search.published_entry(int(arg), ctx.uow)
        return qa_entry(ctx.t, entry) if entry else say(ctx.t("This button is no longer valid."))
    draft = await report_drafts.lock_draft(
        ctx.actor.person_id, ctx.uow, now=ctx.hub.now(), flow=FLOW
    )
    if action == "drop":
        await report_drafts.discard_draft(ctx.actor.person_id, ctx.uow, flow=FLOW)
        return say(ctx.t("All right, your question was not sent. Type /ask to ask another one."))
    if action == "send" and draft is not None and draft.step == "confirm":
        return await _send(ctx, str(draft.data.get("text") or ""))
    return say(ctx.t("There is no question waiting. Type /ask and your question."))


@input_handler(15)
async def question_input(ctx: Context, message: Input) -> Reply | None:
    """The text after a bare /ask (or a shorter one after a refusal); yes/no to send it."""
    if not isinstance(message, Text):
        return None
    draft = await report_drafts.find_draft(ctx.actor.person_id, ctx.uow, flow=FLOW)
    if draft is None:
        return None
    if draft.step == "confirm":
        answer = vocabulary.parse(vocabulary.CONSENT, message.text)
        if answer == "yes":
            return await _act(ctx, "send")
        if answer == "no":
            return await _act(ctx, "drop")
        return None  # anything else is for the other features; the question stays kept
    return await consider(ctx, message.text)
