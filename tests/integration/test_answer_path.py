"""The answer path of a message: one transaction per message, and pacing that never makes an
answer wait for its own earlier reservation."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import event, func, select

from core.bootstrap import Hub
from core.domain.people import Channel, Role
from core.interactions.inbound import Arrival, Receiver, receive, receive_together
from core.interactions.model import Sender, Text
from core.persistence.models import (
    Identity,
    OutboxMessage,
    Person,
    ProcessedInbound,
    RoleGrant,
    SendPacing,
    utcnow,
)
from core.services import pacing
from core.services.senders import identify_in

SECOND = timedelta(seconds=1)


async def count(hub: Hub, model: type) -> int:
    async with hub.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)


def farmer(user: int) -> Sender:
    return Sender(Channel.TELEGRAM, str(user), "Awa", "fr", chat_id=str(user))


async def test_a_first_message_is_received_identified_and_answered_once(hub: Hub) -> None:
    first = await receive(hub, farmer(501), Text("/help"), inbound_id="bot:1")
    assert not first.duplicate
    assert first.queued == ["reply:telegram:bot:1:0"]
    async with hub.uow() as uow:
        person = await uow.session.scalar(select(Person).where(Person.name == "telegram-501"))
        assert person is not None
        assert (person.display_name, person.language) == ("Awa", "fr")
        row = await uow.session.scalar(select(OutboxMessage))
        assert row is not None
        assert (row.person_id, row.recipient, row.lane) == (person.id, "501", 0)
        assert "/aide" in str(row.payload)  # answered in the sender's language
    again = await receive(hub, farmer(501), Text("/help"), inbound_id="bot:1")
    assert again.duplicate
    assert again.queued == []
    assert await count(hub, OutboxMessage) == 1
    assert await count(hub, Person) == 1
    assert await count(hub, Identity) == 1
    assert await count(hub, ProcessedInbound) == 1


async def test_a_refused_first_message_still_creates_the_person_and_queues_why(
    hub: Hub,
) -> None:
    refused = await receive(hub, farmer(502), Text("/language klingon"), inbound_id="bot:2")
    assert refused.queued == ["reply:telegram:bot:2:0"]
    assert "klingon" in refused.replies[0].plain_text
    assert await count(hub, Person) == 1
    assert await count(hub, ProcessedInbound) == 1
    assert await count(hub, OutboxMessage) == 1
    repeated = await receive(hub, farmer(502), Text("/language klingon"), inbound_id="bot:2")
    assert repeated.duplicate
    assert await count(hub, OutboxMessage) == 1


async def test_someone_registered_before_writing_keeps_their_roles(hub: Hub) -> None:
    async with hub.uow() as uow:
        person = Person(name="telegram-503", display_name="")
        uow.session.add(person)
        await uow.session.flush()
        uow.session.add(RoleGrant(person_id=person.id, role=Role.SECRETARIAT.value))
        await uow.commit()
    async with hub.uow() as uow:
        actor = await identify_in(uow, Channel.TELEGRAM, "503", hub.defaults, chat_id="503")
        await uow.commit()
    assert Role.SECRETARIAT in actor.roles
    assert actor.name == "telegram-503"
    assert await count(hub, Person) == 1
    assert await count(hub, Identity) == 1


async def test_a_retaken_slot_does_not_wait_for_its_own_chat(hub: Hub) -> None:
    limits = [pacing.Limit("telegram", 0.01), pacing.Limit("telegram:7", 1.0)]
    now = utcnow()
    async with hub.uow() as uow:
        first = await pacing.reserve(uow, limits, now)
    assert first.at == now
    assert not first.deferred
    assert not first.queued(timedelta(milliseconds=10))  # the bucket was free
    later = now + timedelta(milliseconds=200)  # the process stalled past its slot
    async with hub.uow() as uow:
        waiting = await pacing.reserve(uow, limits, later)
    assert waiting.deferred
    assert waiting.at == now + SECOND
    async with hub.uow() as uow:
        retaken = await pacing.reserve(uow, limits, later, may_defer=False, held=True)
    assert not retaken.deferred
    assert retaken.at == later
    async with hub.uow() as uow:
        chat = await uow.session.get(SendPacing, "telegram:7")
        assert chat is not None
        assert chat.next_free_at == later + SECOND


async def test_a_slot_behind_others_is_queued(hub: Hub) -> None:
    limits = [pacing.Limit("telegram", 0.5)]
    now = utcnow()
    async with hub.uow() as uow:
        slots = await pacing.reserve_many(uow, [limits, limits], now)
    assert [slot.at for slot in slots] == [now, now + timedelta(seconds=0.5)]
    assert [slot.queued(timedelta(milliseconds=10)) for slot in slots] == [False, True]


def commits(hub: Hub) -> list[int]:
    """One element per transaction committed on the hub's database from now on."""
    made: list[int] = []
    event.listen(hub.engine.sync_engine, "commit", lambda _conn: made.append(1))
    return made


async def test_messages_received_together_share_one_transaction(hub: Hub) -> None:
    done = commits(hub)
    results = await receive_together(
        hub, [Arrival(farmer(600 + n), Text("/help"), f"bot:{600 + n}") for n in range(5)]
    )
    assert len(done) == 1
    assert [r.queued for r in results if not isinstance(r, Exception)] == [
        [f"reply:telegram:bot:{600 + n}:0"] for n in range(5)
    ]
    assert await count(hub, Person) == 5
    assert await count(hub, OutboxMessage) == 5
    assert await count(hub, ProcessedInbound) == 5


async def test_a_refusal_among_messages_together_has_each_answered_on_its_own(hub: Hub) -> None:
    await receive(hub, farmer(610), Text("/help"), inbound_id="bot:610")
    results = await receive_together(
        hub,
        [
            Arrival(farmer(611), Text("/help"), "bot:611"),
            Arrival(farmer(612), Text("/language klingon"), "bot:612"),
            Arrival(farmer(610), Text("/help"), "bot:610"),  # Telegram sent it again
        ],
    )
    answered, refused, again = results
    assert not isinstance(answered, Exception)
    assert answered.queued == ["reply:telegram:bot:611:0"]
    assert not isinstance(refused, Exception)
    assert "klingon" in refused.replies[0].plain_text
    assert refused.queued == ["reply:telegram:bot:612:0"]
    assert not isinstance(again, Exception)
    assert again.duplicate
    assert await count(hub, Person) == 3
    assert await count(hub, OutboxMessage) == 3  # 610's first answer, 611's, 612's refusal


async def test_the_receiver_gathers_what_arrives_while_a_batch_is_handled(hub: Hub) -> None:
    receiver = Receiver(hub, limit=50)
    done = commits(hub)
    results = await asyncio.gather(
        *(
            receiver.receive(farmer(700 + n), Text("/help"), inbound_id=f"bot:{700 + n}")
            for n in range(12)
        )
    )
    assert [r.queued for r in results] == [[f"reply:telegram:bot:{700 + n}:0"] for n in range(12)]
    assert len(done) == 1  # all twelve came before the first batch began: one transaction
    assert await count(hub, OutboxMessage) == 12
