"""Published Q&A entries, searchable in any language through the practices they mention.

A small ranked index of its own, rebuilt when the published entries change (they are few and
change rarely). Each entry is indexed with its question and answer in their languages, and
with the names of the practices it mentions in all three, so a question typed in Spanish
finds an answer written in English about the same practice.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from core.domain.kinds import PublicationStatus
from core.domain.question_languages import Texts, texts_in
from core.persistence.models import Practice, Question
from core.persistence.uow import UnitOfWork
from core.search.analysis import LANGS
from core.search.ranked import Document, RankedIndex
from core.search.text import fold

MIN_NAME = 4  # shorter folded names ('ac', 'tcs') are too ambiguous to count as a mention


@dataclass(frozen=True)
class PracticeLink:
    """A practice a Q&A entry mentions: its number (to open its card) and its names."""

    id: int
    names: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QAEntry:
    id: int
    question: str
    language: str
    answer: str
    answer_language: str
    expert: str
    translations: dict[str, Any] = field(default_factory=dict)
    practices: tuple[PracticeLink, ...] = ()

    def texts(self, language: str) -> Texts:
        """The question and its answer for a reader of `language` (theirs when it exists)."""
        return texts_in(
            language,
            question=self.question,
            asked_in=self.language,
            answer=self.answer,
            written_in=self.answer_language,
            translations=self.translations,
        )


@dataclass
class _Live:
    version: tuple[Any, ...]
    index: RankedIndex[int]
    entries: dict[int, QAEntry]


_LIVE: weakref.WeakKeyDictionary[Engine, _Live] = weakref.WeakKeyDictionary()


def _names(practice: Practice) -> dict[str, list[str]]:
    """A practice's names and synonyms by language."""
    found: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for table in (practice.names or {}, practice.synonyms or {}):
        for lang, value in table.items():
            values = value if isinstance(value, list) else [value]
            found.setdefault(lang, []).extend(str(v) for v in values if v)
    return found


async def _practices(uow: UnitOfWork) -> list[Practice]:
    query = select(Practice).where(Practice.status == PublicationStatus.PUBLISHED)
    return list((await uow.session.scalars(query)).all())


async def mentioned_practices(text: str, uow: UnitOfWork) -> list[str]:
    """Slugs of the published practices whose name or synonym `text` contains."""
    folded = f" {fold(text)} "
    found = []
    for practice in await _practices(uow):
        names = {fold(n) for values in _names(practice).values() for n in values}
        if any(len(n) >= MIN_NAME and f" {n} " in folded for n in names):
            found.append(practice.slug)
    return found


async def _version(uow: UnitOfWork) -> tuple[Any, ...]:
    row = (
        await uow.session.execute(
            select(
                func.count(Question.id),
                func.max(Question.published_at),
                func.max(Question.id),
                func.sum(Question.version),  # a translation added changes the entry
            ).where(Question.published_at.is_not(None))
        )
    ).one()
    return tuple(row)


async def _build(uow: UnitOfWork, version: tuple[Any, ...]) -> _Live:
    published = (
        await uow.session.scalars(select(Question).where(Question.published_at.is_not(None)))
    ).all()
    rows = await _practices(uow)
    practices = {p.slug: _names(p) for p in rows}
    links = _links(rows)
    index: RankedIndex[int] = RankedIndex()
    entries: dict[int, QAEntry] = {}
    for q in published:
        entry = _entry(q, links)
        entries[q.id] = entry
        titles: dict[str, list[str]] = {lang: [] for lang in LANGS}
        texts: dict[str, list[str]] = {lang: [] for lang in LANGS}
        titles.setdefault(entry.language, []).append(entry.question)
        texts.setdefault(entry.answer_language, []).append(entry.answer)
        for lang, translated in entry.translations.items():
            titles.setdefault(lang, []).append(str(translated.get("question") or ""))
            texts.setdefault(lang, []).append(str(translated.get("answer") or ""))
        names: list[str] = []
        for slug in q.practices or ():
            for lang, values in practices.get(slug, {}).items():
                titles.setdefault(lang, []).extend(values)
                names += values
        index.put(q.id, Document(tuple(names), titles, texts))
    await asyncio.to_thread(index.commit)
    return _Live(version, index, entries)


def _links(practices: list[Practice]) -> dict[str, PracticeLink]:
    return {p.slug: PracticeLink(p.id, dict(p.names or {})) for p in practices}


def _entry(q: Question, links: dict[str, PracticeLink] | None = None) -> QAEntry:
    known = links or {}
    mentioned = [known[slug] for slug in q.practices or () if slug in known]
    return QAEntry(
        q.id,
        q.text,
        q.language,
        q.answer_text or "",
        q.answer_language or q.language,
        q.answered_by_name or "",
        {
            str(lang): dict(texts)
            for lang, texts in (q.translations or {}).items()
            if isinstance(texts, dict)
        },
        tuple(mentioned),
    )


async def published_entry(question_id: int, uow: UnitOfWork) -> QAEntry | None:
    """A published Q&A entry by its number (with the practices it mentions), or None."""
    q = await uow.session.get(Question, question_id, populate_existing=True)
    if q is None or q.published_at is None:
        return None
    slugs = [str(slug) for slug in q.practices or ()]
    found = await uow.session.scalars(
        select(Practice).where(
            Practice.slug.in_(slugs), Practice.status == PublicationStatus.PUBLISHED
        )
    )
    return _entry(q, _links(list(found.all())))


async def find_answers(text: str, uow: UnitOfWork, *, limit: int = 3) -> list[QAEntry]:
    """The published Q&A entries closest to `text`, best first."""
    engine = uow.session.get_bind()
    if not isinstance(engine, Engine):
        raise TypeError("the unit of work is bound to a connection, not an engine")
    version = await _version(uow)
    if not version[0]:
        return []
    live = _LIVE.get(engine)
    if live is None or live.version != version:
        live = _LIVE[engine] = await _build(uow, version)
    found = live.index.search(text, limit=limit)
    return [live.entries[hit.ref] for hit in found.hits if hit.ref in live.entries]


async def answered_since(since: datetime, uow: UnitOfWork) -> list[QAEntry]:
    """Q&A entries published since `since`, oldest first (a digest's "answered this month")."""
    query = (
        select(Question)
        .where(Question.published_at.is_not(None), Question.published_at >= since)
        .order_by(Question.published_at, Question.id)
    )
    return [_entry(q) for q in (await uow.session.scalars(query)).all()]


def entry_params(entry: QAEntry, limit: int = 280) -> dict[str, Any]:
    """A Q&A entry for an outbox payload (texts shortened at a word)."""

    def short(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"

    return {
        "id": entry.id,
        "question": short(entry.question),
        "answer": short(entry.answer),
        "language": entry.language,
        "answer_language": entry.answer_language,
        "translations": {
            lang: {part: short(str(text)) for part, text in parts.items() if text}
            for lang, parts in entry.translations.items()
        },
    }
