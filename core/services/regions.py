"""Regions by code or by their name in any language, any case and accents: one lookup for all."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.domain.errors import N_, InvalidInput
from core.persistence.models import Region
from core.persistence.uow import UnitOfWork
from core.search.text import fold


class UnknownRegion(InvalidInput):
    """The value names no region; the message lists the valid codes."""

    def __init__(self, value: str, choices: str) -> None:
        super().__init__(
            N_("unknown region {value} (use one of: {choices})"), value=value[:60], choices=choices
        )


@dataclass(frozen=True)
class RegionIndex:
    """Every region's code and names, folded, for matching what people type."""

    keys: dict[str, str]  # folded code or name -> code
    codes: tuple[str, ...]

    def match(self, value: str) -> str | None:
        """The code `value` names ('West Africa', 'afrique de l’ouest', 'west-africa'), or None."""
        return self.keys.get(fold(value))

    def choices(self) -> str:
        return ", ".join(self.codes)

    def resolve(self, value: str) -> str:
        """The code `value` names; UnknownRegion (listing the codes) when it names none."""
        code = self.match(value)
        if code is None:
            raise UnknownRegion(value, self.choices())
        return code


async def region_index(uow: UnitOfWork) -> RegionIndex:
    """The lookup over the regions in the database."""
    keys: dict[str, str] = {}
    codes = []
    for region in await uow.session.scalars(select(Region).order_by(Region.code)):
        codes.append(region.code)
        for name in (region.code, *(str(n) for n in (region.names or {}).values())):
            keys.setdefault(fold(name), region.code)
    return RegionIndex(keys, tuple(codes))


async def resolve_region(value: str, uow: UnitOfWork) -> str:
    """The region code that `value` names, by code or name; UnknownRegion otherwise."""
    return (await region_index(uow)).resolve(value)
