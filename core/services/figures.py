"""The "4 per 1000 Dashboard" (goal F3): near-real-time figures of the Initiative's progress."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from core.persistence.models import FieldReport, Partner, Subscription
from core.persistence.uow import UnitOfWork
from core.services.question_figures import QuestionFigures, question_figures

NO_REGION = ""  # the key of rows without a region


@dataclass(frozen=True)
class Figures:
    """Counts keyed by category, region, status or language (sorted, largest first)."""

    partners_by_category: dict[str, int] = field(default_factory=dict)
    partners_by_region: dict[str, int] = field(default_factory=dict)
    partners: int = 0
    members: int = 0
    reports_by_status: dict[str, int] = field(default_factory=dict)
    reports_by_region: dict[str, int] = field(default_factory=dict)
    subscribers_by_language: dict[str, int] = field(default_factory=dict)
    questions: QuestionFigures = field(default_factory=QuestionFigures)

    @property
    def subscribers(self) -> int:
        return sum(self.subscribers_by_language.values())

    @property
    def reports(self) -> int:
        return sum(self.reports_by_status.values())


def _ranked(rows: Sequence[Any]) -> dict[str, int]:
    counts = {(key or NO_REGION): int(n) for key, n in rows}
    return dict(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


async def _grouped(uow: UnitOfWork, column: Any, *where: Any) -> dict[str, int]:
    query = select(column, func.count()).where(*where).group_by(column)
    return _ranked((await uow.session.execute(query)).all())


async def dashboard(uow: UnitOfWork) -> Figures:
    """Read every figure of the dashboard in one go (a handful of GROUP BY queries).

    Args:
        uow: the open unit of work (read only).
    """
    members = await uow.session.scalar(
        select(func.count()).select_from(Partner).where(Partner.is_member.is_(True))
    )
    by_category = await _grouped(uow, Partner.category)
    return Figures(
        partners_by_category=by_category,
        partners_by_region=await _grouped(uow, Partner.region_code),
        partners=sum(by_category.values()),
        members=int(members or 0),
        reports_by_status=await _grouped(uow, FieldReport.status),
        reports_by_region=await _grouped(uow, FieldReport.region_code),
        subscribers_by_language=await _grouped(
            uow, Subscription.language, Subscription.active.is_(True)
        ),
        questions=await question_figures(uow),
    )
