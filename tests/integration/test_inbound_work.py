"""Stored inbound work: stored once per request, handled once, taken up when its holder died."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select, update

from core.bootstrap import Hub
from core.domain.people import Channel
from core.interactions.model import ButtonPress, Command, FormSubmitted, Sender
from core.interactions.stored_work import handle_stored, input_from_data, input_to_data
from core.persistence.models import InboundWork, utcnow
from core.services import inbound_work

SLACK = Channel.SLACK.value
AMA = Sender(Channel.SLACK, "UAMA", display_name="Ama")


def help_for(user: str = "UAMA") -> dict[str, object]:
    return {"user": user, "input": input_to_data(Command("help", forms=True))}


async def records(hub: Hub) -> list[InboundWork]:
    async with hub.uow() as uow:
        return list(await uow.session.scalars(select(InboundWork).order_by(InboundWork.id)))


async def expire(hub: Hub, work_id: int) -> None:
    """The holder died: its lease ran out."""
    async with hub.uow() as uow:
        await uow.session.execute(
            update(InboundWork)
            .where(InboundWork.id == work_id)
            .values(lease_until=utcnow() - timedelta(seconds=1))
        )
        await uow.commit()


def test_inputs_round_trip_through_the_stored_record() -> None:
    for message in (
        Command("queue", "news", forms=True),
        ButtonPress("rmod:ok:7", forms=True),
        FormSubmitted("desk_reason", {"reason": "off topic"}, {"channel": "C1", "ts": "1.2"}),
    ):
        assert input_from_data(input_to_data(message)) == message


async def test_a_request_is_stored_once_whatever_retries_arrive(hub: Hub) -> None:
    first = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:t1", "command", help_for()), holder="a"
    )
    again = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:t1", "command", help_for()), holder="b"
    )
    other = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:t2", "command", help_for()), holder="a"
    )
    assert first is not None
    assert other is not None
    assert again is None
    stored = await records(hub)
    assert [(r.request_key, r.claimed_by, r.done_at) for r in stored] == [
        ("trigger:t1", "a", None),
        ("trigger:t2", "a", None),
    ]
    assert await inbound_work.pending(hub.uow, SLACK) == 2


async def test_stored_work_is_handled_once_and_marked_done_with_its_handling(hub: Hub) -> None:
    work = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:t1", "command", help_for()), holder="a"
    )
    assert work is not None
    replies = await handle_stored(hub, AMA, Command("help"), work.id)
    assert replies
    assert "What I can do" in str(replies[0])
    assert await handle_stored(hub, AMA, Command("help"), work.id) is None
    (record,) = await records(hub)
    assert record.done_at is not None
    assert record.lease_until is None
    assert record.payload == {}  # what the person sent is not kept once handled


async def test_a_refusal_is_the_answer_and_the_work_is_done(hub: Hub) -> None:
    """Not a Secretariat member: the queue is refused, once; the refusal is stored as done."""
    payload = {"user": "UAMA", "input": input_to_data(Command("queue"))}
    work = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:q", "command", payload), holder="a"
    )
    assert work is not None
    refused = await handle_stored(hub, AMA, Command("queue"), work.id)
    assert refused is not None
    assert len(refused) == 1
    assert await handle_stored(hub, AMA, Command("queue"), work.id) is None
    assert await inbound_work.pending(hub.uow, SLACK) == 0


async def test_two_processes_racing_on_one_record_answer_it_once(hub: Hub) -> None:
    work = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:r", "command", help_for()), holder="a"
    )
    assert work is not None
    outcomes = await asyncio.gather(
        *(handle_stored(hub, AMA, Command("help"), work.id) for _ in range(4))
    )
    assert sum(outcome is not None for outcome in outcomes) == 1


async def test_work_of_a_live_holder_is_left_to_it_and_a_dead_ones_is_taken_once(hub: Hub) -> None:
    work = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:t1", "command", help_for()), holder="a"
    )
    assert work is not None
    assert await inbound_work.claim_abandoned(hub.uow, SLACK, "b") == []  # "a" is alive
    assert await inbound_work.renew(hub.uow, "a") == 1
    await expire(hub, work.id)  # "a" died
    (taken,) = await inbound_work.claim_abandoned(hub.uow, SLACK, "b")
    assert (taken.id, taken.kind, taken.payload, taken.attempts) == (
        work.id,
        "command",
        help_for(),
        2,
    )
    assert taken.age() < timedelta(seconds=30)
    assert await inbound_work.claim_abandoned(hub.uow, SLACK, "c") == []  # "b" holds it now
    assert await inbound_work.renew(hub.uow, "a") == 0
    assert await handle_stored(hub, AMA, Command("help"), taken.id) is not None
    await expire(hub, work.id)
    assert await inbound_work.claim_abandoned(hub.uow, SLACK, "c") == []  # done: nothing to take


async def test_work_taken_up_too_often_is_left_alone(hub: Hub) -> None:
    work = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:t1", "command", help_for()), holder="a"
    )
    assert work is not None
    for attempt in range(2, inbound_work.MAX_ATTEMPTS + 1):
        await expire(hub, work.id)
        (taken,) = await inbound_work.claim_abandoned(hub.uow, SLACK, f"h{attempt}")
        assert taken.attempts == attempt
    await expire(hub, work.id)
    assert await inbound_work.claim_abandoned(hub.uow, SLACK, "last") == []
    assert await inbound_work.forget_done(hub.uow) == 0  # kept a while, to be looked at
    assert await inbound_work.forget_done(hub.uow, timedelta(seconds=-1)) == 1


async def test_done_work_is_forgotten_after_a_while(hub: Hub) -> None:
    done = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:d", "command", help_for()), holder="a"
    )
    open_ = await inbound_work.store(
        hub.uow, inbound_work.Request(SLACK, "trigger:o", "command", help_for()), holder="a"
    )
    assert done is not None
    assert open_ is not None
    await handle_stored(hub, AMA, Command("help"), done.id)
    assert await inbound_work.forget_done(hub.uow) == 0  # done just now: kept for retries
    assert await inbound_work.forget_done(hub.uow, timedelta(seconds=-1)) == 1
    assert [r.request_key for r in await records(hub)] == ["trigger:o"]


async def test_requests_arriving_together_are_stored_in_one_go_once_each(hub: Hub) -> None:
    together = inbound_work.StoreTogether(hub.uow, "a")
    keys = ["trigger:1", "trigger:2", "trigger:1", "trigger:3", "trigger:2"]
    results = await asyncio.gather(
        *(together.store(inbound_work.Request(SLACK, key, "command", help_for())) for key in keys)
    )
    assert [result is not None for result in results] == [True, True, False, True, False]
    assert len({result.id for result in results if result is not None}) == 3
    again = await together.store(inbound_work.Request(SLACK, "trigger:3", "command", help_for()))
    assert again is None
    assert [r.request_key for r in await records(hub)] == ["trigger:1", "trigger:2", "trigger:3"]
