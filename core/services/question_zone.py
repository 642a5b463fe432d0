"""The agro-climatic zone a question is about, when the question names one.

Nothing in the hub's data ties a person or a region to a zone: a region's practices span
nearly every zone (Europe's list humid tropical ones), and people share no place that is kept.
So the zone is taken only from what the asker wrote ("en zone semi-aride", "semiárido"), and
left empty otherwise rather than guessed.
"""

from __future__ import annotations

from sqlalchemy import select

from core.persistence.models import AgroClimaticZone
from core.persistence.uow import UnitOfWork
from core.search.text import fold


def _inside(name: str, other: str) -> bool:
    return name != other and f" {name} " in f" {other} "


async def zone_names(uow: UnitOfWork) -> dict[str, dict[str, str]]:
    """Zone code -> its names by language."""
    zones = (await uow.session.scalars(select(AgroClimaticZone))).all()
    return {z.code: {str(k): str(v) for k, v in (z.names or {}).items()} for z in zones}


async def named_zone(text: str, uow: UnitOfWork) -> str | None:
    """The one zone `text` names by its code or a name in any language, else None."""
    folded = f" {fold(text)} "
    hits: list[tuple[str, str]] = []
    for code, names in (await zone_names(uow)).items():
        for name in {fold(code.replace("-", " ")), *(fold(n) for n in names.values())}:
            if name and f" {name} " in folded:
                hits.append((name, code))
    # "aride" inside "semi aride" is not a mention of its own
    named = {code for name, code in hits if not any(_inside(name, other) for other, _ in hits)}
    return named.pop() if len(named) == 1 else None
