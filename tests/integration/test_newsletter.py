"""Newsletter items, subscriptions with consent, digests and STOP, on real databases."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.bootstrap import Hub
from core.domain.actor import OPERATOR
from core.domain.errors import NotAllowed
from core.domain.people import Channel, Role
from core.i18n import Translator
from core.interactions.model import ButtonPress, Reply
from core.interactions.notifications import render_notification
from core.persistence.models import ConsentRecord, Digest, OutboxMessage, Person, Subscription
from core.persistence.uow import UnitOfWork
from core.services import newsletter
from core.services.digests import enqueue_due_digests
from tests.factories import make_person, say, text_of

# Monday 16 November 2026, 09:00 UTC: past 08:00 local in London and Paris.
TICK = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
BEFORE = TICK - timedelta(days=3)


async def subscribe(hub: Hub, name: str, frequency: str = "weekly", language: str = "es") -> None:
    sender = await make_person(hub, name, language=language)
    async with hub.uow() as uow:
        person = await uow.session.scalar(select(Person).where(Person.name == name))
        assert person is not None
        person.timezone = "Europe/Paris"
        await uow.commit()
    hub.clock = lambda: BEFORE - timedelta(days=1)
    await say(hub, sender, ButtonPress(f"nlok:{frequency}:{language}"))


async def publish(
    hub: Hub,
    title: dict[str, str],
    body: dict[str, str],
    rubric: str = "news",
    at: datetime = BEFORE,
) -> int:
    async with hub.uow() as uow:
        first = next(iter(title))
        item = await newsletter.write_item(
            OPERATOR, rubric=rubric, language=first, title=title[first], body=body[first], uow=uow
        )
        for lang in list(title)[1:]:
            await newsletter.translate_item(
                OPERATOR, item.id, language=lang, title=title[lang], body=body[lang], uow=uow
            )
        await newsletter.publish_item(OPERATOR, item.id, at, uow)
        await uow.commit()
        return item.id


async def tick(hub: Hub, now: datetime = TICK) -> int:
    async with hub.uow() as uow:
        count = await enqueue_due_digests(now, uow)
        await uow.commit()
        return count


async def outbox_rows(hub: Hub) -> list[OutboxMessage]:
    async with hub.uow() as uow:
        query = select(OutboxMessage).where(OutboxMessage.kind == "digest")
        rows = list((await uow.session.scalars(query.order_by(OutboxMessage.id))).all())
        uow.session.expunge_all()
        return rows


def rendered(row: OutboxMessage, language: str = "en") -> Reply:
    payload = row.payload
    return render_notification(payload["template"], payload["params"], Translator(language))


async def test_subscribing_asks_frequency_language_then_consent_and_logs_it(hub: Hub) -> None:
    lucia = await make_person(hub, "lucia", language="es")
    first = (await say(hub, lucia, "/subscribe"))[0]
    assert [b.data for row in first.buttons for b in row] == ["nlsub:weekly", "nlsub:monthly"]
    second = (await say(hub, lucia, ButtonPress("nlsub:weekly")))[0]
    assert "nlsub:weekly:es" in [b.data for row in second.buttons for b in row]
    consent = await text_of(hub, lucia, ButtonPress("nlsub:weekly:es"))
    assert "STOP" in consent
    assert "semanal" in consent
    assert "aquí en el chat de la terminal" in consent  # the channel as people call it
    async with hub.uow() as uow:  # nothing is recorded before the yes
        assert await uow.session.scalar(select(func.count()).select_from(Subscription)) == 0
    hub.clock = lambda: BEFORE
    done = await text_of(hub, lucia, ButtonPress("nlok:weekly:es"))
    assert "suscripción está registrada" in done
    assert "monthly" not in done
    async with hub.uow() as uow:
        record = await uow.session.scalar(select(ConsentRecord))
        assert record is not None
        assert (record.granted, record.channel, record.purpose) == (True, "console", "newsletter")
        assert record.recorded_at == BEFORE


async def test_spanish_digest_marks_the_french_only_item_and_groups_by_rubric(hub: Hub) -> None:
    await subscribe(hub, "mateo")
    await publish(
        hub,
        {"fr": "Zaï au Sahel", "es": "Zaï en el Sahel"},
        {"fr": "Des cuvettes.", "es": "Hoyos."},
        rubric="practice_sheet",
    )
    await publish(hub, {"fr": "Jumelage Copargo-Alfter"}, {"fr": "Un premier jumelage."})
    assert await tick(hub) == 1
    [row] = await outbox_rows(hub)
    assert row.status == "pending"
    text = rendered(row, "en").plain_text  # the reader's UI language does not matter
    assert "Boletín 4 por 1000" in text
    assert "Jumelage Copargo-Alfter [en francés: aún sin traducir]" in text
    assert "Zaï en el Sahel" in text
    assert "[en" not in text.split("Zaï en el Sahel")[1][:5]
    assert text.index("NOTICIAS") < text.index("Jumelage") < text.index("FICHAS PRÁCTICAS")
    assert "STOP" in text
    async with hub.uow() as uow:
        digest = await uow.session.scalar(select(Digest))
        assert digest is not None
        assert digest.language == "es"
        assert len(digest.item_ids) == 2


async def test_one_digest_per_subscriber_and_period_with_two_ticks_and_a_rerun(hub: Hub) -> None:
    for index in range(12):
        await subscribe(hub, f"sub{index}", language=("fr", "en", "es")[index % 3])
    await publish(hub, {"en": "Soil news"}, {"en": "Text."})

    async def one_tick() -> int:
        async with hub.uow() as uow:
            count = await enqueue_due_digests(TICK, uow, batch=5)
            await uow.commit()
            return count

    counts = await asyncio.gather(one_tick(), one_tick())
    assert sum(counts) == 12
    assert await tick(hub, TICK + timedelta(minutes=5)) == 0  # a rerun (restart) adds nothing
    rows = await outbox_rows(hub)
    assert len(rows) == 12
    assert len({row.person_id for row in rows}) == 12
    async with hub.uow() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Digest)) == 12


async def test_nobody_gets_an_empty_digest(hub: Hub) -> None:
    await subscribe(hub, "awa", language="fr")
    sender = await make_person(hub, "awa")
    await say(hub, sender, ButtonPress("nltopic:key_figure"))
    await publish(hub, {"fr": "Une nouvelle"}, {"fr": "Texte."}, rubric="news")
    assert await tick(hub) == 0
    async with hub.uow() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Digest)) == 0
    await publish(hub, {"fr": "Un chiffre"}, {"fr": "42"}, rubric="key_figure", at=TICK)
    assert await tick(hub, TICK + timedelta(days=7)) == 1  # the next week, a key figure


async def test_stop_word_ends_the_newsletter_and_cancels_pending_digests(hub: Hub) -> None:
    await subscribe(hub, "awa", language="fr")
    await publish(hub, {"fr": "Une nouvelle"}, {"fr": "Texte."})
    assert await tick(hub) == 1
    awa = await make_person(hub, "awa")
    answer = await text_of(hub, awa, "Arrêt")
    assert "1" in answer
    [row] = await outbox_rows(hub)
    assert row.status == "cancelled"
    await publish(hub, {"fr": "Encore"}, {"fr": "Texte."}, at=TICK)
    assert await tick(hub, TICK + timedelta(days=7)) == 0
    async with hub.uow() as uow:
        log = (await uow.session.scalars(select(ConsentRecord.granted))).all()
        assert log == [True, False]
    # Changing topics does not resubscribe: that needs the explicit opt-in again.
    assert "/abonner" in await text_of(hub, awa, ButtonPress("nltopic:news"))


async def test_stop_while_a_digest_is_being_composed_cancels_it(hub: Hub) -> None:
    await subscribe(hub, "awa", language="fr")
    await publish(hub, {"fr": "Une nouvelle"}, {"fr": "Texte."})
    reached, go = asyncio.Event(), asyncio.Event()

    class PausedBeforeCommit(UnitOfWork):
        async def commit(self) -> None:
            reached.set()
            await go.wait()
            await super().commit()

    async def composing() -> int:
        async with PausedBeforeCommit(hub.sessions) as uow:
            return await enqueue_due_digests(TICK, uow)

    composer = asyncio.create_task(composing())
    await reached.wait()  # the digest is claimed and enqueued, not committed
    sender = await make_person(hub, "awa")
    stop = asyncio.create_task(text_of(hub, sender, "STOP"))
    await asyncio.sleep(0.3)
    go.set()
    assert await composer == 1
    assert "1 résumé en attente d'envoi a été annulé" in await stop
    [row] = await outbox_rows(hub)
    assert row.status == "cancelled"


async def test_markup_in_items_stays_plain_text(hub: Hub) -> None:
    await subscribe(hub, "tom", language="en")
    body = "<b>x</b> *y* <!channel> [link](http://evil.example) &amp;"
    await publish(hub, {"en": "<i>Title</i> _z_"}, {"en": body})
    assert await tick(hub) == 1
    [row] = await outbox_rows(hub)
    reply = rendered(row)
    spans = [span for para in reply.paragraphs for span in para]
    assert any(span.text == body and span.style == "plain" for span in spans)
    assert any(span.text == "<i>Title</i> _z_" and span.style == "bold" for span in spans)
    assert all(span.url is None for span in spans)
    from bots.slack.blocks import render_reply as slack_render
    from bots.telegram.render import render_reply as telegram_render

    telegram = "".join(part.text for part in telegram_render(reply))
    assert "&lt;b&gt;x&lt;/b&gt; *y* &lt;!channel&gt;" in telegram
    assert "<b>&lt;i&gt;Title&lt;/i&gt; _z_</b>" in telegram
    slack = "".join(message.text for message in slack_render(reply))
    assert "&lt;b&gt;x&lt;/b&gt;" in slack
    assert "&lt;!channel&gt;" in slack
    assert "<!" not in slack


async def test_only_the_secretariat_writes_items_and_sees_missing_translations(hub: Hub) -> None:
    await make_person(hub, "amina")
    from core.services.people import to_actor

    async with hub.uow() as uow:
        person = await uow.session.scalar(select(Person).where(Person.name == "amina"))
        assert person is not None
        friend = to_actor(person, Channel.CONSOLE, hub.defaults)
        with pytest.raises(NotAllowed):
            await newsletter.write_item(
                friend, rubric="news", language="en", title="x", body="y", uow=uow
            )
    claire = await make_person(hub, "claire", Role.SECRETARIAT)
    async with hub.uow() as uow:
        person = await uow.session.scalar(select(Person).where(Person.name == "claire"))
        assert person is not None
        actor = to_actor(person, Channel.CONSOLE, hub.defaults)
        item = await newsletter.write_item(
            actor, rubric="news", language="fr", title="Titre", body="Texte", uow=uow
        )
        await uow.commit()
    async with hub.uow() as uow:
        [missing] = await newsletter.missing_translations(uow)
        assert (missing.item_id, missing.has, missing.missing) == (item.id, ("fr",), ("en", "es"))
    assert claire.external_id == "claire"


async def test_latest_and_the_digest_archive(hub: Hub) -> None:
    await subscribe(hub, "mateo")
    await publish(hub, {"fr": "Seulement en français"}, {"fr": "Texte."})
    mateo = await make_person(hub, "mateo")
    latest = await text_of(hub, mateo, "/latest")
    assert "Seulement en français [en francés: aún sin traducir]" in latest
    assert "/suscribir" in await text_of(hub, mateo, "/digests")
    await tick(hub)
    archive = (await say(hub, mateo, "/digests"))[0]
    [[entry]] = archive.buttons
    assert "1 artículo" in entry.label
    assert "Seulement en français" in await text_of(hub, mateo, ButtonPress(entry.data))
    other = await make_person(hub, "intruder")
    assert "Seulement" not in await text_of(hub, other, ButtonPress(entry.data))


async def test_the_secretariat_publishes_drafts_from_the_chat(hub: Hub) -> None:
    claire = await make_person(hub, "claire", Role.SECRETARIAT)
    async with hub.uow() as uow:
        item = await newsletter.write_item(
            OPERATOR, rubric="news", language="fr", title="Brouillon", body="", uow=uow
        )
        await uow.commit()
    listing = (await say(hub, claire, "/drafts"))[0]
    assert [b.data for row in listing.buttons for b in row] == [f"nlpub:{item.id}"]
    assert "missing: English, Spanish" in await text_of(hub, claire, "/translations")
    assert "is published" in await text_of(hub, claire, ButtonPress(f"nlpub:{item.id}"))
    assert "No newsletter draft" in await text_of(hub, claire, "/drafts")
    amina = await make_person(hub, "amina")
    assert "reserved for" in await text_of(hub, amina, "/drafts")
    assert "reserved for" in await text_of(hub, amina, ButtonPress(f"nlpub:{item.id}"))


async def test_delivery_figures_per_period(hub: Hub) -> None:
    from core.services import delivery
    from core.services.digest_archive import delivery_figures

    for name in ("sent", "dead", "stopped", "gone", "blocked"):
        await subscribe(hub, name, language="en")
    await publish(hub, {"en": "News"}, {"en": "Text."})
    async with hub.uow() as uow:
        gone = await uow.session.scalar(select(Person).where(Person.name == "gone"))
        assert gone is not None
        for identity in gone.identities:
            identity.unreachable_since = BEFORE
        await uow.commit()
    assert await tick(hub) == 4
    await say(hub, await make_person(hub, "stopped"), "STOP")
    rows = {row.recipient: row for row in await outbox_rows(hub)}
    async with hub.uow() as uow:
        sending = await uow.session.get_one(OutboxMessage, rows["sent"].id)
        sending.status = "sending"  # claimed by a worker, as every sent row is
        await delivery.mark_sent(uow, [rows["sent"].id], TICK)
        await delivery.dead_letter(uow, rows["dead"].id, "HTTP 400")
        await delivery.mark_unreachable(uow, "console", "blocked", "blocked by the user", TICK)
        await uow.commit()
    async with hub.uow() as uow:
        [figures] = await delivery_figures(uow)
    assert figures.as_dict() == {
        "period": "2026-W47",
        "digests": 5,
        "sent": 1,
        "waiting": 0,
        "failed": 1,
        "unreachable": 2,
        "cancelled": 1,
    }


async def test_a_restart_mid_run_finishes_the_rest_without_duplicates(hub: Hub) -> None:
    for index in range(12):
        await subscribe(hub, f"sub{index}", language="fr")
    await publish(hub, {"fr": "Nouvelle"}, {"fr": "Texte."})

    class KilledDuringSecondBatch(UnitOfWork):
        commits = 0

        async def commit(self) -> None:
            self.commits += 1
            if self.commits == 2:
                raise RuntimeError("process killed")
            await super().commit()

    with pytest.raises(RuntimeError):
        async with KilledDuringSecondBatch(hub.sessions) as uow:
            await enqueue_due_digests(TICK, uow, batch=5)
    assert len(await outbox_rows(hub)) == 5  # the first batch was committed, the second not
    assert await tick(hub) == 7
    rows = await outbox_rows(hub)
    assert len({row.idempotency_key for row in rows}) == len(rows) == 12
