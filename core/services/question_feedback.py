"""The asker's side after the answer: rate it, agree (once) to its publication, follow theirs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.domain.actor import Actor
from core.domain.errors import N_, Conflict, NotAllowed
from core.domain.people import ConsentPurpose
from core.domain.questions import QuestionStatus, Rating
from core.persistence.models import ConsentRecord, Question
from core.persistence.uow import UnitOfWork
from core.services.question_views import QuestionView, question_view
from core.services.questions import get_question, save


async def _askers(question_id: int, actor: Actor, uow: UnitOfWork) -> Question:
    question = await get_question(question_id, uow)
    if question.asker_id is None or question.asker_id != actor.person_id:
        raise NotAllowed(N_("Only the person who asked question #{id} can say."), id=question_id)
    if question.answered_at is None:
        raise Conflict(N_("Question #{id} has no answer yet."), id=question_id)
    return question


async def rate_answer(
    question_id: int, actor: Actor, rating: Rating, uow: UnitOfWork, *, now: datetime
) -> QuestionView:
    """Record whether the answer was useful (the asker may change their mind)."""
    question = await _askers(question_id, actor, uow)
    question.rating = rating
    await save(question_id, uow)
    return question_view(question)


async def agree_to_publish(
    question_id: int, actor: Actor, granted: bool, uow: UnitOfWork, *, now: datetime
) -> bool:
    """Record the asker's one-time answer, in the consent log too; False if already given."""
    question = await _askers(question_id, actor, uow)
    if question.asker_consent is not None:
        return False
    question.asker_consent = granted
    await save(question_id, uow)
    uow.session.add(
        ConsentRecord(
            person_id=actor.person_id,
            purpose=ConsentPurpose.QA_PUBLICATION,
            granted=granted,
            channel=actor.channel,
            recorded_at=now,
        )
    )
    await uow.session.flush()
    return True


async def awaiting_feedback(actor: Actor, uow: UnitOfWork) -> QuestionView | None:
    """The person's latest answered question that still waits for a rating or their consent."""
    found = await uow.session.scalar(
        select(Question)
        .where(
            Question.asker_id == actor.person_id,
            Question.status.in_([QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED]),
            (Question.rating.is_(None)) | (Question.asker_consent.is_(None)),
        )
        .order_by(Question.answered_at.desc(), Question.id.desc())
        .limit(1)
    )
    return question_view(found) if found is not None else None
