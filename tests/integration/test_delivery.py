"""The delivery path on real databases against the fake Telegram and Slack APIs."""

# ruff: noqa: F811  (the fakes' fixtures are imported by name)

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from bots.delivery.settings import DeliverySettings
from bots.delivery.worker import Worker
from bots.slack.sender import SlackSender, make_client
from bots.telegram.sender import TelegramSender, make_bot
from core.bootstrap import Hub
from core.domain.people import Channel
from core.persistence.models import Identity, OutboxMessage, SendPacing, utcnow
from core.services import people
from core.services.outbox import enqueue
from tests.fakes.slack_api import FakeSlack, slack_api  # noqa: F401
from tests.fakes.telegram_api import FakeTelegram, telegram_api  # noqa: F401

FAST = DeliverySettings(
    _env_file=None,  # type: ignore[call-arg]
    delivery_backoff_base=0.01,
    delivery_backoff_max=0.05,
    delivery_max_attempts=3,
    delivery_send_timeout=5.0,  # generous: a loaded CI machine may take 0.3 s to connect
    telegram_chat_rate=0,
    telegram_group_rate_per_minute=0,
    slack_channel_rate=0,
)


def telegram_worker(
    hub: Hub, fake: FakeTelegram, settings: DeliverySettings = FAST, rate: float = 0
) -> Worker:
    bot = make_bot(fake.token, fake.base_url, timeout=settings.delivery_send_timeout)
    return Worker(hub, {"telegram": TelegramSender(bot, settings, rate_limit=rate)}, settings)


async def person_on(hub: Hub, channel: Channel, external_id: str, language: str = "en") -> int:
    async with hub.uow() as uow:
        person = await people.identify(channel, external_id, uow)
        person.language = language
        await uow.commit()
        return person.id


async def queue(hub: Hub, person_id: int, key: str, text: str = "Hello <world> & co") -> bool:
    async with hub.uow() as uow:
        added = await enqueue(
            uow,
            key=key,
            kind="notification",
            person_id=person_id,
            template="text",
            params={"text": text},
        )
        await uow.commit()
        return added


async def rows(hub: Hub) -> list[OutboxMessage]:
    async with hub.uow() as uow:
        found = list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        uow.session.expunge_all()
        return found


async def drain(worker: Worker, rounds: int = 50) -> None:
    for sender in worker.senders.values():
        await sender.start()
    try:
        for _ in range(rounds):
            if not await worker.run_once() and not await _due_soon(worker.hub):
                return
            await asyncio.sleep(0.02)
    finally:
        for sender in worker.senders.values():
            await sender.close()


async def _due_soon(hub: Hub) -> bool:
    soon = utcnow() + timedelta(seconds=2)
    return any(r.status == "pending" and r.next_attempt_at <= soon for r in await rows(hub))


async def test_messages_are_sent_once_escaped_in_the_readers_language(
    hub: Hub,
    telegram_api: FakeTelegram,
) -> None:
    anna = await person_on(hub, Channel.TELEGRAM, "1001", "fr")
    assert await queue(hub, anna, "k1")
    assert not await queue(hub, anna, "k1")  # the same key twice is a no-op
    async with hub.uow() as uow:
        from core.services.outbox import enqueue as again

        await again(
            uow,
            key="k2",
            kind="announcement",
            person_id=anna,
            template="announcement",
            params={"text": "Réunion <demain>"},
        )
        await uow.commit()
    worker = telegram_worker(hub, telegram_api)
    await drain(worker)
    texts = [c.params["text"] for c in telegram_api.sent_to(1001)]
    assert texts[0] == "Hello &lt;world&gt; &amp; co"
    assert texts[1].startswith("<b>Annonce du Secrétariat exécutif</b>")
    assert "Réunion &lt;demain&gt;" in texts[1]
    assert [r.status for r in await rows(hub)] == ["sent", "sent"]
    await drain(worker)
    assert len(telegram_api.sent) == 2


