"""Every command's reply, on the demo data, read by French and Spanish people: no English, no codes.

The catalog test sees each message alone; this one sees what people get, so it also catches text
that bypasses gettext and data shown by its code (a region's 'west-africa', a 'partner_lead').
"""

from __future__ import annotations

import re
from string import Formatter

import pytest
from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.people import Channel, Role
from core.interactions.registry import COMMANDS, command_word
from core.persistence.models import Region
from core.seed import demo
from core.services import people
from tests.factories import console, text_of
from tools.i18n import load

LINES = (
    "/practices agroforesterie",
    "/partners CIRAD",
    "/near Kaya",
    "/comparable semi-arid",
    "/complementary CIRAD",
    "/events",
    "/follow",
    "/subscribe",
    "/figures",
    "/queue",
)
SKIPPED = {"forget", "unsubscribe"}  # they change what the other commands show
CODE = re.compile(
    r"(?<![/\w])[a-z]+_[a-z_]+\b"
)  # 'not_going', 'partner_lead' (not '/mes_rapports')


def english_phrases(language: str) -> set[str]:
    """Literal phrases of English messages that read otherwise in `language` (3+ words)."""
    phrases = set()
    for _path, entry in load(language).values():
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)  # type: ignore[attr-defined]
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)  # type: ignore[attr-defined]
        if set(ids) & set(strings):
            continue
        for text in ids:
            for literal, *_ in Formatter().parse(text):
                phrase = literal.strip(" .,:;!?—()")
                if len(phrase.split()) >= 3 and len(phrase) >= 15:
                    phrases.add(phrase)
    return phrases


@pytest.fixture
async def world(hub: Hub) -> Hub:
    await demo.load_demo(hub)
    async with hub.uow() as uow:
        for name, language in (("amélie", "fr"), ("lucía", "es")):
            person = await people.identify(Channel.CONSOLE, name, uow, display_name=name)
            person.language, person.timezone = language, "Africa/Abidjan"
            for role in (Role.SECRETARIAT, Role.BUREAU, Role.STC):
                await people.grant_role(person, role, uow)
            await people.grant_role(person, Role.CORRESPONDENT, uow, region="west-africa")
        await uow.commit()
    return hub


async def region_codes(hub: Hub) -> set[str]:
    async with hub.uow() as uow:
        return {r.code for r in await uow.session.scalars(select(Region)) if "-" in r.code}


@pytest.mark.parametrize(("name", "language"), [("amélie", "fr"), ("lucía", "es")])
async def test_every_command_answers_in_the_readers_language(
    world: Hub, name: str, language: str
) -> None:
    phrases = english_phrases(language)
    codes = await region_codes(world)
    lines = [f"/{command_word(n, language)}" for n in sorted(COMMANDS) if n not in SKIPPED]
    lines += [
        line.replace(line.split()[0], "/" + command_word(line.split()[0][1:], language))
        for line in LINES
    ]
    problems = []
    for line in lines:
        text = await text_of(world, console(name), line)
        problems += [(line, "English", p) for p in phrases if p in text]
        problems += [
            (line, "code", c) for c in codes if re.search(rf"(?<![\w-]){c}(?![\w-])", text)
        ]
        problems += [(line, "code", c) for c in CODE.findall(text)]
    assert not problems
