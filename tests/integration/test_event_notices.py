"""Event messages read at send time in the reader's language and zone; consent is honoured."""

from __future__ import annotations

from datetime import datetime

from core.bootstrap import Hub
from core.i18n import Translator
from core.interactions.notifications import render_notification
from core.persistence.models import ConsentRecord
from tests.babel_data import city, french_zone
from tests.integration.event_helpers import event, outbox, person, rsvp, tick, utc

CREATED = utc(2026, 5, 1, 9, 0)


async def test_a_reminder_reads_in_each_recipients_language_and_zone(hub: Hub) -> None:
    amina = await person(hub, "amina", "Europe/Paris", "fr")
    lucia = await person(hub, "lucia", "America/Lima", "es")
    number = await event(
        hub, datetime(2026, 5, 20, 15, 30), "Africa/Cairo", now=CREATED, place="Sharm El Sheikh"
    )
    for who in (amina, lucia):
        await rsvp(hub, who, number, "going", CREATED)
    # 1 day before is 14:30 in Paris but 07:30 in Lima: Lima's was due at 21:00 the evening
    # before; missed there (no tick), it waits for 08:00 rather than waking Lucía.
    assert await tick(hub, utc(2026, 5, 19, 12, 30)) == 1
    assert await tick(hub, utc(2026, 5, 19, 13, 0)) == 1
    rows = {row["to"]: row for row in await outbox(hub)}
    assert rows["lucia"]["due"] == utc(2026, 5, 19, 2, 0)  # 21:00 in Lima, the evening before
    french = render_notification(
        rows["amina"]["template"], rows["amina"]["params"], Translator("fr", "Europe/Paris")
    ).plain_text
    assert "Rappel : Soil carbon webinar (fr) commence dans 1 jour." in french
    assert f"mercredi 20 mai 2026 à 14:30 ({french_zone('Europe/Paris')}), jusqu'à 16:30" in french
    assert "Heure locale de l'événement : mercredi 20 mai 2026 à 15:30" in french
    assert "📍 Sharm El Sheikh" in french
    assert f"/calendrier {number}" in french
    spanish = render_notification(
        rows["lucia"]["template"], rows["lucia"]["params"], Translator("es", "America/Lima")
    ).plain_text
    assert "Recordatorio: Soil carbon webinar empieza dentro de 1 día." in spanish
    assert (
        f"miércoles, 20 de mayo de 2026 a las 7:30 (hora de {city('America/Lima', 'es')})"
        in spanish
    )


async def test_cancellation_notice_reads_in_the_readers_language() -> None:
    params = {
        "event_id": 3,
        "title": {"en": "Bureau meeting"},
        "starts_at": "2026-05-20T12:00:00+00:00",
        "ends_at": "2026-05-20T13:30:00+00:00",
        "timezone": "Europe/Paris",
    }
    text = render_notification("event-cancelled", params, Translator("fr", "Asia/Kolkata"))
    assert text.plain_text == (
        "❌ Annulé : Bureau meeting "
        f"Il était prévu le mercredi 20 mai 2026 à 17:30 ({french_zone('Asia/Kolkata')})."
    )


async def test_no_reminders_for_someone_who_withdrew_consent(hub: Hub) -> None:
    amina = await person(hub, "amina", "Europe/Paris")
    number = await event(hub, datetime(2026, 5, 20, 14, 0), "Europe/Paris", now=CREATED)
    await rsvp(hub, amina, number, "going", CREATED)
    async with hub.uow() as uow:
        for granted in (True, False):
            uow.session.add(
                ConsentRecord(
                    person_id=amina, purpose="reminders", granted=granted, channel="console"
                )
            )
        await uow.commit()
    assert await tick(hub, utc(2026, 5, 19, 12, 0)) == 0
