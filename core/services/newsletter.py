"""Newsletter items: the Secretariat writes, translates and publishes them; everyone reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.domain import vocabulary
from core.domain.actor import Actor
from core.domain.errors import N_, Conflict, InvalidInput
from core.domain.kinds import PublicationStatus, Rubric
from core.domain.newsletter import MAX_BODY, MAX_TITLE
from core.domain.people import CAN_MODERATE
from core.i18n import LANGUAGES
from core.persistence.lookups import get_or_not_found
from core.persistence.models import NewsletterItem
from core.persistence.uow import UnitOfWork
from core.services.newsletter_views import ItemView, item_view
from core.services.outcome_notices import tell_author_published
from core.services.people import parse_language
from core.services.regions import region_exists


def _rubric(value: str) -> Rubric:
    found = vocabulary.parse(vocabulary.RUBRIC, value)
    if found is None:
        raise InvalidInput(
            N_("Unknown rubric {rubric}. Choose one of: {choices}."),
            rubric=value[:40],
            choices=vocabulary.Choices(vocabulary.RUBRIC),
        )
    return Rubric(found)


def _texts(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    if not title:
        raise InvalidInput(N_("An item needs a title."))
    if len(title) > MAX_TITLE or len(body) > MAX_BODY:
        raise InvalidInput(
            N_("Too long: at most {title} characters of title and {body} of text."),
            title=MAX_TITLE,
            body=MAX_BODY,
        )
    return title, body


async def _get_item(item_id: int, uow: UnitOfWork) -> NewsletterItem:
    message = N_("There is no newsletter item {id}.")
    return await get_or_not_found(uow, NewsletterItem, item_id, message, id=item_id)


async def write_item(
    actor: Actor,
    *,
    rubric: str,
    language: str,
    title: str,
    body: str,
    uow: UnitOfWork,
    region: str | None = None,
    source_report_id: int | None = None,
) -> ItemView:
    """Write a draft item in one language (Secretariat and admins).

    Args:
        actor: who writes it; must be Secretariat or admin.
        rubric: news, success_story, key_figure, practice_sheet, event or press_review.
        language: the language of `title` and `body` (fr, en, es).
        title: the headline, plain text (markup is shown as written, never interpreted).
        body: the text, plain.
        uow: the open unit of work (the caller commits).
        region: a region code, or None for news concerning everyone.
        source_report_id: the approved field report the item comes from, if any.
    """
    actor.require(CAN_MODERATE)
    title, body = _texts(title, body)
    if region is not None and not await region_exists(region, uow):
        raise InvalidInput(N_("Unknown region {region}."), region=region[:40])
    item = NewsletterItem(
        rubric=_rubric(rubric),
        title={parse_language(language): title},
        body={language: body},
        status=PublicationStatus.DRAFT,
        region_code=region,
        source_report_id=source_report_id,
        created_by_id=actor.person_id or None,
    )
    uow.session.add(item)
    await uow.session.flush()
    return item_view(item)


async def translate_item(
    actor: Actor, item_id: int, *, language: str, title: str, body: str, uow: UnitOfWork
) -> ItemView:
    """Add or replace one language's title and text of an item."""
    actor.require(CAN_MODERATE)
    title, body = _texts(title, body)
    item = await _get_item(item_id, uow)
    language = parse_language(language)
    item.title = {**item.title, language: title}
    item.body = {**item.body, language: body}
    return item_view(item)


async def publish_item(actor: Actor, item_id: int, now: datetime, uow: UnitOfWork) -> ItemView:
    """Publish a draft: it goes into the next digests of everyone it concerns."""
    actor.require(CAN_MODERATE)
    item = await _get_item(item_id, uow)
    if item.status == PublicationStatus.PUBLISHED:
        raise Conflict(N_("Item {id} is already published."), id=item_id)
    item.status = PublicationStatus.PUBLISHED
    item.published_at = now
    await tell_author_published(uow, item.source_report_id, "newsletter_item", item.id)
    return item_view(item)


async def archive_item(actor: Actor, item_id: int, uow: UnitOfWork) -> ItemView:
    """Withdraw an item from future digests and from /latest."""
    actor.require(CAN_MODERATE)
    item = await _get_item(item_id, uow)
    item.status = PublicationStatus.ARCHIVED
    return item_view(item)


async def list_items(
    uow: UnitOfWork, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> list[ItemView]:
    """Items (of one status, or all), newest first."""
    query = select(NewsletterItem).order_by(NewsletterItem.id.desc()).offset(offset).limit(limit)
    if status:
        query = query.where(NewsletterItem.status == status)
    return [item_view(row) for row in await uow.session.scalars(query)]


async def latest_items(uow: UnitOfWork, limit: int = 5) -> list[ItemView]:
    """The most recently published items, newest first."""
    query = (
        select(NewsletterItem)
        .where(NewsletterItem.status == PublicationStatus.PUBLISHED)
        .order_by(NewsletterItem.published_at.desc(), NewsletterItem.id.desc())
        .limit(limit)
    )
    return [item_view(row) for row in await uow.session.scalars(query)]


@dataclass(frozen=True)
class MissingTranslation:
    item_id: int
    status: str
    title: str
    has: tuple[str, ...]
    missing: tuple[str, ...]


async def missing_translations(uow: UnitOfWork) -> list[MissingTranslation]:
    """Drafts and published items lacking a title or text in one of the three languages."""
    query = (
        select(NewsletterItem)
        .where(NewsletterItem.status != PublicationStatus.ARCHIVED)
        .order_by(NewsletterItem.id)
    )
    queue = []
    for item in (await uow.session.scalars(query)).all():
        bodiless = not any(item.body.values())
        has = tuple(
            lang for lang in LANGUAGES if item.title.get(lang) and (item.body.get(lang) or bodiless)
        )
        if len(has) < len(LANGUAGES):
            missing = tuple(lang for lang in LANGUAGES if lang not in has)
            title = next((str(item.title[lang]) for lang in LANGUAGES if item.title.get(lang)), "")
            queue.append(MissingTranslation(item.id, item.status, title, has, missing))
    return queue
