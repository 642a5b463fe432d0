"""A field report being written, kept in the database step by step (it survives restarts).

The draft is a row of `conversation_drafts` (flow "report"): its `step` and a JSON `data`
holding what was sent so far. Concurrent inputs of one person (an album of photos arrives
as several messages at once) are serialised by touching the row before reading it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from core.domain.reports import ReportType
from core.persistence.models import ConversationDraft
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert
from core.services.reports import Attachment, ReportContent

FLOW = "report"


@dataclass(frozen=True)
class DraftView:
    """Where a person's draft stands: its step and what was sent so far (a copy)."""

    step: str
    data: dict[str, Any] = field(default_factory=dict)


def _view(row: ConversationDraft) -> DraftView:
    return DraftView(row.step, dict(row.data or {}))


def empty_data() -> dict[str, Any]:
    return {
        "type": None,
        "title": "",
        "text": "",
        "attachments": [],
        "latitude": None,
        "longitude": None,
        "hide_author": False,
        "hide_location": False,
        "report_id": None,
        "editing": False,
    }


async def find_draft(person_id: int, uow: UnitOfWork, *, flow: str = FLOW) -> DraftView | None:
    """The person's draft, read without locking (to know whether there is one)."""
    row = await uow.session.scalar(
        select(ConversationDraft).where(
            ConversationDraft.person_id == person_id, ConversationDraft.flow == flow
        )
    )
    return None if row is None else _view(row)


async def lock_draft(
    person_id: int, uow: UnitOfWork, *, now: datetime, flow: str = FLOW
) -> DraftView | None:
    """The person's draft, write-locked until commit so no concurrent input is lost."""
    mine = (ConversationDraft.person_id == person_id, ConversationDraft.flow == flow)
    touched = await uow.session.execute(
        update(ConversationDraft)
        .where(*mine)
        .values(updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if not getattr(touched, "rowcount", 0):
        return None
    row = await uow.session.scalar(
        select(ConversationDraft).where(*mine).execution_options(populate_existing=True)
    )
    return None if row is None else _view(row)


async def take_draft(
    person_id: int, uow: UnitOfWork, *, now: datetime, flow: str = FLOW
) -> DraftView | None:
    """`lock_draft` for what a person types: read first, so that the many who have no draft
    of `flow` take no write lock (on SQLite, the one writer) for each message."""
    if await find_draft(person_id, uow, flow=flow) is None:
        return None
    return await lock_draft(person_id, uow, now=now, flow=flow)


async def start_draft(
    person_id: int,
    uow: UnitOfWork,
    *,
    now: datetime,
    step: str,
    data: dict[str, Any],
    flow: str = FLOW,
) -> DraftView:
    """Start (or start over) the person's draft."""
    statement = dialect_insert(uow, ConversationDraft).values(
        person_id=person_id, flow=flow, step=step, data=data, updated_at=now
    )
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=["person_id", "flow"],
            set_={"step": step, "data": data, "updated_at": now},
        )
    )
    draft = await lock_draft(person_id, uow, now=now, flow=flow)
    if draft is None:  # just written in this transaction
        raise RuntimeError("the draft just saved is gone")
    return draft


async def save_draft(
    person_id: int,
    step: str,
    data: dict[str, Any],
    uow: UnitOfWork,
    *,
    now: datetime,
    flow: str = FLOW,
) -> None:
    """Record the new step and data of the person's (locked) draft."""
    await uow.session.execute(
        update(ConversationDraft)
        .where(ConversationDraft.person_id == person_id, ConversationDraft.flow == flow)
        .values(step=step, data=dict(data), updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def discard_draft(person_id: int, uow: UnitOfWork, *, flow: str = FLOW) -> bool:
    """Delete the draft; False when there was none (already sent or cancelled)."""
    result = await uow.session.execute(
        delete(ConversationDraft)
        .where(ConversationDraft.person_id == person_id, ConversationDraft.flow == flow)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(result, "rowcount", 0))


def content_of(data: dict[str, Any]) -> ReportContent:
    """The draft as report content, ready to submit."""
    return ReportContent(
        type=ReportType(data.get("type") or ReportType.NEWS),
        title=str(data.get("title") or ""),
        text=str(data.get("text") or ""),
        attachments=tuple(Attachment(**a) for a in data.get("attachments") or ()),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        hide_author=bool(data.get("hide_author")),
        hide_location=bool(data.get("hide_location")),
    )
