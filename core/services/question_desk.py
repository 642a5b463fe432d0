"""The experts' side: claim a question, answer it or pass it to the Secretariat, publish it.

Every change goes through the question's version counter, as report decisions do: of two
experts answering at once, exactly one wins and the other gets a Conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from core.domain.actor import Actor
from core.domain.errors import N_, Conflict, InvalidInput
from core.domain.people import CAN_ANSWER_QUESTIONS, CAN_MODERATE, Role
from core.domain.questions import QuestionAction, QuestionStatus, check_answer, next_status
from core.persistence.models import Question, RoleGrant
from core.persistence.uow import UnitOfWork
from core.services import desk_refs
from core.services.claims import refuse_if_held_by_other
from core.services.outbox import enqueue
from core.services.people import parse_language
from core.services.question_search import mentioned_practices
from core.services.question_views import QuestionView, question_view
from core.services.questions import get_question, save

CLAIM_FOR = timedelta(minutes=30)
QUESTION = "question"  # the desk-card subject of a question


@dataclass(frozen=True)
class Answered:
    question_id: int
    language: str
    delivered: bool  # False when the asker has left (/forget): the answer is kept, sent nowhere


async def _refuse_if_claimed_by_other(
    question: Question, actor: Actor, now: datetime, uow: UnitOfWork
) -> None:
    message = N_(
        "{name} is answering question #{id} (for {minutes} more minutes); nothing was changed."
    )
    await refuse_if_held_by_other(question, question.id, actor, now, uow, message)


async def claim_question(
    question_id: int, actor: Actor, uow: UnitOfWork, *, now: datetime
) -> QuestionView:
    """Take a question for `CLAIM_FOR`, so that other experts see who is answering it."""
    actor.require(CAN_ANSWER_QUESTIONS)
    question = await get_question(question_id, uow)
    status = QuestionStatus(question.status)
    if status not in (QuestionStatus.OPEN, QuestionStatus.PASSED):
        next_status(question_id, status, QuestionAction.ANSWER)  # raises the Conflict
    await _refuse_if_claimed_by_other(question, actor, now, uow)
    question.claimed_by_id, question.claim_expires_at = actor.person_id or None, now + CLAIM_FOR
    await save(question_id, uow)
    await desk_refs.changed(uow, QUESTION, question.id, now)
    return question_view(question)


async def answer_question(
    question_id: int,
    actor: Actor,
    text: str,
    uow: UnitOfWork,
    *,
    now: datetime,
    language: str | None = None,
    publishable: bool | None = None,
) -> Answered:
    """Answer a question; the asker gets it in chat, marked with its language if not theirs.

    Args:
        question_id: the question.
        actor: an expert (NotAllowed for anyone else).
        text: the answer.
        uow: the open unit of work (the caller commits).
        now: the current instant.
        language: the answer's language (fr, en, es or a name); default the expert's.
        publishable: the expert's consent to a public Q&A entry (None: not asked yet).
    """
    actor.require(CAN_ANSWER_QUESTIONS)
    answer = check_answer(text)
    written_in = parse_language(language) if language else actor.language
    question = await get_question(question_id, uow)
    new = next_status(question_id, QuestionStatus(question.status), QuestionAction.ANSWER)
    await _refuse_if_claimed_by_other(question, actor, now, uow)
    question.status, question.answered_at = new, now
    question.answer_text, question.answer_language = answer, written_in
    question.answered_by_id = actor.person_id or None
    question.answered_by_name = (actor.display_name or actor.name)[:200]
    question.expert_consent = publishable
    question.claimed_by_id, question.claim_expires_at = None, None
    await save(question_id, uow)
    delivered = False
    if question.asker_id is not None:
        delivered = await enqueue(
            uow,
            key=f"question:{question.id}:answered",
            kind="notification",
            person_id=question.asker_id,
            template="question_answered",
            params={
                "id": question.id,
                "question": question.text,
                "answer": answer,
                "language": written_in,
                "expert": question.answered_by_name,
            },
        )
    await desk_refs.changed(uow, QUESTION, question.id, now)
    return Answered(question.id, written_in, delivered)


async def pass_question(
    question_id: int, actor: Actor, uow: UnitOfWork, *, now: datetime
) -> QuestionView:
    """Hand a question to the Secretariat (out of the experts' field, or theirs to route)."""
    actor.require(CAN_ANSWER_QUESTIONS)
    question = await get_question(question_id, uow)
    new = next_status(question_id, QuestionStatus(question.status), QuestionAction.PASS)
    await _refuse_if_claimed_by_other(question, actor, now, uow)
    question.status, question.passed_at = new, now
    question.claimed_by_id, question.claim_expires_at = None, None
    await save(question_id, uow)
    members = await uow.session.scalars(
        select(RoleGrant.person_id).where(RoleGrant.role == Role.SECRETARIAT).distinct()
    )
    for person_id in members.all():
        await enqueue(
            uow,
            key=f"question:{question.id}:passed:{person_id}",
            kind="notification",
            person_id=person_id,
            template="question_passed",
            params={"id": question.id, "text": question.text, "by": actor.display_name},
        )
    await desk_refs.changed(uow, QUESTION, question.id, now)
    return question_view(question)


async def expert_consent(
    question_id: int, actor: Actor, granted: bool, uow: UnitOfWork, *, now: datetime
) -> QuestionView:
    """The answering expert says whether their answer may be published."""
    actor.require(CAN_ANSWER_QUESTIONS)
    question = await get_question(question_id, uow)
    if question.answered_by_id != actor.person_id and Role.ADMIN not in actor.roles:
        raise Conflict(N_("Only the expert who answered question #{id} can say."), id=question_id)
    question.expert_consent = granted
    await save(question_id, uow)
    return question_view(question)


async def publish_question(
    question_id: int, actor: Actor, uow: UnitOfWork, *, now: datetime
) -> QuestionView:
    """Make an answered question a public Q&A entry (both the asker and the expert agreed)."""
    actor.require(CAN_MODERATE)
    question = await get_question(question_id, uow)
    new = next_status(question_id, QuestionStatus(question.status), QuestionAction.PUBLISH)
    if not question.asker_consent:
        raise InvalidInput(
            N_("Question #{id} cannot be published: its asker has not agreed."), id=question_id
        )
    if not question.expert_consent:
        raise InvalidInput(
            N_("Question #{id} cannot be published: its expert has not agreed."), id=question_id
        )
    question.status, question.published_at = new, now
    question.practices = await mentioned_practices(
        f"{question.text}\n{question.answer_text or ''}", uow
    )
    await save(question_id, uow)
    await desk_refs.changed(uow, QUESTION, question.id, now)
    return question_view(question)
