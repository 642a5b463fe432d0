"""The whole field-report cycle with both bots in one `serve` (real PTB and Bolt on the fakes).

A correspondent invited on Telegram sends a photo with a caption: it is filed at once, its
card reaches the Slack moderation channel with the photo in its thread, a Secretariat member
approves it from the card's button and the correspondent hears it in French; a second report
is decided from the command line and its Slack card is updated in place.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bots.parts import serve
from core.bootstrap import bootstrap
from core.domain.people import Channel, Role
from core.services import invitations, people
from tests.e2e.both_bots import both_bots
from tests.e2e.cli import run
from tests.e2e.slack_helpers import MODERATION, Responses, Slack
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_updates import TelegramUser
from tests.integration.event_helpers import region

WAIT = 20.0


async def until(check: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := check()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
    return found


def section_text(call: Any) -> str:
    return "\n".join(b["text"]["text"] for b in call.params["blocks"] if b["type"] == "section")


async def test_photo_report_card_button_decision_and_cli_update(
    telegram_api: FakeTelegram,
    slack_api: FakeSlack,
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = both_bots(
        sqlite_url, telegram_api, slack_api, monkeypatch, slack_moderation_channel=MODERATION
    )
    port = settings.slack_port
    hub = bootstrap(settings)
    await region(hub, "west-africa")
    async with hub.uow() as uow:
        claire = await people.identify(Channel.SLACK, "UCLAIRE", uow, display_name="Claire")
        claire.name = "Claire"
        await people.grant_role(claire, Role.SECRETARIAT, uow)
        invited = await invitations.create_invitation(
            Role.CORRESPONDENT, uow, now=hub.now(), region="west-africa", by="test"
        )
        await uow.commit()
    stop = asyncio.Event()
    task = asyncio.create_task(serve(hub, ["telegram", "slack", "worker"], stop))
    responses = Responses()
    await responses.start()
    session = aiohttp.ClientSession()
    try:
        await until(lambda: any(c.method == "getUpdates" for c in telegram_api.calls), "polling")
        kofi = TelegramUser(4242, "Kofi", "fr")
        # The invitation.
        telegram_api.updates.append(kofi.text(f"/start {invited.code}"))
        await until(lambda: telegram_api.sent_to(4242), "the welcome")
        # A photo with a caption: one step, a numbered receipt.
        photo = b"\xff\xd8\xff\xe0" + os.urandom(3000)
        telegram_api.files["AgPhoto-1"] = photo
        telegram_api.updates.append(kofi.photo("AgPhoto-1", "Fosses zaï après la pluie à Kaya"))
        receipt = await until(
            lambda: [c for c in telegram_api.sent_to(4242) if "n° 1" in str(c.params.get("text"))],
            "the receipt",
        )
        assert "Ajouté à votre texte" not in str(receipt[0].params["text"])
        # Its card, with the photo itself in the card's thread.
        (card,) = await until(lambda: slack_api.posted_to(MODERATION), "the card")
        assert "Fosses zaï après la pluie à Kaya" in section_text(card)
        uploaded = await until(
            lambda: slack_api.calls_of("files.completeUploadExternal"), "the photo"
        )
        assert uploaded[0].params["thread_ts"] == card.result["ts"]
        assert list(slack_api.uploads.values()) == [photo]
        # Approved from the card's button; the correspondent hears it in French.
        slack = Slack(f"http://127.0.0.1:{port}/slack/events", responses, session)
        message = {"ts": card.result["ts"], "blocks": card.params["blocks"]}
        assert (
            await slack.click("UCLAIRE", "rmod:ok:1", message=message, ts=card.result["ts"]) == 200
        )
        await until(
            lambda: [
                c for c in telegram_api.sent_to(4242) if "Bonne nouvelle" in str(c.params["text"])
            ],
            "the decision on Telegram",
        )
        approved = await until(
            lambda: [
                c
                for c in slack_api.calls_of("chat.update")
                if c.params["ts"] == card.result["ts"] and "Approved by" in section_text(c)
            ],
            "the approved card",
        )
        assert approved
        # A second report, decided from the command line: its card is updated in place.
        telegram_api.updates.append(kofi.text("/report Deuxième visite : les semis ont levé"))
        await until(lambda: len(slack_api.posted_to(MODERATION)) >= 2, "the second card")
        second = slack_api.posted_to(MODERATION)[1]
        env = {**os.environ, "DATABASE_URL": sqlite_url}
        decided = await asyncio.to_thread(
            run,
            ["reports", "decide", "2", "reject", "--reason", "Déjà publié", "--by", "Claire"],
            env=env,
            cwd=tmp_path,
        )
        assert decided.returncode == 0, decided.stderr
        updated = await until(
            lambda: [
                c
                for c in slack_api.calls_of("chat.update")
                if c.params["ts"] == second.result["ts"] and "Rejected by" in section_text(c)
            ],
            "the second card updated",
        )
        assert "Déjà publié" in section_text(updated[-1])
        assert not [
            b
            for b in json.loads(json.dumps(updated[-1].params["blocks"]))
            if b["type"] == "actions"
        ]
        assert not telegram_api.failures
        assert not slack_api.failures
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await session.close()
        await hub.close()