async def test_429_pauses_the_bot_for_retry_after_without_counting_an_attempt(
    hub: Hub,
    telegram_api: FakeTelegram,
) -> None:
    anna = await person_on(hub, Channel.TELEGRAM, "1001")
    await queue(hub, anna, "k1")
    telegram_api.script("sendMessage", "429", retry_after=1)
    worker = telegram_worker(hub, telegram_api, rate=1000)
    await drain(worker, rounds=1)
    [row] = await rows(hub)
    assert row.status == "pending"
    assert row.attempts == 0
    wait = (row.next_attempt_at - utcnow()).total_seconds()
    assert 0.5 < wait <= 1.0
    async with hub.uow() as uow:  # the whole bot is paused, for every worker
        bucket = await uow.session.get(SendPacing, "telegram")
        assert bucket is not None
        assert bucket.next_free_at >= row.next_attempt_at
    await asyncio.sleep(wait)
    await drain(worker)
    [row] = await rows(hub)
    assert row.status == "sent"
    attempts = [c for c in telegram_api.calls if c.method == "sendMessage"]
    assert attempts[1].at - attempts[0].at >= 1.0


async def test_server_errors_back_off_then_dead_letter_with_the_reason(
    hub: Hub,
    telegram_api: FakeTelegram,
) -> None:
    anna = await person_on(hub, Channel.TELEGRAM, "1001")
    bob = await person_on(hub, Channel.TELEGRAM, "1002")
    await queue(hub, anna, "a")
    await queue(hub, bob, "b")
    telegram_api.script("sendMessage", "500", chat_id=1001, times=10)
    telegram_api.script("sendMessage", "500", chat_id=1002, times=2)
    await drain(telegram_worker(hub, telegram_api))
    a, b = await rows(hub)
    assert a.status == "dead"
    assert a.attempts == 3
    assert "Internal Server Error" in (a.last_error or "")
    assert b.status == "sent"
    assert b.attempts == 3
    assert len(telegram_api.sent_to(1002)) == 1


async def test_timeouts_are_retried_then_dead_lettered(
    hub: Hub,
    telegram_api: FakeTelegram,
) -> None:
    anna = await person_on(hub, Channel.TELEGRAM, "1001")
    await queue(hub, anna, "a")
    telegram_api.script("sendMessage", "timeout", times=5, hang=2.0)
    impatient = FAST.model_copy(update={"delivery_send_timeout": 0.5})
    await drain(telegram_worker(hub, telegram_api, impatient))
    [row] = await rows(hub)
    assert row.status == "dead"
    assert "TimedOut" in (row.last_error or "")
    assert [c.outcome for c in telegram_api.calls if c.method == "sendMessage"] == ["timeout"] * 3


async def test_a_blocked_bot_marks_the_person_unreachable_and_skips_them(
    hub: Hub,
    telegram_api: FakeTelegram,
) -> None:
    anna = await person_on(hub, Channel.TELEGRAM, "1001")
    await queue(hub, anna, "a")
    await queue(hub, anna, "b")
    telegram_api.script("sendMessage", "403", times=10)  # blocked stays blocked
    await drain(telegram_worker(hub, telegram_api))
    assert [r.status for r in await rows(hub)] == ["cancelled", "cancelled"]
    assert not telegram_api.sent
    async with hub.uow() as uow:
        identity = await uow.session.scalar(select(Identity).where(Identity.person_id == anna))
        assert identity is not None
        assert identity.unreachable_since is not None
    assert not await queue(hub, anna, "c")  # skipped from then on


async def test_a_migrated_group_chat_is_followed(
    hub: Hub,
    telegram_api: FakeTelegram,
) -> None:
    group = await person_on(hub, Channel.TELEGRAM, "-4001")
    await queue(hub, group, "a")
    telegram_api.script("sendMessage", "migrate", new_chat_id=-1009999)
    await drain(telegram_worker(hub, telegram_api))
    [row] = await rows(hub)
    assert row.status == "sent"
    assert row.recipient == "-1009999"
    assert len(telegram_api.sent_to(-1009999)) == 1
    async with hub.uow() as uow:
        identity = await uow.session.scalar(select(Identity).where(Identity.person_id == group))
        assert identity is not None
        assert identity.chat_id == "-1009999"
    await queue(hub, group, "b")  # later messages go to the new chat directly
    await drain(telegram_worker(hub, telegram_api))
    assert len(telegram_api.sent_to(-1009999)) == 2


