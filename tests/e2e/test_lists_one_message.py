"""A long list is one Telegram message with its buttons, within 4096 characters and 100
buttons, and its More button pages through the rest (in French)."""

from __future__ import annotations

import asyncio
import re

from core.domain.people import Channel, Role
from core.domain.reports import ReportType
from core.services import people, reports
from core.services.reports import ReportContent
from tests.e2e.telegram_harness import TelegramHarness, buttons
from tests.fakes.telegram_api import Call
from tests.fakes.telegram_updates import TelegramUser

REPORTS = 60
LONG = "Les pluies sont arrivées tôt à Korhogo & les semis <vont> bien. " * 12


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def _seed(telegram: TelegramHarness, moussa: TelegramUser, claire: TelegramUser) -> None:
    hub = telegram.hub
    async with hub.uow() as uow:
        author = await people.identify(Channel.TELEGRAM, str(moussa.id), uow, language_hint="fr")
        await people.grant_role(author, Role.CORRESPONDENT, uow, region="west-africa")
        await uow.commit()
    async with hub.uow() as uow:
        author = await people.identify(Channel.TELEGRAM, str(moussa.id), uow)
        actor = people.to_actor(author, Channel.TELEGRAM, hub.defaults)
        for number in range(REPORTS):
            content = ReportContent(type=ReportType.NEWS, title=f"Nouvelle {number}", text=LONG)
            await reports.submit_report(actor, content, uow, now=hub.now())
        await uow.commit()
    async with hub.uow() as uow:  # the Secretariat joins after: no notices to wait for
        person = await people.identify(Channel.TELEGRAM, str(claire.id), uow, language_hint="fr")
        await people.grant_role(person, Role.SECRETARIAT, uow)
        await uow.commit()


async def test_the_queue_and_my_reports_page_as_one_message_each(
    telegram: TelegramHarness,
) -> None:
    moussa, claire = TelegramUser(801, "Moussa", "fr"), TelegramUser(802, "Claire", "fr")
    await _seed(telegram, moussa, claire)
    for user, command, verb, opener in (
        (claire, "/queue", "rq:", r"rmod:open:(\d+)"),
        (moussa, "/myreports", "rmy:", None),
    ):
        seen: list[str] = []
        pages = await _paged(telegram, user, command, verb)
        assert len(pages) > 1
        for page in pages:
            text = str(page.params["text"])
            seen += re.findall(r"Nouvelle (\d+)", text)
            if opener:
                assert all(re.fullmatch(opener, d) or d.startswith(verb) for _, d in buttons(page))
        assert sorted(map(int, seen)) == list(range(REPORTS)), (command, seen)
        assert "rapport" in str(pages[0].params["text"]).lower()


async def _paged(
    telegram: TelegramHarness, user: TelegramUser, command: str, more: str
) -> list[Call]:
    """Send `command`, press More until there is none; each answer is exactly one message."""
    pages: list[Call] = []
    before = len(telegram.api.sent_to(user.id))
    telegram.send(user.text(command))
    while True:
        sent = await telegram.replies(user.id, before + 1)
        await asyncio.sleep(0.3)  # nothing else follows
        assert len(telegram.api.sent_to(user.id)) == before + 1, telegram.transcript()
        page = sent[before]
        pages.append(page)
        assert _utf16(str(page.params["text"])) <= 4096
        assert len(buttons(page)) <= 100
        data = [d for label, d in buttons(page) if d.startswith(more)]
        if not data:
            return pages
        assert [label for label, d in buttons(page) if d.startswith(more)] == ["Suite"]
        before += 1
        telegram.send(user.press(data[0]))
