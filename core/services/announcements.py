"""Secretariat announcements: one message to everyone holding a role, through the outbox."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

from sqlalchemy import Select, select

from core.domain.errors import N_, InvalidInput
from core.domain.people import Role
from core.persistence.models import Person, RoleGrant
from core.persistence.uow import UnitOfWork
from core.services.outbox import Outgoing, enqueue_many, reachable_people
from core.services.regions import region_exists

MAX_TEXT = 20_000  # channels split long texts; this only stops accidents
ANY_LANGUAGE = ""  # the key of one text for every reader, whatever their language


@dataclass(frozen=True)
class Announced:
    queued: int  # new messages in the outbox
    already: int  # the same announcement was queued for them before
    audience: int  # people who can be reached


def audience(to: str, region: str | None) -> Select[int]:
    """The ids of the people an announcement `to` a role (or `all`) in `region` is for."""
    if to in ("all", Role.FRIEND):
        query = select(Person.id).where(Person.erased_at.is_(None))
        if region:
            query = query.where(
                Person.id.in_(select(RoleGrant.person_id).where(RoleGrant.region_code == region))
            )
        return query
    grants = select(RoleGrant.person_id).where(RoleGrant.role == to)
    if region:
        grants = grants.where(RoleGrant.region_code == region)
    return select(Person.id).where(Person.erased_at.is_(None), Person.id.in_(grants))


async def announce(
    to: str, texts: Mapping[str, str], uow: UnitOfWork, *, region: str | None = None
) -> Announced:
    """Queue an announcement for everyone with role `to` (or `all`), in `region` if given.

    Each reader gets the text in their language, or another one (marked as such). The same
    announcement (same audience and texts) is queued once per person: running the command
    again after an interruption completes it without sending anything twice.

    Args:
        to: a role (correspondent, secretariat, bureau, admin, friend) or `all`.
        texts: the message by language (`fr`, `en`, `es`), or under ANY_LANGUAGE one text for
            everyone, sent as written.
        uow: the open unit of work; the caller commits.
        region: only people holding a role in this region.
    """
    if to != "all" and to not in {role.value for role in Role}:
        raise InvalidInput(
            N_("Unknown audience {to}: use a role ({roles}) or all."),
            to=to[:40],
            roles=", ".join(role.value for role in Role),
        )
    written = {lang: text.strip() for lang, text in texts.items() if text and text.strip()}
    if not written:
        raise InvalidInput(N_("An announcement needs a text."))
    if any(len(text) > MAX_TEXT for text in written.values()):
        raise InvalidInput(N_("An announcement is at most {limit} characters."), limit=MAX_TEXT)
    if region is not None and not await region_exists(region, uow):
        raise InvalidInput(N_("Unknown region {region}."), region=region[:40])
    versions = "\n".join(f"{lang}:{text}" for lang, text in sorted(written.items()))
    digest = hashlib.sha256(f"{to}\n{region or ''}\n{versions}".encode()).hexdigest()[:16]
    reached = 0

    async def messages() -> AsyncIterator[Outgoing]:
        nonlocal reached
        async for person_id, channel, recipient in reachable_people(uow, audience(to, region)):
            reached += 1
            yield Outgoing(
                key=f"announce:{digest}:person:{person_id}",
                kind="announcement",
                channel=channel,
                recipient=recipient,
                person_id=person_id,
                template="announcement",
                params={"texts": written},
            )

    queued = await enqueue_many(uow, messages())
    return Announced(queued=queued, already=reached - queued, audience=reached)
