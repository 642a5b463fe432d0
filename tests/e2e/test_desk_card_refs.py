"""Desk cards stay true: each posted card is remembered and redrawn whoever decides, wherever."""

from __future__ import annotations

from typing import Any

from bots.delivery.settings import load_delivery_settings
from bots.delivery.worker import Worker
from bots.slack.cards import HubCardBook
from bots.slack.sender import SlackSender
from bots.slack.sender import make_client as make_sender_client
from bots.telegram.files import TelegramFiles
from bots.telegram.sender import make_bot
from core.domain.people import Role
from core.domain.reports import ReportAction
from core.interactions.desk_cards import slack_desk_cards
from core.persistence.models import DeskCardRef
from core.services import moderation, reports
from core.services.reports import Attachment
from tests.e2e.slack_helpers import MODERATION, Desktop, desktop_fixture  # noqa: F401
from tests.e2e.test_slack_moderation import _post_cards, _report
from tests.factories import make_person
from tests.fakes.slack_api import TOKEN as SLACK_TOKEN
from tests.fakes.telegram_api import TOKEN as TELEGRAM_TOKEN
from tests.fakes.telegram_api import FakeTelegram
from tests.integration.report_helpers import actor_of, file_report, rows


def _text(call: Any) -> str:
    return "\n".join(b["text"]["text"] for b in call.params["blocks"] if b["type"] == "section")


def _values(call: Any) -> list[str]:
    return [
        e["value"] for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]


async def test_a_card_is_updated_when_its_report_is_decided_elsewhere(
    desktop: Desktop, monkeypatch: Any
) -> None:
    d = desktop
    d.open_desks()
    first = await _report(d)
    (card,) = await _post_cards(d)
    (ref,) = await rows(d.hub, DeskCardRef)
    assert (ref.subject, ref.subject_id, ref.desk) == ("report", first, MODERATION)
    assert ref.ts == card.result["ts"]
    assert ref.channel_id == MODERATION
    await make_person(d.hub, "claire", Role.SECRETARIAT)
    claire = await actor_of(d.hub, "claire")
    # Claimed, then approved from the console or the command line (the same service).
    async with d.hub.uow() as uow:
        await moderation.claim_report(first, claire, uow, now=d.hub.now())
        await uow.commit()
    await d.deliver()
    claimed = d.api.calls_of("chat.update")[-1]
    assert claimed.params["ts"] == card.result["ts"]
    assert "claire" in _text(claimed)
    async with d.hub.uow() as uow:
        await moderation.decide_report(first, ReportAction.APPROVED, claire, uow, now=d.hub.now())
        await uow.commit()
    await d.deliver()
    approved = d.api.calls_of("chat.update")[-1]
    assert approved.params["channel"] == MODERATION
    assert approved.params["ts"] == card.result["ts"]
    assert "Approved by claire" in _text(approved)
    assert _values(approved) == []  # no button left to press on a decided report
    assert len(d.api.posted_to(MODERATION)) == 1  # updated in place, never posted again


async def test_an_update_waits_for_its_card_to_be_posted(
    desktop: Desktop, monkeypatch: Any
) -> None:
    d = desktop
    d.open_desks()
    number = await _report(d)
    await make_person(d.hub, "claire", Role.SECRETARIAT)
    claire = await actor_of(d.hub, "claire")
    async with d.hub.uow() as uow:
        await slack_desk_cards(d.hub.now(), uow)  # queued, not posted yet
        await moderation.decide_report(
            number, ReportAction.REJECTED, claire, uow, now=d.hub.now(), reason="Off topic"
        )
        await uow.commit()
    for _ in range(3):
        await d.deliver()
    (posted,) = d.api.posted_to(MODERATION)
    (updated,) = d.api.calls_of("chat.update")
    assert updated.params["ts"] == posted.result["ts"]
    assert "Rejected by claire" in _text(updated)
    assert "Off topic" in _text(updated)


async def test_telegram_files_are_copied_into_the_card_thread_and_big_ones_noted(
    desktop: Desktop, telegram_api: FakeTelegram, monkeypatch: Any
) -> None:
    d = desktop
    d.open_desks()
    photo = b"\xff\xd8\xff" + bytes(range(256)) * 40
    telegram_api.files["tg-photo-1"] = photo
    telegram_api.files["tg-voice-1"] = b"OggS" + b"\x00" * 500
    await make_person(d.hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    files = (
        Attachment("photo", "telegram", "tg-photo-1", None, "image/jpeg", len(photo)),
        Attachment("voice", "telegram", "tg-voice-1", None, "audio/ogg", 504),
        Attachment("document", "telegram", "tg-huge", "atlas.pdf", "application/pdf", 2**30),
    )
    number = await file_report(
        d.hub, "kofi", "Zaï pits", attachments=files, latitude=12.37, longitude=-1.52
    )
    async with d.hub.uow() as uow:
        await slack_desk_cards(d.hub.now(), uow)
        await uow.commit()
    settings = load_delivery_settings(slack_channel_rate=0, delivery_backoff_base=0.1)
    bot = make_bot(TELEGRAM_TOKEN, telegram_api.base_url)
    sender = SlackSender(
        make_sender_client(SLACK_TOKEN, d.api.base_url),
        settings,
        HubCardBook(d.hub),
        {"telegram": TelegramFiles(bot)},
    )
    await bot.initialize()
    try:
        await Worker(d.hub, {"slack": sender}, settings).run_once()
        # A file added afterwards (the rest of an album) follows into the same thread.
        telegram_api.files["tg-photo-2"] = b"\xff\xd8" + b"2" * 300
        kofi = await actor_of(d.hub, "kofi")
        async with d.hub.uow() as uow:
            more = (Attachment("photo", "telegram", "tg-photo-2", None, "image/jpeg", 302),)
            await reports.add_attachments(number, kofi, more, uow, now=d.hub.now())
            await uow.commit()
        await Worker(d.hub, {"slack": sender}, settings).run_once()
    finally:
        await bot.shutdown()
    (card,) = d.api.posted_to(MODERATION)  # posted once, then updated
    text = _text(card)
    assert "12.37000, -1.52000" in text
    assert "openstreetmap.org/?mlat=12.37000" in text
    assert "atlas.pdf is too large to be copied here (1024.0 MB; at most 20 MB)" in text
    assert f"open report #{number} on Telegram to read it" in text
    completed = d.api.calls_of("files.completeUploadExternal")
    assert len(completed) == 3  # two photos and the voice note; not the oversized document
    assert {c.params["thread_ts"] for c in completed} == {card.result["ts"]}
    assert {c.params["channel_id"] for c in completed} == {MODERATION}
    assert sorted(d.api.uploads.values(), key=len) == [
        b"\xff\xd8" + b"2" * 300,
        b"OggS" + b"\x00" * 500,
        photo,
    ]
    assert [c.method for c in telegram_api.calls if c.method == "getFile"] == ["getFile"] * 3
    assert "4 files: photo, voice, atlas.pdf, photo" in _text(d.api.calls_of("chat.update")[-1])
