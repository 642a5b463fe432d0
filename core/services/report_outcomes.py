"""An approved report becomes what it proposes: a newsletter item, a practice, an event..."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from core.domain.errors import N_, InvalidInput
from core.domain.kinds import (
    ConceptualBasis,
    PracticeCategory,
    PublicationStatus,
    Rubric,
)
from core.domain.reports import ReportType
from core.persistence.models import FieldReport, NewsletterItem, Person, Practice
from core.persistence.uow import UnitOfWork
from core.services.events import create_event_draft

NEWS_RUBRICS = (Rubric.NEWS, Rubric.SUCCESS_STORY)


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60]


async def create_outcome(
    report: FieldReport,
    uow: UnitOfWork,
    *,
    moderator_id: int | None,
    now: datetime,
    rubric: Rubric | None = None,
    answer: str = "",
) -> tuple[str, int | None]:
    """Create the draft that an approved report proposes; return (outcome kind, its id).

    Everything created is a draft: the Secretariat reviews and publishes it in its own
    feature. A partner lead stays the report itself (listed for the Secretariat), and an
    approved request is answered by the decision's message.

    Args:
        report: the report just approved.
        uow: the open unit of work.
        moderator_id: who approved it.
        now: the current instant.
        rubric: for news, NEWS (default) or SUCCESS_STORY.
        answer: the moderator's message (the answer to a request).
    """
    kind = ReportType(report.type)
    language = report.language or "en"
    if kind is ReportType.NEWS:
        if rubric is not None and rubric not in NEWS_RUBRICS:
            raise InvalidInput(N_("News becomes a news item or a success story."))
        byline = "" if report.hide_author else f"\n\n— {await _author(report, uow)}"
        item = NewsletterItem(
            rubric=rubric or Rubric.NEWS,
            title={language: report.title},
            body={language: report.text + byline},
            status=PublicationStatus.DRAFT,
            region_code=report.region_code,
            source_report_id=report.id,
            created_by_id=moderator_id,
            created_at=now,
        )
        return await _added("newsletter_item", item, uow)
    if kind is ReportType.PRACTICE:
        practice = Practice(
            slug=f"report-{report.id}-{slugify(report.title)}".rstrip("-"),
            category=PracticeCategory.INTEGRATED_SYSTEM,
            names={language: report.title},
            description={language: report.text},
            basis=ConceptualBasis.FIELD,
            regions=[report.region_code] if report.region_code else [],
            status=PublicationStatus.DRAFT,
            source_report_id=report.id,
            notes=f"From field report #{report.id}; check the category before publishing."
            + ("" if report.hide_author else f" Reported by {await _author(report, uow)}."),
            created_at=now,
        )
        return await _added("practice", practice, uow)
    if kind is ReportType.EVENT_PROPOSAL:
        place = None
        if (
            not report.hide_location
            and report.latitude is not None
            and report.longitude is not None
        ):
            place = f"{report.latitude:.5f}, {report.longitude:.5f}"
        # The date is not known yet: the draft starts "now" until the Secretariat sets it.
        event_id = await create_event_draft(
            uow,
            title={language: report.title},
            description={language: report.text},
            starts_at=now,
            place=place,
            region_code=report.region_code,
            source_report_id=report.id,
        )
        return "event", event_id
    if kind is ReportType.PARTNER_LEAD:
        return "partner_lead", None
    return ("answer" if answer else "acknowledged"), None


async def _added(kind: str, row: NewsletterItem | Practice, uow: UnitOfWork) -> tuple[str, int]:
    uow.session.add(row)
    await uow.session.flush()
    return kind, row.id


async def _author(report: FieldReport, uow: UnitOfWork) -> str:
    person = await uow.session.get(Person, report.author_id) if report.author_id else None
    return (person.display_name or person.name) if person else "?"
