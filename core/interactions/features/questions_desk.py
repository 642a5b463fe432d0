"""The experts' queue: /questions, /answer, and the Claim / Answer / Pass buttons."""

from __future__ import annotations

from core.domain.errors import N_, DomainError, InvalidInput
from core.domain.people import CAN_ANSWER_QUESTIONS, CAN_SEE_QUESTIONS
from core.domain.questions import QuestionStatus
from core.i18n import LANGUAGES
from core.interactions.context import Context
from core.interactions.dispatch import error_reply, input_handler
from core.interactions.model import Button, Input, Reply, Text, bold, say
from core.interactions.paging import pack
from core.interactions.questions_view import DESK, excerpt, language_mark, status_text
from core.interactions.region_labels import region_labels
from core.interactions.registry import button, command
from core.services import question_desk, question_zone, questions, report_drafts
from core.services.question_desk import Answered
from core.services.question_views import QuestionView

ANSWER_FLOW = "question-answer"  # an expert's answer being typed
PAGE = 10


def desk_buttons(ctx: Context, number: int) -> list[Button]:
    t = ctx.t
    return [
        Button(t("Claim #{id}", id=number), f"{DESK}:claim:{number}"),
        Button(t("Answer #{id}", id=number), f"{DESK}:answer:{number}"),
        Button(t("Pass #{id} to the Secretariat", id=number), f"{DESK}:pass:{number}"),
    ]


def question_lines(
    ctx: Context,
    question: QuestionView,
    reply: Reply,
    regions: dict[str, str],
    zones: dict[str, dict[str, str]] | None = None,
) -> None:
    t, now = ctx.t, ctx.hub.now()
    status = questions.shown_status(question, now)
    mark = language_mark(t, question.language)
    code = question.region_code
    where = f" · {regions.get(code, code)}" if code else ""
    if zone := question.zone_code:
        where += f" · {t.pick((zones or {}).get(zone))[0] or zone}"
    reply.add(
        bold(f"#{question.id}"),
        f" · {status_text(t, status)} · {t.date(question.asked_at)}{where} ",
        mark,
    )
    reply.add(excerpt(question.text))


@command(
    "questions",
    N_("Questions waiting for the experts"),
    roles=CAN_SEE_QUESTIONS,
    order=40,
)
async def questions_queue(ctx: Context, args: str) -> Reply:
    """List the open questions, oldest first, with a row of buttons each."""
    return await _queue_page(ctx, 0)


@button("qq")
async def more_questions(ctx: Context, args: list[str]) -> Reply:
    """Show the next page of the questions waiting."""
    ctx.actor.require(CAN_SEE_QUESTIONS)
    return await _queue_page(ctx, int(args[0]) if args and args[0].isdigit() else 0)


async def _queue_page(ctx: Context, offset: int) -> Reply:
    t = ctx.t
    waiting = (QuestionStatus.OPEN, QuestionStatus.CLAIMED, QuestionStatus.PASSED)
    found, total = await questions.list_questions(
        ctx.uow, statuses=waiting, now=ctx.hub.now(), limit=PAGE, offset=offset
    )
    if not found:
        return say(t("No question is waiting for an answer."))
    head = say(bold(t.plural("{count} question waiting:", "{count} questions waiting:", total)))
    regions, zones = await region_labels(t, ctx.uow), await question_zone.zone_names(ctx.uow)
    items = []
    for question in found:
        entry = Reply()
        question_lines(ctx, question, entry, regions, zones)
        items.append(entry.button_row(*desk_buttons(ctx, question.id)))

    def more(start: int) -> Button:
        return Button(t("More"), f"qq:{start}")

    return pack(head, items, offset=offset, total=total, more=more).reply


@command(
    "answer",
    N_("Answer a question: /answer N [fr|en|es] text"),
    usage="N [fr|en|es] …",
    roles=CAN_ANSWER_QUESTIONS,
    order=41,
)
async def answer(ctx: Context, args: str) -> Reply:
    """Answer question N at once; a language code first says what language it is in."""
    number, _, rest = args.strip().partition(" ")
    if not number.lstrip("#").isdigit():
        raise InvalidInput(N_("Give the number of the question, for example /answer 12 …"))
    language, _, text = rest.strip().partition(" ")
    if language.lower() not in LANGUAGES:
        language, text = "", rest
    done = await question_desk.answer_question(
        int(number.lstrip("#")),
        ctx.actor,
        text,
        ctx.uow,
        now=ctx.hub.now(),
        language=language or None,
    )
    return answered(ctx, done)


