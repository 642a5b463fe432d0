"""The Secretariat translates answered questions: the asker's language first, then the
three languages of every public Q&A entry. These join the missing-translation queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.domain.actor import Actor
from core.domain.errors import N_, Conflict, InvalidInput
from core.domain.people import CAN_MODERATE
from core.domain.question_languages import missing_languages
from core.domain.questions import QuestionStatus, check_answer, check_question
from core.persistence.models import Question
from core.persistence.uow import UnitOfWork
from core.services import desk_refs
from core.services.outbox import enqueue
from core.services.people import parse_language
from core.services.question_desk import QUESTION
from core.services.questions import get_question, save

ANSWERED = (QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED)


@dataclass(frozen=True)
class QuestionGap:
    """An answered question owed translations: which languages, and which parts are needed."""

    question_id: int
    status: str
    question: str
    language: str  # the question's
    answer_language: str
    missing: tuple[str, ...]

    def needs(self, language: str) -> tuple[str, ...]:
        """The parts ('question', 'answer') to translate into `language`."""
        return tuple(
            part
            for part, written_in in (("question", self.language), ("answer", self.answer_language))
            if written_in != language
        )


@dataclass(frozen=True)
class Translated:
    question_id: int
    language: str
    delivered: bool  # the asker was sent the answer in their language


def _gap(q: Question) -> QuestionGap | None:
    answer_language = q.answer_language or q.language
    missing = missing_languages(
        asked_in=q.language,
        written_in=answer_language,
        translations=q.translations or {},
        published=q.published_at is not None,
        asker_waits=q.asker_id is not None,
    )
    if not missing:
        return None
    return QuestionGap(q.id, q.status, q.text, q.language, answer_language, missing)


async def missing_question_translations(uow: UnitOfWork) -> list[QuestionGap]:
    """Answered questions whose asker waits for their language, and public entries lacking
    one of French, English and Spanish; oldest first."""
    query = (
        select(Question)
        .where(Question.status.in_([str(s) for s in ANSWERED]))
        .order_by(Question.answered_at, Question.id)
    )
    found = (_gap(q) for q in (await uow.session.scalars(query)).all())
    return [gap for gap in found if gap is not None]


async def question_gap(question_id: int, uow: UnitOfWork) -> QuestionGap | None:
    """What question `question_id` still lacks (None: nothing)."""
    question = await get_question(question_id, uow)
    return _gap(question) if question.answered_at is not None else None


def _checked(part: str, text: str | None, written_in: str, language: str, number: int) -> str:
    typed = (text or "").strip()
    if typed and written_in == language:
        message = (
            N_("Question #{id} is asked in that language: only its answer needs translating.")
            if part == "question"
            else N_("The answer to #{id} is written in that language: there is nothing to add.")
        )
        raise InvalidInput(message, id=number)
    if not typed:
        return ""
    return check_question(typed) if part == "question" else check_answer(typed)


async def translate_question(
    actor: Actor,
    question_id: int,
    *,
    language: str,
    answer: str | None,
    question: str | None = None,
    uow: UnitOfWork,
    now: datetime,
) -> Translated:
    """Add (or replace) one language's version of an answered question and its answer.

    Args:
        actor: a Secretariat member or an admin (NotAllowed for anyone else).
        question_id: the question.
        language: the translation's language (fr, en, es or a name).
        answer: the answer translated (None or empty when it is already in `language`).
        question: the question translated (None or empty when it is already in `language`).
        uow: the open unit of work (the caller commits).
        now: the current instant.
    """
    actor.require(CAN_MODERATE)
    language = parse_language(language)
    row = await get_question(question_id, uow)
    if row.answered_at is None or row.answer_text is None:
        raise Conflict(N_("Question #{id} has no answer yet."), id=question_id)
    written_in = row.answer_language or row.language
    answer = _checked("answer", answer, written_in, language, question_id)
    question = _checked("question", question, row.language, language, question_id)
    if not answer and not question:
        raise InvalidInput(N_("A translation needs a text."))
    old = dict((row.translations or {}).get(language) or {})
    if answer:
        old["answer"] = answer
    if question:
        old["question"] = question
    row.translations = {**(row.translations or {}), language: old}
    await save(question_id, uow)
    delivered = False
    if answer and row.asker_id is not None and language == row.language:
        delivered = await enqueue(
            uow,
            key=f"question:{row.id}:translated:{language}:{row.version}",
            kind="notification",
            person_id=row.asker_id,
            template="question_translated",
            params={
                "id": row.id,
                "question": row.text,
                "answer": answer,
                "language": language,
                "answered_in": written_in,
                "expert": row.answered_by_name,
            },
        )
    await desk_refs.changed(uow, QUESTION, row.id, now)
    return Translated(row.id, language, delivered)
