"""The experts' answer from a channel's form (a Slack modal): checked, then sent."""

from __future__ import annotations

from core.domain.errors import N_, Conflict
from core.domain.people import CAN_ANSWER_QUESTIONS
from core.domain.questions import QuestionStatus
from core.interactions.context import Context
from core.interactions.features.questions_desk import answered
from core.interactions.model import Reply
from core.services import question_desk, questions


async def may_answer(ctx: Context, number: int) -> str:
    """The question's text, when the actor may answer it now (a form is about to open)."""
    ctx.actor.require(CAN_ANSWER_QUESTIONS)
    question = await questions.get_question(number, ctx.uow)
    if question.status not in (QuestionStatus.OPEN, QuestionStatus.PASSED):
        raise Conflict(
            N_("Question #{id} is already {status}; nothing was changed."),
            id=number,
            status=QuestionStatus(question.status),
        )
    return question.text


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