def answered(ctx: Context, done: Answered) -> Reply:
    t = ctx.t
    if done.delivered:
        reply = say(bold(t("Thank you! Your answer to #{id} is on its way.", id=done.question_id)))
    else:
        reply = say(
            bold(
                t(
                    "Your answer to #{id} is kept, but its asker has left the hub: "
                    "nobody will receive it.",
                    id=done.question_id,
                )
            )
        )
    reply.add(t("May it be published, without the asker's name, so that others find it?"))
    return reply.button_row(
        Button(t("Yes, publish it"), f"{DESK}:pub:{done.question_id}:yes"),
        Button(t("No, keep it private"), f"{DESK}:pub:{done.question_id}:no"),
    )


@button(DESK)
async def desk_button(ctx: Context, args: list[str]) -> Reply:
    """Claim, answer (in a language to choose), pass a question; agree to publish an answer."""
    ctx.actor.require(CAN_ANSWER_QUESTIONS)
    action, arg, extra = [*args, "", "", ""][:3]
    t, now = ctx.t, ctx.hub.now()
    if action == "cancel":
        await report_drafts.discard_draft(ctx.actor.person_id, ctx.uow, flow=ANSWER_FLOW)
        return say(t("Cancelled; nothing was answered."))
    if not arg.isdigit():
        return say(t("This button is no longer valid."))
    number = int(arg)
    if action == "claim":
        await question_desk.claim_question(number, ctx.actor, ctx.uow, now=now)
        minutes = int(question_desk.CLAIM_FOR.total_seconds() // 60)
        reply = say(t("Question #{id} is yours for {minutes} minutes.", id=number, minutes=minutes))
        return reply.button_row(*desk_buttons(ctx, number)[1:])
    if action == "pass":
        await question_desk.pass_question(number, ctx.actor, ctx.uow, now=now)
        return say(t("Question #{id} is passed to the Secretariat.", id=number))
    if action == "pub" and extra in ("yes", "no"):
        await question_desk.expert_consent(number, ctx.actor, extra == "yes", ctx.uow, now=now)
        return say(t("Noted, thank you.") if extra == "yes" else t("Noted: it stays private."))
    if action == "answer":
        question = await questions.read_question(number, ctx.uow)
        reply = say(bold(t("In which language will you answer #{id}?", id=number)))
        reply.add(excerpt(question.text, 600))
        return reply.button_row(
            *(Button(t.language_name(code), f"{DESK}:lang:{number}:{code}") for code in LANGUAGES)
        )
    if action == "lang" and extra in LANGUAGES:
        await report_drafts.start_draft(
            ctx.actor.person_id,
            ctx.uow,
            now=now,
            step="text",
            flow=ANSWER_FLOW,
            data={"question_id": number, "language": extra},
        )
        reply = say(t("Type your answer to #{id}:", id=number))
        return reply.button_row(Button(t("Cancel"), f"{DESK}:cancel"))
    return say(t("This button is no longer valid."))


@input_handler(11)
async def answer_input(ctx: Context, message: Input) -> Reply | None:
    """Take the next text of an expert who pressed Answer as their answer."""
    if not isinstance(message, Text) or not message.text or not ctx.actor.can(CAN_ANSWER_QUESTIONS):
        return None
    person, now = ctx.actor.person_id, ctx.hub.now()
    draft = await report_drafts.take_draft(person, ctx.uow, now=now, flow=ANSWER_FLOW)
    if draft is None:
        return None
    number, language = int(draft.data["question_id"]), str(draft.data["language"])
    try:
        done = await question_desk.answer_question(
            number, ctx.actor, message.text, ctx.uow, now=now, language=language
        )
    except DomainError as error:
        await ctx.uow.rollback()
        if not isinstance(error, InvalidInput):  # answered by someone else: nothing awaited
            await report_drafts.discard_draft(person, ctx.uow, flow=ANSWER_FLOW)
        return error_reply(ctx.t, error)  # a refused text keeps the draft: send a shorter one
    await report_drafts.discard_draft(person, ctx.uow, flow=ANSWER_FLOW)
    return answered(ctx, done)
