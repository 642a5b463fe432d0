"""Shared steps of the field-report tests: file a report, read rows back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.actor import Actor
from core.domain.people import Channel
from core.domain.reports import ReportType
from core.interactions.model import Reply
from core.services import people, reports
from core.services.reports import ReportContent


async def actor_of(hub: Hub, name: str) -> Actor:
    async with hub.uow() as uow:
        person = await people.get_person_by_name(name, uow)
        return people.to_actor(person, Channel.CONSOLE, hub.defaults)


async def file_report(
    hub: Hub,
    author: str,
    title: str,
    text: str = "Some text",
    kind: ReportType = ReportType.NEWS,
    **extra: Any,
) -> int:
    """File a report as `author` through the service; return its number."""
    actor = await actor_of(hub, author)
    async with hub.uow() as uow:
        content = ReportContent(type=kind, title=title, text=text, **extra)
        report = await reports.submit_report(actor, content, uow, now=hub.now())
        await uow.commit()
        return report.id


async def rows(hub: Hub, model: type, *where: Any) -> list[Any]:
    """Every row of `model` (matching `where`), by id, readable after the session closes."""
    async with hub.uow() as uow:
        found = list(
            (await uow.session.scalars(select(model).where(*where).order_by(model.id))).all()
        )  # type: ignore[attr-defined]
        uow.session.expunge_all()
        return found


def button_data(replies: list[Reply]) -> dict[str, str]:
    return {b.label: b.data for r in replies for row in r.buttons for b in row}
