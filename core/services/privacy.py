"""A person's data: all of it as a file (/mydata), or erased everywhere (/forget)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from core.domain.delivery import OutboxStatus
from core.persistence.models import (
    BureauVote,
    ConsentRecord,
    ConversationDraft,
    Digest,
    EventFollow,
    FieldReport,
    Invitation,
    MembershipApplication,
    OutboxMessage,
    Person,
    Question,
    ReportAttachment,
    ReportAuditEntry,
    Rsvp,
    Subscription,
)
from core.persistence.uow import UnitOfWork
from core.services.question_privacy import forget_asker
from core.services.subscriptions import cancel_pending

log = logging.getLogger(__name__)

ERASED = "erased"


def _plain(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        column.key: getattr(row, column.key)
        for column in row.__table__.columns
        if column.key not in skip
    }


async def _all(uow: UnitOfWork, model: Any, *where: Any, skip: tuple[str, ...] = ()) -> list[Any]:
    rows = (await uow.session.scalars(select(model).where(*where))).all()
    return [_plain(row, skip) for row in rows]


async def export_person_data(person_id: int, now: datetime, uow: UnitOfWork) -> dict[str, Any]:
    """Everything the hub holds about the person, as plain JSON-ready values.

    Args:
        person_id: whose data (only they may ask for it).
        now: the instant of the export, written in it.
        uow: the open unit of work.
    """
    person = await uow.session.get_one(Person, person_id)
    reports = await _all(uow, FieldReport, FieldReport.author_id == person_id)
    report_ids = [report["id"] for report in reports]
    outbox = await _all(
        uow,
        OutboxMessage,
        OutboxMessage.person_id == person_id,
        OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
        skip=("lease_until",),
    )
    subscriptions = await _all(uow, Subscription, Subscription.person_id == person_id)
    return {
        "exported_at": now,
        "profile": _plain(person),
        "identities": [_plain(identity) for identity in person.identities],
        "roles": [_plain(grant) for grant in person.roles],
        "subscriptions": subscriptions,
        "consent_log": await _all(uow, ConsentRecord, ConsentRecord.person_id == person_id),
        "digests": await _all(
            uow, Digest, Digest.subscription_id.in_([s["id"] for s in subscriptions])
        ),
        "field_reports": reports,
        "report_attachments": await _all(
            uow, ReportAttachment, ReportAttachment.report_id.in_(report_ids)
        ),
        "rsvps": await _all(uow, Rsvp, Rsvp.person_id == person_id),
        "event_follows": await _all(uow, EventFollow, EventFollow.person_id == person_id),
        "membership_applications": await _all(
            uow, MembershipApplication, MembershipApplication.submitted_by_id == person_id
        ),
        "bureau_votes": await _all(uow, BureauVote, BureauVote.person_id == person_id),
        "questions": await _all(uow, Question, Question.asker_id == person_id),
        "conversation_drafts": await _all(
            uow, ConversationDraft, ConversationDraft.person_id == person_id
        ),
        "pending_messages": outbox,
    }


def to_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()


@dataclass(frozen=True)
class Erased:
    person_id: int
    cancelled_messages: int


async def forget_person(person_id: int, now: datetime, uow: UnitOfWork) -> Erased:
    """Erase the person everywhere; keep only an anonymous row saying someone was erased.

    Identities, roles, consent log, subscriptions, dialogs, RSVPs and follows are deleted;
    unsent messages are cancelled and every outbox row is stripped of recipient and content;
    their reports stay as the Initiative's content, without author or location; votes stay,
    attached to the now anonymous row.

    Args:
        person_id: who asked to be forgotten (only they may, after a confirmation).
        now: when (the only thing kept, with the internal id).
        uow: the open unit of work (the caller commits).
    """
    person = await uow.session.get_one(Person, person_id)
    old_name = person.name
    session = uow.session
    cancelled = await cancel_pending(person_id, uow)
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.person_id == person_id)
        .values(person_id=None, recipient=ERASED, payload={}, last_error=None)
        .execution_options(synchronize_session=False)
    )
    subscription_ids = select(Subscription.id).where(Subscription.person_id == person_id)
    await session.execute(
        update(Digest)
        .where(Digest.subscription_id.in_(subscription_ids))
        .values(subscription_id=None, outbox_key=None)
        .execution_options(synchronize_session=False)
    )
    for model in (Subscription, ConsentRecord, ConversationDraft, Rsvp, EventFollow):
        await session.execute(
            delete(model)
            .where(model.person_id == person_id)
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        update(FieldReport)
        .where(FieldReport.author_id == person_id)
        .values(
            author_id=None,
            latitude=None,
            longitude=None,
            hide_author=True,
            version=FieldReport.version + 1,  # a changed report (remembered sketches follow)
        )
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(FieldReport)
        .where(FieldReport.claimed_by_id == person_id)
        .values(claimed_by_id=None, claim_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(ReportAuditEntry)
        .where(or_(ReportAuditEntry.actor_id == person_id, ReportAuditEntry.actor_name == old_name))
        .values(actor_id=None, actor_name=ERASED)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(MembershipApplication)
        .where(MembershipApplication.submitted_by_id == person_id)
        .values(submitted_by_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Invitation)
        .where(or_(Invitation.used_by_id == person_id, Invitation.created_by == old_name))
        .values(used_by_id=None, created_by=None)
        .execution_options(synchronize_session=False)
    )
    await forget_asker(person_id, uow)
    person.identities.clear()
    person.roles.clear()
    person.name = f"{ERASED}-{person_id}"
    person.display_name = ""
    person.language = None
    person.timezone = None
    person.erased_at = now
    await session.flush()
    log.info("person %s erased at their request", person_id)
    return Erased(person_id, cancelled)
