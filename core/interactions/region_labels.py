"""Region names in the reader's language: the one place interactions turn codes into names."""

from __future__ import annotations

from core.i18n import Translator
from core.persistence.uow import UnitOfWork
from core.services.regions import region_names


def pick_name(t: Translator, code: str, names: dict[str, str] | None) -> str:
    """The region's name in the reader's language (or a fallback), else its code."""
    return t.pick(names)[0] or code


async def region_labels(t: Translator, uow: UnitOfWork) -> dict[str, str]:
    """Region code -> name in the reader's language, in code order."""
    return {code: pick_name(t, code, names) for code, names in (await region_names(uow)).items()}


async def region_label(t: Translator, code: str | None, uow: UnitOfWork) -> str:
    """One region's name in the reader's language ("" for no region, the code if unknown)."""
    if not code:
        return ""
    return (await region_labels(t, uow)).get(code, code)