async def test_a_long_announcement_is_split_into_valid_messages(
    hub: Hub,
    telegram_api: FakeTelegram,
) -> None:
    anna = await person_on(hub, Channel.TELEGRAM, "1001")
    text = "\n\n".join(f"Paragraph {i} <b> & &amp; " + "mot " * 150 for i in range(20))
    async with hub.uow() as uow:
        await enqueue(
            uow,
            key="long",
            kind="announcement",
            person_id=anna,
            template="announcement",
            params={"text": text},
        )
        await uow.commit()
    await drain(telegram_worker(hub, telegram_api))
    parts = telegram_api.sent_to(1001)
    assert len(parts) >= 3  # the fake checks each one's length and HTML
    assert [r.status for r in await rows(hub)] == ["sent"]


async def test_per_chat_pacing_spaces_messages_to_one_chat(
    hub: Hub,
    telegram_api: FakeTelegram,
) -> None:
    anna = await person_on(hub, Channel.TELEGRAM, "1001")
    for key in ("a", "b", "c"):
        await queue(hub, anna, key)
    settings = FAST.model_copy(update={"telegram_chat_rate": 4.0})
    await drain(telegram_worker(hub, telegram_api, settings))
    times = [c.at for c in telegram_api.sent_to(1001)]
    assert len(times) == 3
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(gap >= 0.24 for gap in gaps), gaps


async def test_slack_messages_and_429_retry_after(
    hub: Hub,
    slack_api: FakeSlack,
) -> None:
    bea = await person_on(hub, Channel.SLACK, "U0BEA")
    await queue(hub, bea, "s1", "*not bold* <@channel> & co")
    slack_api.script("chat.postMessage", "429", retry_after=1)
    client = make_client(slack_api.token, slack_api.base_url)
    worker = Worker(hub, {"slack": SlackSender(client, FAST)}, FAST)
    await drain(worker, rounds=1)
    [row] = await rows(hub)
    assert row.status == "pending"
    assert row.attempts == 0
    await asyncio.sleep(max(0.0, (row.next_attempt_at - utcnow()).total_seconds()))
    await drain(worker)
    [post] = slack_api.posted_to("U0BEA")
    assert post.params["blocks"][0]["text"]["text"] == "*not bold* &lt;@channel&gt; &amp; co"
    assert (await rows(hub))[0].status == "sent"


@pytest.mark.parametrize("error", ["user_disabled", "channel_not_found"])
async def test_slack_deactivated_users_are_skipped(
    hub: Hub,
    slack_api: FakeSlack,
    error: str,
) -> None:
    bea = await person_on(hub, Channel.SLACK, "U0BEA")
    await queue(hub, bea, "s1")
    slack_api.script("chat.postMessage", error)
    client = make_client(slack_api.token, slack_api.base_url)
    await drain(Worker(hub, {"slack": SlackSender(client, FAST)}, FAST))
    assert [r.status for r in await rows(hub)] == ["cancelled"]
    assert not await queue(hub, bea, "s2")


async def test_a_database_hiccup_does_not_stop_the_worker(
    hub: Hub, telegram_api: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    anna = await person_on(hub, Channel.TELEGRAM, "1009", "fr")
    looking = FAST.model_copy(update={"delivery_poll_seconds": 0.1})  # it looks all the time
    worker = telegram_worker(hub, telegram_api, looking)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.sleep(0.3)
        async with hub.engine.begin() as connection:  # the outbox is gone for a moment
            await connection.exec_driver_sql("ALTER TABLE outbox RENAME TO outbox_away")
        try:
            await asyncio.sleep(1.5)  # the worker looks for work and fails, more than once
        finally:
            async with hub.engine.begin() as connection:
                await connection.exec_driver_sql("ALTER TABLE outbox_away RENAME TO outbox")
        assert not running.done()  # it logged and waited; it did not crash
        assert await queue(hub, anna, "after-the-hiccup")
        for _ in range(200):
            if telegram_api.sent_to(1009):
                break
            await asyncio.sleep(0.05)
        assert [c.params["text"] for c in telegram_api.sent_to(1009)] == [
            "Hello &lt;world&gt; &amp; co"
        ]
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)
    assert any("could not read the outbox" in r.getMessage() for r in caplog.records)
