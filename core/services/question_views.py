"""Questions to the experts as plain read models: what interactions and ways in are given."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.persistence.models import Question


@dataclass(frozen=True)
class QuestionView:
    """A question as it stands: its text, asker's language and region, claim and answer."""

    id: int
    asker_id: int | None
    text: str
    language: str
    region_code: str | None
    zone_code: str | None
    status: str
    asked_at: datetime
    claimed_by_id: int | None
    claim_expires_at: datetime | None
    answer_text: str | None
    answer_language: str | None
    answered_by_name: str | None
    answered_at: datetime | None
    rating: str | None
    asker_consent: bool | None
    expert_consent: bool | None
    published_at: datetime | None
    practices: tuple[str, ...] = ()
    translations: dict[str, Any] = field(default_factory=dict)  # {language: {part: text}}


def question_view(row: Question) -> QuestionView:
    """The plain copy of a question row."""
    return QuestionView(
        id=row.id,
        asker_id=row.asker_id,
        text=row.text,
        language=row.language,
        region_code=row.region_code,
        zone_code=row.zone_code,
        status=row.status,
        asked_at=row.asked_at,
        claimed_by_id=row.claimed_by_id,
        claim_expires_at=row.claim_expires_at,
        answer_text=row.answer_text,
        answer_language=row.answer_language,
        answered_by_name=row.answered_by_name,
        answered_at=row.answered_at,
        rating=row.rating,
        asker_consent=row.asker_consent,
        expert_consent=row.expert_consent,
        published_at=row.published_at,
        practices=tuple(str(slug) for slug in row.practices or ()),
        translations={
            str(k): dict(v) for k, v in (row.translations or {}).items() if isinstance(v, dict)
        },
    )
