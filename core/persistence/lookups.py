"""Fetch one row or say plainly that it is not there: the one get-or-NotFound of the hub."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

from core.domain.errors import NotFound
from core.persistence.uow import UnitOfWork

Row = TypeVar("Row")


async def get_or_not_found(
    uow: UnitOfWork,
    model: type[Row],
    key: Any,
    message: str,
    *,
    fresh: bool = False,
    **params: Any,
) -> Row:
    """The row of `model` with primary key `key`; NotFound(`message`, **params) otherwise.

    `fresh` reloads a row already in the session (another transaction may have changed it).
    """
    row = await uow.session.get(model, key, populate_existing=fresh)
    if row is None:
        raise NotFound(message, **params)
    return row


async def one_or_not_found(uow: UnitOfWork, query: Select[Row], message: str, **params: Any) -> Row:
    """The first row `query` selects; NotFound(`message`, **params) when it selects none."""
    row = await uow.session.scalar(query)
    if row is None:
        raise NotFound(message, **params)
    return row
