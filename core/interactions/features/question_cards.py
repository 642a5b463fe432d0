"""Cards for the experts' desk: each new question in the experts' channel, redrawn as it moves.

The same mechanism as the report cards (core.interactions.desk_cards): a card is a Reply in
the hub's default language with the core's Claim / Answer / Pass buttons, queued through the
outbox once per question (keyed for idempotency) and redrawn after each change.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from core.domain.people import Channel
from core.domain.questions import QuestionStatus
from core.i18n import Translator
from core.interactions import desk_cards
from core.interactions.model import Button, Reply, Span, bold, italic, reply_to_data
from core.interactions.questions_view import DESK, language_mark, status_text, zone_text
from core.interactions.region_labels import region_label
from core.persistence.uow import UnitOfWork
from core.services import desk_queries, desk_refs, people, question_zone, questions
from core.services.outbox import Outgoing, enqueue_many
from core.services.question_desk import QUESTION

BATCH = 100
TEXT_SHOWN = 2_500  # Slack sections hold 3,000 characters


async def question_card(t: Translator, uow: UnitOfWork, question_id: int, now: datetime) -> Reply:
    """A question as the experts' channel sees it: text, language, state and the buttons."""
    question = await questions.read_question(question_id, uow)
    status = questions.shown_status(question, now)
    card = Reply().add(bold(t("Question #{id}", id=question.id)), " · ", status_text(t, status))
    mark = language_mark(t, question.language)
    text: list[Span | str] = [question.text[:TEXT_SHOWN]]
    card.add(*text, " ", italic(mark)) if mark else card.add(*text)
    if question.region_code:
        card.add(italic(await region_label(t, question.region_code, uow)))
    if question.zone_code:
        names = (await question_zone.zone_names(uow)).get(question.zone_code)
        card.add(italic(zone_text(t, question.zone_code, names)))
    if alike := await questions.similar_questions(question, uow):
        numbers = ", ".join(f"#{n}" for n in alike)
        card.add(italic(t("Looks like question {numbers}.", numbers=numbers)))
    if status is QuestionStatus.CLAIMED:
        name = await people.person_name(question.claimed_by_id, uow)
        card.add(italic(t("{name} is answering it.", name=name)))
    if question.answer_text:
        card.add(bold(t("The answer of {expert}:", expert=question.answered_by_name or "?")))
        card.add(question.answer_text[:TEXT_SHOWN])
    if status in (QuestionStatus.OPEN, QuestionStatus.CLAIMED, QuestionStatus.PASSED):
        row = []
        if status is not QuestionStatus.CLAIMED:
            row.append(Button(t("Claim"), f"{DESK}:claim:{question.id}"))
        row.append(Button(t("Answer"), f"{DESK}:answer:{question.id}"))
        if status is not QuestionStatus.PASSED:
            row.append(Button(t("Pass to the Secretariat"), f"{DESK}:pass:{question.id}"))
        card.button_row(*row)
    return card


def card_key(question_id: int) -> str:
    return f"desk:question:{question_id}"


async def enqueue_question_cards(
    now: datetime, uow: UnitOfWork, *, channel: str, t: Translator
) -> int:
    """Queue a card for each open question not yet on the experts' desk."""
    waiting = await questions.open_question_ids(uow, BATCH)
    unqueued = await desk_queries.unqueued(uow, [card_key(n) for n in waiting])
    messages = []
    for question_id in waiting:
        if card_key(question_id) not in unqueued:
            continue
        card = await question_card(t, uow, question_id, now)
        card.card = desk_refs.card_ref(QUESTION, question_id)
        await desk_refs.remember_queued(uow, QUESTION, question_id, channel)
        data = reply_to_data(card)
        messages.append(
            Outgoing(
                card_key(question_id), "desk-card", Channel.SLACK, channel, None, "reply", data
            )
        )
    return await enqueue_many(uow, messages) if messages else 0


def _desk() -> tuple[str | None, Translator]:
    desk = desk_cards.desks()
    return (desk.experts_channel if desk.enabled else None), desk.t()


@desk_refs.on_new
async def slack_question_cards(now: datetime, uow: UnitOfWork) -> int:
    """Post new questions to the experts' Slack channel."""
    channel, t = _desk()
    return await enqueue_question_cards(now, uow, channel=channel, t=t) if channel else 0


@desk_refs.on_change
async def redraw_question_card(uow: UnitOfWork, ref: desk_refs.CardRef, now: datetime) -> None:
    """Queue the redraw (chat.update) of a posted question card."""
    if ref.subject != QUESTION:
        return
    _, t = _desk()
    card = await question_card(t, uow, ref.subject_id, now)
    card.card, card.card_update = desk_refs.card_ref(QUESTION, ref.subject_id), True
    key = f"desk:update:{QUESTION}:{ref.subject_id}:{uuid.uuid4().hex}"
    await enqueue_many(
        uow,
        [Outgoing(key, "desk-card", Channel.SLACK, ref.desk, None, "reply", reply_to_data(card))],
    )
