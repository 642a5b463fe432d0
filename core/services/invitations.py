"""One-time invitation codes that give a role (a correspondent joins with `/start CODE`)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from core.domain.errors import N_, InvalidInput
from core.domain.people import Role
from core.persistence.models import Invitation, Person
from core.persistence.uow import UnitOfWork
from core.services.people import grant_role
from core.services.regions import region_exists

DEFAULT_VALIDITY = timedelta(days=14)
CODE_BYTES = 12  # 16 URL-safe characters: fits a Telegram deep link (64 max, [A-Za-z0-9_-])


@dataclass(frozen=True)
class NewInvitation:
    code: str
    role: Role
    region: str | None
    expires_at: datetime


@dataclass(frozen=True)
class Redeemed:
    role: Role
    region: str | None
    added: bool  # False when the person already held that role


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


async def create_invitation(
    role: Role,
    uow: UnitOfWork,
    *,
    now: datetime,
    region: str | None = None,
    by: str = "",
    valid_for: timedelta = DEFAULT_VALIDITY,
) -> NewInvitation:
    """Store a new one-time code (only its hash) and return the code itself.

    Args:
        role: the role the code gives.
        uow: the open unit of work (the caller commits).
        now: the current instant.
        region: the region of a correspondent (required for them).
        by: who created it, for the record.
        valid_for: how long the code can be used.
    """
    if role is Role.FRIEND:
        raise InvalidInput(N_("Everyone is a friend already: invite to another role."))
    if role is Role.CORRESPONDENT and not region:
        raise InvalidInput(N_("A correspondent needs a region."))
    if region is not None and not await region_exists(region, uow):
        raise InvalidInput(N_("Unknown region {region}."), region=region[:40])
    if valid_for <= timedelta(0):
        raise InvalidInput(N_("An invitation must be valid for some time."))
    code = secrets.token_urlsafe(CODE_BYTES)
    expires_at = now + valid_for
    uow.session.add(
        Invitation(
            code_hash=hash_code(code),
            role=role,
            region_code=region,
            created_by=by or None,
            created_at=now,
            expires_at=expires_at,
        )
    )
    await uow.session.flush()
    return NewInvitation(code, role, region, expires_at)


async def redeem_invitation(
    code: str, person_id: int, uow: UnitOfWork, *, now: datetime
) -> Redeemed:
    """Use a code once: give its role to `person`, or say why it cannot be used.

    Args:
        code: the code as typed or carried by the deep link.
        person_id: who redeems it.
        uow: the open unit of work (the caller commits).
        now: the current instant.
    """
    digest = hash_code(code)
    # The conditional UPDATE is the one-time guarantee: two people racing for one code,
    # exactly one of them gets a row back.
    claimed = await uow.session.execute(
        update(Invitation)
        .where(
            Invitation.code_hash == digest,
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_at=now, used_by_id=person_id)
        .returning(Invitation.role, Invitation.region_code)
        .execution_options(synchronize_session=False)
    )
    row = claimed.first()
    if row is None:
        invitation = await uow.session.scalar(
            select(Invitation).where(Invitation.code_hash == digest)
        )
        if invitation is None:
            raise InvalidInput(
                N_("This invitation code is not valid. Check it or ask for a new one.")
            )
        if invitation.used_at is not None and invitation.used_by_id == person_id:
            raise InvalidInput(N_("You have already used this invitation: you are all set."))
        if invitation.used_at is not None:
            raise InvalidInput(N_("This invitation code has already been used."))
        raise InvalidInput(
            N_("This invitation code has expired. Ask the Secretariat for a new one.")
        )
    role, region = Role(row[0]), row[1]
    person = await uow.session.get_one(Person, person_id)
    added = await grant_role(person, role, uow, region=region, by="invitation")
    return Redeemed(role, region, added)
