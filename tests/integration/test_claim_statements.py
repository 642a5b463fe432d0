"""A claim of answers to a crowd: its rows, each reader's language and zone, and their send
slots in four statements, the same for thirty new chats as for one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.people import Channel
from core.persistence.models import SendPacing
from core.services import delivery, people
from core.services.outbox import enqueue
from core.services.pacing import Limit
from tests.integration.test_identify_together import statements


async def crowd_waiting(hub: Hub, base: int, count: int) -> list[str]:
    """`count` new people (Spanish, in Lima) with an answer queued each; the answers' keys."""
    keys = []
    async with hub.uow() as uow:
        for n in range(count):
            person = await people.identify(Channel.TELEGRAM, str(base + n), uow)
            person.language, person.timezone = "es", "America/Lima"
            await uow.session.flush()
            key = f"claim-test:{base + n}"
            await enqueue(
                uow, key=key, kind="reply", person_id=person.id, template="text", params={}
            )
            keys.append(key)
        await uow.commit()
    return keys


async def claim(hub: Hub, keys: list[str]) -> tuple[list[delivery.Claimed], int]:
    """The claimed rows, and how many statements the claim took."""
    ran = statements(hub)
    async with hub.uow() as uow:
        before = len(ran)
        batch, slots = await delivery.claim_paced(
            uow,
            channels=["telegram"],
            lease=timedelta(seconds=30),
            limit=len(keys),
            keys=keys,
            limits=lambda row: [Limit("telegram", 0.001), Limit(f"chat:{row.recipient}", 1.0)],
            lead=timedelta(0),
            horizon=timedelta(seconds=60),
            own_wait=timedelta(seconds=2),
        )
        taken = len(ran) - before
    assert len(slots) == len(batch)
    return batch, taken


async def test_thirty_new_chats_cost_the_claim_no_more_statements_than_one(hub: Hub) -> None:
    one, alone = await claim(hub, await crowd_waiting(hub, 5_000, 1))
    many, together = await claim(hub, await crowd_waiting(hub, 6_000, 30))
    assert len(one) == 1
    assert len(many) == 30
    assert together == alone <= 4  # the claim, its readers, the buckets locked (new made), moved on
    assert {(c.language, c.timezone) for c in [*one, *many]} == {("es", "America/Lima")}
    async with hub.uow() as uow:
        made = set(await uow.session.scalars(select(SendPacing.bucket)))
    assert {f"chat:{c.recipient}" for c in many} <= made


async def test_a_claim_finds_the_buckets_it_made_and_moves_them_on(hub: Hub) -> None:
    keys = await crowd_waiting(hub, 7_000, 2)
    [first], _ = await claim(hub, keys[:1])
    async with hub.uow() as uow:
        await enqueue(
            uow,
            key="claim-test:again",
            kind="reply",
            person_id=first.person_id or 0,
            template="text",
            params={},
        )
        await uow.commit()
    again, _ = await claim(hub, ["claim-test:again", keys[1]])
    async with hub.uow() as uow:
        found = await uow.session.execute(select(SendPacing.bucket, SendPacing.next_free_at))
        free = {bucket: at for bucket, at in found}
    [other] = [c for c in again if c.recipient != first.recipient]
    # the chat answered twice: its bucket, made by the first claim, moved a second on again
    twice, once = free[f"chat:{first.recipient}"], free[f"chat:{other.recipient}"]
    assert twice - once > timedelta(seconds=0.5)  # (less the time between the two claims)
