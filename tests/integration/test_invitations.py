"""One-time invitations: `/start CODE` makes a correspondent, once, before the code expires."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from core.bootstrap import Hub, bootstrap
from core.domain.errors import InvalidInput
from core.domain.people import Role
from core.persistence.models import Invitation, Region
from core.persistence.models.base import utcnow
from core.services.invitations import create_invitation, deep_link, hash_code
from tests.conftest import make_settings
from tests.factories import console, text_of
from tests.integration.report_helpers import rows


async def invite(hub: Hub, region: str = "west-africa", days: int = 14) -> str:
    async with hub.uow() as uow:
        if await uow.session.get(Region, region) is None:
            uow.session.add(
                Region(code=region, names={"en": "West Africa", "fr": "Afrique de l'Ouest"})
            )
            await uow.session.flush()
        made = await create_invitation(
            Role.CORRESPONDENT, uow, now=hub.now(), region=region, valid_for=timedelta(days=days)
        )
        await uow.commit()
    return made.code


async def test_a_code_makes_a_correspondent_once(hub: Hub) -> None:
    code = await invite(hub)
    assert deep_link("@hub_bot", code) == f"https://t.me/hub_bot?start={code}"
    welcome = await text_of(hub, console("awa", language="fr"), f"/start {code}")
    assert (
        "Votre rôle est désormais : correspondant·e régional·e, pour la région Afrique de l'Ouest"
        in welcome
    )
    assert "correspondant·e régional·e" in await text_of(hub, console("awa"), "/me")
    assert "enregistré sous le n° 1" in await text_of(hub, console("awa"), "/report Cocoa news")
    assert "déjà utilisé cette invitation" in await text_of(hub, console("awa"), f"/start {code}")
    assert "already been used" in await text_of(hub, console("moussa"), f"/start {code}")
    assert "reserved for" in await text_of(hub, console("moussa"), "/report Hello")
    (invitation,) = await rows(hub, Invitation)
    assert invitation.code_hash == hash_code(code)
    assert code not in invitation.code_hash
    assert invitation.used_at is not None


async def test_expired_and_unknown_codes_are_refused(hub: Hub) -> None:
    code = await invite(hub, days=1)
    later = utcnow() + timedelta(days=2)
    hub.clock = lambda: later
    assert "has expired" in await text_of(hub, console("awa"), f"/start {code}")
    assert "is not valid" in await text_of(hub, console("awa"), "/start nonsense-code")
    assert "reserved for" in await text_of(hub, console("awa"), "/myreports")


async def test_invitations_need_a_known_region(hub: Hub) -> None:
    async with hub.uow() as uow:
        with pytest.raises(InvalidInput):
            await create_invitation(Role.CORRESPONDENT, uow, now=hub.now(), region="atlantis")
        with pytest.raises(InvalidInput):
            await create_invitation(Role.CORRESPONDENT, uow, now=hub.now())


async def test_two_people_racing_for_one_code(hub: Hub, database_url: str) -> None:
    code = await invite(hub)
    other = bootstrap(make_settings(database_url))
    try:
        answers = await asyncio.gather(
            text_of(hub, console("awa"), f"/start {code}"),
            text_of(other, console("moussa"), f"/start {code}"),
        )
    finally:
        await other.close()
    assert sum("You are now" in a for a in answers) == 1, answers
    assert sum("already been used" in a for a in answers) == 1, answers
