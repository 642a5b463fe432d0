"""Several senders identified at once (a crowd writing together): the same people as one by
one, in a handful of statements whatever their number."""

from __future__ import annotations

from sqlalchemy import event, func, select

from core.bootstrap import Hub
from core.domain.actor import Actor
from core.domain.people import Channel, Role
from core.interactions.model import Sender
from core.persistence.models import Identity, Person, Region
from core.services import people
from core.services.inbound import first_time, first_times
from core.services.people import Defaults, identify_actor, identify_actors

DEFAULTS = Defaults()


def statements(hub: Hub) -> list[str]:
    """Every SQL statement run on the hub's database from now on."""
    ran: list[str] = []
    event.listen(
        hub.engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_: ran.append(statement),
    )
    return ran


def farmer(user: int, chat: str | None = None) -> Sender:
    return Sender(Channel.TELEGRAM, str(user), "Farmer", "es", chat_id=chat or str(user))


async def crowd(hub: Hub, base: int) -> list[Sender]:
    """People in every case a message may find them in, from user id `base` + 1 on."""
    async with hub.uow() as uow:
        await people.grant_role_to(Channel.TELEGRAM, str(base + 1), Role.EXPERT, uow)
        await identify_actor(Channel.TELEGRAM, str(base + 2), uow, DEFAULTS, chat_id="2")
        await identify_actor(Channel.TELEGRAM, str(base + 3), uow, DEFAULTS, display_name="Inés")
        uow.session.add(Person(name=f"telegram-{base + 4}", display_name="", language="fr"))
        await uow.commit()
    return [
        farmer(base + 1),  # an expert registered by id before they first wrote
        farmer(base + 2, chat=f"-{base}"),  # writes from another chat now
        farmer(base + 3),  # known, nothing to update
        farmer(base + 4),  # a person of that name exists, with no identity yet
        farmer(base + 5),  # new
        farmer(base + 5),  # new, and twice in the crowd
        Sender(Channel.SLACK, str(base + 5), "Ana", None),  # the same id on another channel
    ]


def seen(actor: Actor) -> tuple[object, ...]:
    """What a reply depends on (not the ids, which differ from one crowd to the other)."""
    shown = actor.display_name.replace(actor.name, "<name>")
    return (shown, actor.language, actor.timezone, actor.channel, actor.roles)


async def test_people_identified_together_are_who_they_are_one_by_one(hub: Hub) -> None:
    callers = await crowd(hub, 800)
    async with hub.uow() as uow:
        together = await identify_actors(callers, uow, DEFAULTS)
        await uow.commit()
    one_by_one = []
    for c in await crowd(hub, 900):
        async with hub.uow() as uow:
            one_by_one.append(
                await identify_actor(
                    c.channel,
                    c.external_id,
                    uow,
                    DEFAULTS,
                    display_name=c.display_name,
                    language_hint=c.language_hint,
                    chat_id=c.chat_id,
                )
            )
            await uow.commit()
    assert [seen(a) for a in together] == [seen(a) for a in one_by_one]
    expert, _, known, named, new, again, other = together
    assert Role.EXPERT in expert.roles
    assert expert.display_name == "Farmer"  # takes the channel's name
    assert known.display_name == "Inés"
    assert known.language == "es"  # the channel's, until they choose
    assert new == again
    assert new.language == "es"
    assert other.person_id != new.person_id
    async with hub.uow() as uow:
        named_id = await uow.session.scalar(select(Person.id).where(Person.name == "telegram-804"))
        assert named_id == named.person_id
        chat = await uow.session.scalar(
            select(Identity.chat_id).where(Identity.external_id == "802")
        )
        assert chat == "-800"
        assert await uow.session.scalar(select(func.count()).select_from(Person)) == 12


async def test_a_crowd_of_new_people_costs_the_same_few_statements_as_two(hub: Hub) -> None:
    ran = statements(hub)

    async def cost(users: range) -> int:
        before = len(ran)
        async with hub.uow() as uow:
            actors = await identify_actors([farmer(u) for u in users], uow, DEFAULTS)
            await uow.commit()
        assert len({a.person_id for a in actors}) == len(users)
        return len(ran) - before

    two, forty = await cost(range(900, 902)), await cost(range(910, 950))
    assert forty == two <= 3  # who is known, the new people, their identities
    known = await cost(range(910, 950))  # the same forty again: who they are, their roles
    assert known <= 2


async def test_ids_received_together_are_new_once(hub: Hub) -> None:
    async with hub.uow() as uow:
        assert await first_time("telegram", "bot:1", uow)
        await uow.commit()
    keys = [("telegram", "bot:2"), ("telegram", "bot:1"), ("slack", "bot:1"), ("telegram", "bot:2")]
    async with hub.uow() as uow:
        assert await first_times(keys, uow) == [True, False, True, False]
        await uow.commit()
    async with hub.uow() as uow:
        assert await first_times(keys, uow) == [False, False, False, False]


async def test_someone_known_is_found_with_every_role_in_one_statement(hub: Hub) -> None:
    async with hub.uow() as uow:
        uow.session.add(Region(code="africa", names={"en": "Africa"}))
        await uow.session.flush()
        await people.grant_role_to(Channel.SLACK, "U7", Role.SECRETARIAT, uow)
        await people.grant_role_to(Channel.SLACK, "U7", Role.CORRESPONDENT, uow, region="africa")
        await identify_actor(Channel.SLACK, "U8", uow, DEFAULTS, display_name="Ana")
        await uow.commit()
    ran = statements(hub)
    async with hub.uow() as uow:
        both = await identify_actor(Channel.SLACK, "U7", uow, DEFAULTS)
        none = await identify_actor(Channel.SLACK, "U8", uow, DEFAULTS, display_name="Ana")
    assert len(ran) == 2  # one each
    assert both.roles == {Role.FRIEND, Role.SECRETARIAT, Role.CORRESPONDENT}
    assert both.regions == {"africa"}
    assert none.roles == {Role.FRIEND}
    assert none.regions == frozenset()
    assert none.display_name == "Ana"
