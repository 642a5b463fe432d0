"""The asker's side: the answer arrives, they rate it and say once whether it may be published."""

from __future__ import annotations

from typing import Any

from core.domain import vocabulary
from core.domain.errors import N_
from core.domain.question_languages import part_in
from core.domain.questions import QuestionStatus, Rating
from core.i18n import Translator
from core.interactions.context import Context
from core.interactions.dispatch import input_handler
from core.interactions.model import Button, Input, Reply, Text, bold, italic, say
from core.interactions.notifications import notification
from core.interactions.questions_view import (
    answer_notice,
    answer_spans,
    excerpt,
    language_mark,
    status_text,
    zone_text,
)
from core.interactions.region_labels import pick_name
from core.interactions.registry import button, command
from core.services import question_feedback, questions

FEEDBACK = "qa"  # button verb of the asker's feedback


@notification("question_asked")
def question_asked(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell an expert that a question waits for an answer."""
    number = params["id"]
    reply = say(bold(t("New question #{id} for the experts.", id=number)))
    mark = language_mark(t, str(params.get("language") or t.language))
    code = str(params.get("region") or "")
    region = f" ({pick_name(t, code, params.get('region_names'))})" if code else ""
    reply.add(excerpt(str(params["text"]), 600), region, *([" ", mark] if mark else []))
    if zone := zone_text(t, str(params.get("zone") or ""), params.get("zone_names")):
        reply.add(italic(zone))
    return reply.button_row(
        Button(t("Claim #{id}", id=number), f"qd:claim:{number}"),
        Button(t("Answer #{id}", id=number), f"qd:answer:{number}"),
        Button(t("Pass #{id} to the Secretariat", id=number), f"qd:pass:{number}"),
    )


@notification("question_passed")
def question_passed(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell a Secretariat member that an expert passed a question to them."""
    reply = say(bold(t("{name} passed question #{id} to the Secretariat.", **params_of(params))))
    return reply.add(excerpt(str(params["text"]), 600))


def params_of(params: dict[str, Any]) -> dict[str, Any]:
    return {"id": params["id"], "name": params.get("by") or "?"}


@notification("question_answered")
def question_answered(t: Translator, params: dict[str, Any]) -> Reply:
    """Bring the answer to the asker, marked with its language when it is not theirs."""
    number = params["id"]
    reply = answer_notice(t, t("Your question #{id} has an answer.", id=number), params)
    if str(params["language"]) != t.language:
        reply.add(
            italic(
                t(
                    "The Secretariat may add a translation into {language}; "
                    "if it does, it comes to you here.",
                    language=t.language_name(t.language),
                )
            )
        )
    reply.add(t("Was it useful?"))
    reply.button_row(
        Button(t("Useful"), f"{FEEDBACK}:rate:{number}:{Rating.USEFUL}"),
        Button(t("Not useful"), f"{FEEDBACK}:rate:{number}:{Rating.NOT_USEFUL}"),
    )
    reply.add(
        t(
            "May we publish your question (without your name) with this answer, so that "
            "others find it? I ask only once."
        )
    )
    return reply.button_row(
        Button(t("Yes, publish it"), f"{FEEDBACK}:agree:{number}:yes"),
        Button(t("No"), f"{FEEDBACK}:agree:{number}:no"),
    )


async def _rate(ctx: Context, number: int, rating: Rating) -> Reply:
    await question_feedback.rate_answer(number, ctx.actor, rating, ctx.uow, now=ctx.hub.now())
    return say(ctx.t("Thank you for telling us."))


async def _agree(ctx: Context, number: int, granted: bool) -> Reply:
    t = ctx.t
    first = await question_feedback.agree_to_publish(
        number, ctx.actor, granted, ctx.uow, now=ctx.hub.now()
    )
    if not first:
        return say(t("You already answered this for question #{id}.", id=number))
    if granted:
        return say(t("Thank you: once checked, it will help others with the same question."))
    return say(t("Understood: your question stays between you and the experts."))


@button(FEEDBACK)
async def feedback_button(ctx: Context, args: list[str]) -> Reply:
    """Rate an answer, or say whether it may be published."""
    action, arg, value = [*args, "", "", ""][:3]
    if not arg.isdigit():
        return say(ctx.t("This button is no longer valid."))
    if action == "rate" and value in set(Rating):
        return await _rate(ctx, int(arg), Rating(value))
    if action == "agree" and value in ("yes", "no"):
        return await _agree(ctx, int(arg), value == "yes")
    return say(ctx.t("This button is no longer valid."))


@input_handler(30)
async def feedback_words(ctx: Context, message: Input) -> Reply | None:
    """'utile', 'not useful', 'sí'... typed after an answer: its rating or the consent."""
    if not isinstance(message, Text) or not message.text or len(message.text) > 40:
        return None
    rating = vocabulary.parse(vocabulary.RATING, message.text)
    consent = vocabulary.parse(vocabulary.CONSENT, message.text)
    if rating is None and consent is None:
        return None
    waiting = await question_feedback.awaiting_feedback(ctx.actor, ctx.uow)
    if waiting is None:
        return None
    if rating is not None and waiting.rating is None:
        return await _rate(ctx, waiting.id, Rating(rating))
    if consent is not None and waiting.asker_consent is None:
        return await _agree(ctx, waiting.id, consent == "yes")
    return None


@command("myquestions", N_("Your questions to the experts and their answers"), order=13)
async def my_questions(ctx: Context, args: str) -> Reply:
    """List the person's questions, newest first, with the answers they got."""
    t = ctx.t
    mine, total = await questions.list_questions(
        ctx.uow, statuses=tuple(QuestionStatus), now=ctx.hub.now(), asker_id=ctx.actor.person_id
    )
    if not mine:
        return say(t("You have not asked any question yet. Type /ask and your question."))
    reply = say(bold(t.plural("Your question:", "Your {count} questions:", total)))
    for question in reversed(mine[-10:]):
        shown = questions.shown_status(question, ctx.hub.now())
        reply.add(bold(f"#{question.id}"), f" · {status_text(t, shown)} — ", excerpt(question.text))
        if question.answer_text:
            answer, language = part_in(
                t.language,
                "answer",
                question.answer_text,
                question.answer_language or question.language,
                question.translations,
            )
            reply.add(*answer_spans(t, question.answered_by_name or "", language))
            reply.add(answer)
    return reply
