"""Regions by code or by their name in any language, any case and accents: one lookup for all."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from core.domain.errors import N_, InvalidInput
from core.domain.vocabulary import Named
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
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> language -> name

    def match(self, value: str) -> str | None:
        """The code `value` names ('West Africa', 'afrique de l’ouest', 'west-africa'), or None."""
        return self.keys.get(fold(value))

    def partial(self, value: str) -> list[str]:
        """The codes whose code or a name holds every word of `value` ('afrique' -> 3 codes)."""
        wanted = fold(value).split()
        if not wanted:
            return []
        found = {
            code for key, code in self.keys.items() if all(word in key.split() for word in wanted)
        }
        return [code for code in self.codes if code in found]

    def find(self, value: str) -> str | None:
        """The code `value` names, even by part of a name; None when it names none.

        Raises InvalidInput (naming the candidates) when part of a name fits several regions.
        """
        code = self.match(value)
        if code is not None:
            return code
        found = self.partial(value)
        if len(found) > 1:
            raise InvalidInput(
                N_("{value} may be {regions}: which one?"),
                value=value[:60],
                regions=Named(tuple(self.names.get(code) or {"en": code} for code in found)),
            )
        return found[0] if found else None

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
    names: dict[str, dict[str, str]] = {}
    codes = []
    for region in await uow.session.scalars(select(Region).order_by(Region.code)):
        codes.append(region.code)
        names[region.code] = {str(k): str(v) for k, v in (region.names or {}).items()}
        for name in (region.code, *(str(n) for n in (region.names or {}).values())):
            keys.setdefault(fold(name), region.code)
    return RegionIndex(keys, tuple(codes), names)


async def region_names(uow: UnitOfWork) -> dict[str, dict[str, str]]:
    """Every region's names by language, keyed by code, in code order."""
    return (await region_index(uow)).names


async def region_exists(code: str, uow: UnitOfWork) -> bool:
    """Whether `code` is the exact code of a region."""
    return await uow.session.get(Region, code) is not None


async def resolve_region(value: str, uow: UnitOfWork) -> str:
    """The region code that `value` names, by code or name; UnknownRegion otherwise."""
    return (await region_index(uow)).resolve(value)
