"""Onboard people in bulk from rows (a CSV read by the CLI): all or nothing, never duplicates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from core.domain.errors import N_, DomainError
from core.domain.people import Channel, Role
from core.i18n import LANGUAGES
from core.persistence.models import Identity, Person
from core.persistence.uow import UnitOfWork
from core.services.people import grant_role, resolve_timezone
from core.services.regions import RegionIndex, region_index

COLUMNS = ("name", "telegram_id", "slack_id", "role", "region", "language", "timezone")
_TELEGRAM_ID = re.compile(r"^[1-9]\d{0,19}$")
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_NAME = re.compile(r"^[\w.@+-][\w .@+'-]{0,118}$")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str  # a gettext id
    params: dict[str, Any] = field(default_factory=dict)


class ImportRejected(DomainError):
    """Some rows are wrong: nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(N_("{count} rows have errors; nothing was imported."), count=len(errors))
        self.errors = errors


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int
    unchanged: int


async def import_people(rows: Iterable[tuple[int, dict[str, str]]], uow: UnitOfWork) -> Imported:
    """Create or update one person per row; raise ImportRejected (writing nothing) on any error.

    Args:
        rows: (line number, {column: cell}) with the columns of `COLUMNS`; empty cells allowed.
        uow: the open unit of work; the caller commits.
    """
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    regions = await region_index(uow)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for line, raw in rows:
        cells = {column: (raw.get(column) or "").strip() for column in COLUMNS}
        row_errors = _check(line, cells, regions, seen)
        if not row_errors:
            row_errors, outcome = await _apply(line, cells, uow)
            if outcome:
                counts[outcome] += 1
        errors.extend(row_errors)
    if errors:
        raise ImportRejected(errors)
    return Imported(**counts)


def _check(
    line: int, cells: dict[str, str], regions: RegionIndex, seen: dict[tuple[str, str], int]
) -> list[RowError]:
    errors: list[RowError] = []

    def bad(message: str, **params: Any) -> None:
        errors.append(RowError(line, message, params))

    if not _NAME.match(cells["name"]):
        bad(N_("the name is missing or has characters a name cannot have"))
    if cells["telegram_id"] and not _TELEGRAM_ID.match(cells["telegram_id"]):
        bad(
            N_("telegram_id {value} is not a Telegram user id (digits)"), value=cells["telegram_id"]
        )
    if cells["slack_id"] and not _SLACK_ID.match(cells["slack_id"]):
        bad(N_("slack_id {value} is not a Slack user id (like U0123ABC)"), value=cells["slack_id"])
    roles = {role.value for role in Role}
    if cells["role"] and cells["role"].lower() not in roles:
        bad(
            N_("unknown role {value} (use one of: {roles})"),
            value=cells["role"],
            roles=", ".join(sorted(roles)),
        )
    if cells["region"]:
        code = regions.match(cells["region"])
        if code is None:
            bad(
                N_("unknown region {value} (use one of: {choices})"),
                value=cells["region"],
                choices=regions.choices(),
            )
        else:
            cells["region"] = code
    if cells["role"].lower() == Role.CORRESPONDENT and not cells["region"]:
        bad(N_("a correspondent needs a region"))
    if cells["language"] and cells["language"].lower() not in LANGUAGES:
        bad(N_("unknown language {value} (use fr, en or es)"), value=cells["language"])
    if cells["timezone"]:
        try:
            cells["timezone"] = resolve_timezone(cells["timezone"])
        except DomainError:
            bad(N_("unknown time zone {value}"), value=cells["timezone"])
    for column in ("name", "telegram_id", "slack_id"):
        value = cells[column].lower()
        if value and (column, value) in seen:
            bad(
                N_("{column} {value} is already on line {other}"),
                column=column,
                value=cells[column],
                other=seen[(column, value)],
            )
        elif value:
            seen[(column, value)] = line
    return errors


async def _owner(channel: Channel, external_id: str, uow: UnitOfWork) -> Person | None:
    if not external_id:
        return None
    identity = await uow.session.scalar(
        select(Identity).where(Identity.channel == channel, Identity.external_id == external_id)
    )
    return await uow.session.get(Person, identity.person_id) if identity else None


async def _apply(
    line: int, cells: dict[str, str], uow: UnitOfWork
) -> tuple[list[RowError], str | None]:
    by_name = await uow.session.scalar(select(Person).where(Person.name == cells["name"]))
    owners = {
        "telegram_id": await _owner(Channel.TELEGRAM, cells["telegram_id"], uow),
        "slack_id": await _owner(Channel.SLACK, cells["slack_id"], uow),
    }
    found = {p.id: p for p in [by_name, *owners.values()] if p is not None}
    if len(found) > 1:
        column, owner = next((c, p) for c, p in owners.items() if p and p is not by_name)
        return [
            RowError(
                line,
                N_("{column} {value} belongs to {owner}, not to {name}"),
                {
                    "column": column,
                    "value": cells[column],
                    "owner": owner.name,
                    "name": cells["name"],
                },
            )
        ], None
    person = next(iter(found.values()), None)
    outcome = "unchanged"
    if person is None:
        person = Person(name=cells["name"], display_name=cells["name"])
        uow.session.add(person)
        await uow.session.flush()
        await uow.session.refresh(person, ["identities", "roles"])
        outcome = "created"
    changes = {
        "name": cells["name"],
        "language": cells["language"].lower() or None,
        "timezone": cells["timezone"] or None,
    }
    for attribute, value in changes.items():
        if value and getattr(person, attribute) != value:
            setattr(person, attribute, value)
            outcome = outcome if outcome == "created" else "updated"
    for channel, column in ((Channel.TELEGRAM, "telegram_id"), (Channel.SLACK, "slack_id")):
        if cells[column] and owners[column] is None:
            person.identities.append(Identity(channel=channel, external_id=cells[column]))
            outcome = outcome if outcome == "created" else "updated"
    role = cells["role"].lower()
    if role and role != Role.FRIEND:
        added = await grant_role(
            person, Role(role), uow, region=cells["region"] or None, by="import"
        )
        if added and outcome == "unchanged":
            outcome = "updated"
    await uow.session.flush()
    return [], outcome
