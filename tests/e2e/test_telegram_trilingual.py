"""`serve --telegram` against the fake Bot API: French and Spanish people in their own words."""

from __future__ import annotations

from pathlib import Path

from core.i18n import country_name
from core.services.location_zone import zone_at
from tests.e2e.delivery_support import PROGRAM, start, worker_env
from tests.e2e.test_parts_answer_alone import demo_database, stop, until
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import TelegramUser

KAYA = (13.09, -1.08)
BOGOTA = (4.711, -74.072)


async def test_people_type_their_commands_and_share_where_they_are(
    sqlite_url: str, telegram_api: FakeTelegram, tmp_path: Path
) -> None:
    await demo_database(sqlite_url)
    env = worker_env(sqlite_url, telegram_api.base_url, TELEGRAM_CHAT_RATE="100")
    log = tmp_path / "serve.log"
    process = await start([str(PROGRAM), "serve", "--telegram"], env, log)
    awa, lucia = TelegramUser(811, "Awa", "fr"), TelegramUser(812, "Lucía", "es")

    def texts(user: TelegramUser) -> list[str]:
        return [str(c.params.get("text", "")) for c in telegram_api.sent_to(user.id)]

    async def send(user: TelegramUser, update: dict[str, object], expect: str) -> str:
        """Send `update`; return what came back once a message holds `expect`."""
        count = len(texts(user))
        telegram_api.updates.append(update)
        await until(lambda: any(expect in t for t in texts(user)[count:]), expect)
        return "\n".join(texts(user)[count:])

    try:
        await until(lambda: any(c.method == "getUpdates" for c in telegram_api.calls), "polling")
        help_ = await send(awa, awa.text("/aide"), "Ce que je sais faire")
        assert "/pratiques" in help_
        assert "/evenements" in help_
        await send(awa, awa.text("/evenements"), "Événements à venir")
        # A new person, on UTC until now: the location sets the zone, then nearest partners.
        await send(awa, awa.location(*KAYA), "D’après votre position")
        await send(
            awa,
            awa.text("/pres Kaya"),
            f"Partenaires les plus proches (Kaya, {country_name('BF', 'fr')})",
        )
        asked = await send(lucia, lucia.text("/cerca Valencia"), "Valencia puede ser")
        assert f"Valencia ({country_name('ES', 'es')})" in asked
        await send(lucia, lucia.text("/cerca Valencia, España"), "Socios más cercanos a Valencia")
        await send(lucia, lucia.text("/zona Madrid"), "Madrid")
        offer_calls = len(telegram_api.sent_to(lucia.id))
        await send(lucia, lucia.location(*BOGOTA), "Zona horaria de este lugar")
        offer = telegram_api.sent_to(lucia.id)[offer_calls]
        keyboard = str(offer.params.get("reply_markup", ""))
        assert f"tz:{zone_at(*BOGOTA)}" in keyboard
        assert "Usar esta zona horaria" in keyboard
        await send(lucia, lucia.press(f"tz:{zone_at(*BOGOTA)}"), "Bogotá")
        await send(lucia, lucia.text("/yo"), "Zona horaria: hora de Bogotá")
    finally:
        await stop(process, log)
