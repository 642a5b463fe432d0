"""Build inputs and talk to the core the way an adapter does."""

from __future__ import annotations

from core.bootstrap import Hub
from core.domain.people import Channel, Role
from core.interactions.dispatch import handle
from core.interactions.model import Input, Reply, Sender, Text
from core.services import people


def console(name: str, language: str | None = None) -> Sender:
    return Sender(Channel.CONSOLE, name, display_name=name, language_hint=language)


async def say(hub: Hub, sender: Sender, message: str | Input) -> list[Reply]:
    """Send one line (or input) as `sender`; return the replies."""
    return await handle(hub, sender, Text(message) if isinstance(message, str) else message)


async def text_of(hub: Hub, sender: Sender, message: str | Input) -> str:
    return "\n\n".join(reply.plain_text for reply in await say(hub, sender, message))


async def make_person(
    hub: Hub,
    name: str,
    role: Role | None = None,
    *,
    region: str | None = None,
    language: str | None = None,
) -> Sender:
    """A console person with an optional role (regions are created as needed)."""
    from core.persistence.models import Region

    async with hub.uow() as uow:
        person = await people.identify(Channel.CONSOLE, name, uow, display_name=name)
        if language:
            person.language = language
        if region and await uow.session.get(Region, region) is None:
            uow.session.add(Region(code=region, names={"en": region}))
            await uow.session.flush()
        if role is not None:
            await people.grant_role(person, role, uow, region=region)
        await uow.commit()
    return console(name)
