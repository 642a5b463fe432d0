"""Dashboard figures of the experts' questions: asked, answered, median time to answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from statistics import median

from sqlalchemy import select

from core.persistence.models import Question
from core.persistence.uow import UnitOfWork

NO_REGION = ""


@dataclass(frozen=True)
class Tally:
    asked: int = 0
    answered: int = 0
    median_hours: float | None = None  # from asking to the answer, over the answered ones


@dataclass(frozen=True)
class QuestionFigures:
    total: Tally = field(default_factory=Tally)
    by_region: dict[str, Tally] = field(default_factory=dict)
    by_language: dict[str, Tally] = field(default_factory=dict)


def _tally(waits: Iterable[timedelta | None]) -> Tally:
    waits = list(waits)
    done = [w.total_seconds() / 3600 for w in waits if w is not None]
    return Tally(len(waits), len(done), round(median(done), 1) if done else None)


def _grouped(rows: list[tuple[str, timedelta | None]]) -> dict[str, Tally]:
    keys = sorted({key for key, _ in rows})
    tallies = {key: _tally(w for k, w in rows if k == key) for key in keys}
    return dict(sorted(tallies.items(), key=lambda pair: (-pair[1].asked, pair[0])))


async def question_figures(uow: UnitOfWork) -> QuestionFigures:
    """Count questions and time their answers, overall, by region and by language."""
    rows = (
        await uow.session.execute(
            select(Question.region_code, Question.language, Question.asked_at, Question.answered_at)
        )
    ).all()
    waits = [
        (region, language, (done - asked) if done else None)
        for region, language, asked, done in rows
    ]
    return QuestionFigures(
        _tally(w for _, _, w in waits),
        _grouped([(region or NO_REGION, w) for region, _, w in waits]),
        _grouped([(language, w) for _, language, w in waits]),
    )
