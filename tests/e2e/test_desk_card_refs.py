"""Desk cards stay true: each posted card is remembered and redrawn whoever decides, wherever."""

from __future__ import annotations

from typing import Any

from core.domain.people import Role
from core.domain.reports import ReportAction
from core.interactions.desk_cards import slack_desk_cards
from core.persistence.models import DeskCardRef
from core.services import moderation
from tests.e2e.slack_helpers import MODERATION, Desktop, desktop_fixture  # noqa: F401
from tests.e2e.test_slack_moderation import _post_cards, _report
from tests.factories import make_person
from tests.integration.report_helpers import actor_of, rows


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
    for name, value in d.hub.settings.model_dump().items():
        if name.startswith("slack_") and value is not None:
            monkeypatch.setenv(name.upper(), str(value))
    first = await _report(d)
    (card,) = await _post_cards(d)
    (ref,) = await rows(d.hub, DeskCardRef)
    assert (ref.subject, ref.subject_id, ref.desk) == ("report", first, MODERATION)
    assert ref.ts == card.result["ts"] and ref.channel_id == MODERATION
    await make_person(d.hub, "claire", Role.SECRETARIAT)
    claire = await actor_of(d.hub, "claire")
    # Claimed, then approved from the console or the command line (the same service).
    async with d.hub.uow() as uow:
        await moderation.claim_report(first, claire, uow, now=d.hub.now())
        await uow.commit()
    await d.deliver()
    claimed = d.api.calls_of("chat.update")[-1]
    assert claimed.params["ts"] == card.result["ts"] and "claire" in _text(claimed)
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
    for name, value in d.hub.settings.model_dump().items():
        if name.startswith("slack_") and value is not None:
            monkeypatch.setenv(name.upper(), str(value))
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
    assert "Rejected by claire" in _text(updated) and "Off topic" in _text(updated)
