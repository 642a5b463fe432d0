"""The moderation desk in Slack: cards posted to the channel, decided in place, races told."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from core.domain.people import Role
from core.domain.reports import ReportStatus
from core.interactions.desk_cards import slack_desk_cards
from core.persistence.models import FieldReport, ReportAuditEntry
from tests.e2e.slack_helpers import MODERATION, Desktop, desktop_fixture, until  # noqa: F401
from tests.factories import make_person
from tests.integration.report_helpers import file_report, rows


async def _report(d: Desktop, text: str = "Cover crops day in Bouaké") -> int:
    await make_person(d.hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    return await file_report(d.hub, "kofi", "Cover crops", text)


async def _post_cards(d: Desktop) -> list[Any]:
    """Run the desk job and the outbox worker: the cards land in the moderation channel."""
    async with d.hub.uow() as uow:
        await slack_desk_cards(d.hub.now(), uow)
        await uow.commit()
    await d.deliver()
    return d.api.posted_to(MODERATION)


async def _status(d: Desktop, report_id: int) -> str:
    async with d.hub.uow() as uow:
        return str(
            await uow.session.scalar(select(FieldReport.status).where(FieldReport.id == report_id))
        )


def _card_values(call: Any) -> list[str]:
    return [
        e["value"] for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]


async def test_a_new_report_is_posted_once_as_a_card_with_user_text_shown_literally(
    desktop: Desktop, monkeypatch: Any
) -> None:
    d = desktop
    d.open_desks()
    number = await _report(d, "Alert <!channel> and <@U123>, see <https://x|y> & more")
    await _post_cards(d)
    cards = await _post_cards(d)  # a second tick posts nothing new
    assert len(cards) == 1
    text = "\n".join(b["text"]["text"] for b in cards[0].params["blocks"] if b["type"] == "section")
    assert "&lt;!channel&gt;" in text
    assert "&lt;@U123&gt;" in text
    assert "&lt;https://x|y&gt;" in text
    assert "&amp; more" in text
    assert "<!channel>" not in cards[0].params["text"]
    assert _card_values(cards[0]) == [
        f"rmod:claim:{number}",
        f"rmod:ok:{number}",
        f"rmod:ok:{number}:story",
        f"rmod:no:{number}",
        f"rmod:chg:{number}",
    ]


async def test_approve_updates_the_card_and_a_second_moderator_is_told(desktop: Desktop) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    await d.person("UJAMES", "James", Role.SECRETARIAT, language="fr")
    number = await _report(d)
    card = {
        "ts": "1.1",
        "blocks": [{"type": "actions", "elements": [{"value": f"rmod:ok:{number}"}]}],
    }
    assert await d.slack.click("UCLAIRE", f"rmod:ok:{number}", message=card, ts="1.1") == 200
    update = await until(lambda: d.api.calls_of("chat.update"))
    assert update[0].params["ts"] == "1.1"
    assert update[0].params["channel"] == MODERATION
    assert "Claire" in update[0].params["text"]
    assert not [b for b in update[0].params["blocks"] if b["type"] == "actions"]
    await until(lambda: d.responses.posts)
    assert "approved" in d.responses.texts()[0]
    assert await d.slack.click("UJAMES", f"rmod:ok:{number}", message=card, ts="1.1") == 200
    await until(lambda: len(d.responses.posts) == 2)
    told = d.responses.posts[1]
    assert told["response_type"] == "ephemeral"
    assert "déjà" in told["text"]
    assert "Claire" in told["text"]
    await until(lambda: len(d.api.calls_of("chat.update")) == 2)
    assert await _status(d, number) == ReportStatus.APPROVED


async def test_two_moderators_deciding_at_once_one_wins(desktop: Desktop) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    await d.person("UJAMES", "James", Role.SECRETARIAT)
    number = await _report(d)
    statuses = await asyncio.gather(
        d.slack.click("UCLAIRE", f"rmod:ok:{number}"), d.slack.click("UJAMES", f"rmod:ok:{number}")
    )
    assert statuses == [200, 200]
    await until(lambda: len(d.responses.posts) == 2)
    texts = d.responses.texts()
    assert sum("already" in text for text in texts) == 1, texts
    decided = await rows(d.hub, ReportAuditEntry, ReportAuditEntry.action == "approved")
    assert len(decided) == 1


async def test_reject_opens_a_modal_and_the_reason_reaches_the_report(desktop: Desktop) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    number = await _report(d)
    card = {
        "ts": "2.2",
        "blocks": [{"type": "actions", "elements": [{"value": f"rmod:no:{number}"}]}],
    }
    await d.slack.click("UCLAIRE", f"rmod:no:{number}", message=card, ts="2.2")
    opened = await until(lambda: d.api.calls_of("views.open"))
    view = opened[0].params["view"]
    assert view["callback_id"] == "desk_reason"
    assert await _status(d, number) == ReportStatus.SUBMITTED  # nothing decided yet
    values = {"reason": {"reason": {"type": "plain_text_input", "value": "Out of scope <!here>"}}}
    assert await d.slack.submit("UCLAIRE", view, values) == 200
    await until(lambda: d.api.calls_of("chat.update"))
    assert await _status(d, number) == ReportStatus.REJECTED
    dm = await until(lambda: d.api.posted_to("UCLAIRE"))
    assert f"#{number}" in dm[0].params["text"]
    update = d.api.calls_of("chat.update")[0].params
    assert update["ts"] == "2.2"
    assert "Out of scope &lt;!here&gt;" in update["text"]


async def test_a_forged_action_by_someone_without_the_role_is_refused(desktop: Desktop) -> None:
    d = desktop
    await d.person("UFRIEND", "Amina", language="es")
    await d.person("UBUREAU", "Bureau One", Role.BUREAU)
    number = await _report(d)
    for user in ("UFRIEND", "UBUREAU"):
        await d.slack.click(user, f"rmod:ok:{number}")
    await until(lambda: len(d.responses.posts) == 2)
    # The two presses are handled concurrently: their answers may come in either order.
    answers = sorted(d.responses.texts(), key=lambda text: "reserved" in text)
    assert "reservado" in answers[0]  # Amina reads Spanish
    assert "reserved" in answers[1]
    assert await _status(d, number) == ReportStatus.SUBMITTED
    assert not d.api.calls_of("chat.update")  # the forged card was not redrawn


async def test_a_double_click_acts_once(desktop: Desktop) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    number = await _report(d)
    await d.slack.click("UCLAIRE", f"rmod:claim:{number}")
    await d.slack.click("UCLAIRE", f"rmod:claim:{number}")
    await until(lambda: d.responses.posts)
    await asyncio.sleep(0.3)
    claims = await rows(d.hub, ReportAuditEntry, ReportAuditEntry.action == "claimed")
    assert len(claims) == 1
    assert len(d.responses.posts) == 1
