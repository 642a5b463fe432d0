"""Asking the experts: store a question, read it, list the queue, forget an asker."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from core.domain.actor import Actor
from core.domain.claims import claim_holder
from core.domain.errors import N_, Conflict, NotFound
from core.domain.people import CAN_ANSWER_QUESTIONS, Role
from core.domain.questions import QuestionStatus, check_question
from core.domain.similarity import WINDOW, ReportSketch, most_alike
from core.persistence.models import Question, RoleGrant, Subscription
from core.persistence.uow import UnitOfWork
from core.services import desk_refs
from core.services.outbox import enqueue
from core.services.question_views import QuestionView, question_view
from core.services.question_zone import named_zone, zone_names
from core.services.regions import region_names

MAX_CANDIDATES = 500
EXPERT_ROLES = tuple(r for r in CAN_ANSWER_QUESTIONS if r is not Role.ADMIN)


class Claimable(Protocol):
    """What a question's shown status is read from (a row or its read model)."""

    @property
    def status(self) -> str: ...
    @property
    def claimed_by_id(self) -> int | None: ...
    @property
    def claim_expires_at(self) -> datetime | None: ...


async def asker_region(actor: Actor, uow: UnitOfWork) -> str | None:
    """The asker's region: from their role, else the first of their newsletter regions."""
    if actor.regions:
        return min(actor.regions)
    regions = await uow.session.scalars(
        select(Subscription.regions).where(Subscription.person_id == actor.person_id)
    )
    for chosen in regions:
        if chosen:
            return str(chosen[0])
    return None


async def ask_question(
    actor: Actor, text: str, uow: UnitOfWork, *, now: datetime, zone: str | None = None
) -> QuestionView:
    """Queue a question for the experts and tell them (the caller commits).

    Args:
        actor: whoever asks (anyone may).
        text: the question, as typed (InvalidInput when empty or too long).
        uow: the open unit of work.
        now: the current instant.
        zone: the agro-climatic zone it is about, when known (else the one the text names).
    """
    text = check_question(text)
    question = Question(
        asker_id=actor.person_id or None,
        text=text,
        language=actor.language,
        region_code=await asker_region(actor, uow),
        zone_code=zone or await named_zone(text, uow),
        timezone=actor.timezone,
        status=QuestionStatus.OPEN,
        asked_at=now,
        practices=[],
    )
    uow.session.add(question)
    await uow.session.flush()
    await notify_experts(question, uow, exclude=actor.person_id)
    await desk_refs.new_work(uow, now)  # its card goes to the experts' desk at once
    return question_view(question)


async def notify_experts(question: Question, uow: UnitOfWork, *, exclude: int = 0) -> int:
    """Queue a "new question" message for every expert; return how many."""
    experts = await uow.session.scalars(
        select(RoleGrant.person_id).where(RoleGrant.role.in_(EXPERT_ROLES)).distinct()
    )
    queued, names = 0, (await region_names(uow)).get(question.region_code or "")
    zones = (await zone_names(uow)).get(question.zone_code or "")
    for person_id in experts.all():
        if person_id != exclude:
            queued += await enqueue(
                uow,
                key=f"question:{question.id}:asked:{person_id}",
                kind="notification",
                person_id=person_id,
                template="question_asked",
                params=card_params(question, names, zones),
            )
    return queued


def card_params(
    question: Question,
    region_names: dict[str, str] | None,
    zone_names: dict[str, str] | None = None,
) -> dict[str, object]:
    """A new question's notice: its text and language, its region's and zone's codes and names."""
    return {
        "id": question.id,
        "text": question.text,
        "language": question.language,
        "region": question.region_code,
        "region_names": region_names or {},
        "zone": question.zone_code,
        "zone_names": zone_names or {},
    }


async def get_question(question_id: int, uow: UnitOfWork) -> Question:
    question = await uow.session.get(Question, question_id, populate_existing=True)
    if question is None:
        raise NotFound(N_("There is no question #{id}."), id=question_id)
    return question


async def read_question(question_id: int, uow: UnitOfWork) -> QuestionView:
    """Question `question_id` as it stands (NotFound when there is none)."""
    return question_view(await get_question(question_id, uow))


def shown_status(question: Claimable, now: datetime) -> QuestionStatus:
    """The stored status, or CLAIMED while an open question has a live claim."""
    status = QuestionStatus(question.status)
    if status is QuestionStatus.OPEN and claim_holder(question, now) is not None:
        return QuestionStatus.CLAIMED
    return status


async def list_questions(
    uow: UnitOfWork,
    *,
    statuses: Sequence[QuestionStatus] = (QuestionStatus.OPEN, QuestionStatus.CLAIMED),
    now: datetime,
    asker_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[QuestionView], int]:
    """Questions in `statuses` (oldest first: the queue's order) and how many there are."""
    stored = {QuestionStatus.OPEN if s is QuestionStatus.CLAIMED else s for s in statuses}
    query = select(Question).where(Question.status.in_([str(s) for s in stored]))
    if asker_id is not None:
        query = query.where(Question.asker_id == asker_id)
    rows = (await uow.session.scalars(query.order_by(Question.asked_at, Question.id))).all()
    wanted = set(statuses)
    found = [q for q in rows if shown_status(q, now) in wanted]
    return [question_view(q) for q in found[offset : offset + limit]], len(found)


async def save(question_id: int, uow: UnitOfWork) -> None:
    """Write a change, unless someone changed the question meanwhile (Conflict)."""
    try:
        await uow.session.flush()
    except StaleDataError:
        await uow.rollback()
        raise Conflict(
            N_("Someone else changed question #{id} a moment ago; nothing was changed."),
            id=question_id,
        ) from None


async def open_question_ids(uow: UnitOfWork, limit: int) -> list[int]:
    """Numbers of the open questions (claimed or not), the oldest first."""
    found = await uow.session.scalars(
        select(Question.id)
        .where(Question.status == QuestionStatus.OPEN)
        .order_by(Question.id)
        .limit(limit)
    )
    return list(found.all())


async def count_questions(uow: UnitOfWork) -> int:
    return await uow.session.scalar(select(func.count()).select_from(Question)) or 0


async def similar_questions(
    question: QuestionView, uow: UnitOfWork, *, limit: int = 3
) -> list[int]:
    """Numbers of other questions asked within the window that say nearly the same thing."""
    rows = await uow.session.execute(
        select(Question.id, Question.text, Question.asked_at)
        .where(
            Question.id != question.id,
            Question.asked_at.between(question.asked_at - WINDOW, question.asked_at + WINDOW),
        )
        .order_by(Question.asked_at.desc())
        .limit(MAX_CANDIDATES)
    )
    others = [ReportSketch(n, text, at) for n, text, at in rows.all()]
    mine = ReportSketch(question.id, question.text, question.asked_at)
    return [found.other_id for found in most_alike(mine, others, limit)]
