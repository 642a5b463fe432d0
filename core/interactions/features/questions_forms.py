"""The experts' answer where forms open (a Slack modal): Answer opens it, its fields answer."""

from __future__ import annotations

from core.domain.errors import N_, Conflict
from core.domain.people import CAN_ANSWER_QUESTIONS
from core.domain.questions import QuestionStatus
from core.i18n import Translator
from core.interactions.context import Context
from core.interactions.dispatch import form, opens_form, parse_button
from core.interactions.features.questions_desk import answered
from core.interactions.form_fields import form_opening, language_choice, options
from core.interactions.model import (
    ChoiceField,
    FormField,
    FormOpening,
    FormSubmitted,
    Note,
    Reply,
    TextField,
)
from core.interactions.questions_view import DESK
from core.services import question_desk, questions

ANSWER_FORM = "question_answer"
PUBLISH = {"yes": True, "no": False}


async def may_answer(ctx: Context, number: int) -> str:
    """The question's text, when the actor may answer it now (a form is about to open)."""
    ctx.actor.require(CAN_ANSWER_QUESTIONS)
    question = await questions.read_question(number, ctx.uow)
    if question.status not in (QuestionStatus.OPEN, QuestionStatus.PASSED):
        raise Conflict(
            N_("Question #{id} is already {status}; nothing was changed."),
            id=number,
            status=QuestionStatus(question.status),
        )
    return question.text


@opens_form(f"button:{DESK}")
async def answer_opened(ctx: Context, data: str) -> Reply | None:
    """Answer opens the answer form, if the actor may answer; other desk buttons as usual."""
    _, args = parse_button(data)
    if len(args) != 2 or args[0] != "answer" or not args[1].isdigit():
        return None
    number = int(args[1])
    text = await may_answer(ctx, number)
    return Reply(form=answer_layout(ctx.t, number, text))


def answer_layout(t: Translator, number: int, question: str) -> FormOpening:
    """The question, then the answer, the language it is written in, and may it be published."""
    consent = options([(t("Yes, publish it"), "yes"), (t("No, keep it private"), "no")])
    fields: list[FormField] = [
        Note(question, "quote"),
        TextField("answer", t("Type your answer to #{id}:", id=number), multiline=True),
        language_choice(t, t("Language of the texts")),
        ChoiceField(
            "publish",
            t("May it be published, without the asker's name, so that others find it?"),
            consent,
            "yes",
        ),
    ]
    title = t("Answer #{id}", id=number)
    return form_opening(t, ANSWER_FORM, title, t("Send"), fields, {"id": number})


@form(ANSWER_FORM)
async def answer_sent(ctx: Context, sent: FormSubmitted) -> Reply:
    """The answer typed in the form, its language and the expert's consent."""
    values = sent.values
    return await answer_from_form(
        ctx,
        int(sent.meta.get("id") or 0),
        values.get("answer", ""),
        values.get("language", ""),
        PUBLISH.get(values.get("publish", "")),
    )


async def answer_from_form(
    ctx: Context, number: int, text: str, language: str, publishable: bool | None
) -> Reply:
    """An answer sent from a channel's form (a Slack modal with a language select)."""
    done = await question_desk.answer_question(
        number,
        ctx.actor,
        text,
        ctx.uow,
        now=ctx.hub.now(),
        language=language or None,
        publishable=publishable,
    )
    reply = answered(ctx, done)
    if publishable is not None:
        reply.buttons.clear()
        reply.paragraphs[1:] = []
    return reply
