"""/forget and the experts' questions: the asker is detached, nothing else is lost."""

from __future__ import annotations

from sqlalchemy import update

from core.persistence.models import Question
from core.persistence.uow import UnitOfWork


async def forget_asker(person_id: int, uow: UnitOfWork) -> None:
    """Detach the person from their questions: published ones stay anonymous, others can
    never be published, and an answer that comes later is kept but sent to nobody."""
    await uow.session.execute(
        update(Question)
        .where(Question.asker_id == person_id, Question.published_at.is_(None))
        .values(
            asker_id=None,
            asker_consent=False,
            region_code=None,
            timezone=None,
            version=Question.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    await uow.session.execute(
        update(Question)
        .where(Question.asker_id == person_id)
        .values(asker_id=None, region_code=None, timezone=None, version=Question.version + 1)
        .execution_options(synchronize_session=False)
    )
    for column in (Question.claimed_by_id, Question.answered_by_id):
        await uow.session.execute(
            update(Question)
            .where(column == person_id)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
