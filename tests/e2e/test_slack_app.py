"""The Slack app's edges: signatures, retries, the slash command, the Home tab, the dashboard."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlalchemy import select

from core.domain.people import Role
from core.domain.reports import ReportStatus
from core.persistence.models import FieldReport, OutboxMessage, ProcessedInbound
from tests.e2e.slack_helpers import SECRET, Desktop, desktop_fixture, sign, until  # noqa: F401
from tests.factories import make_person
from tests.integration.report_helpers import file_report, rows


async def test_bad_or_stale_signatures_get_401_and_change_nothing(desktop: Desktop) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    await make_person(d.hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    number = await file_report(d.hub, "kofi", "Cover crops")
    body = f"command=%2F4p1000&text=approve+{number}&user_id=UCLAIRE&response_url=x&trigger_id=t"
    form = "application/x-www-form-urlencoded"
    forged = {**sign(body, secret="not-the-secret")}
    stale = sign(body, at=int(time.time()) - 600)
    for headers in (
        forged,
        stale,
        {"X-Slack-Signature": "v0=00", "X-Slack-Request-Timestamp": "x"},
    ):
        async with d.slack.session.post(
            d.slack.url, data=body, headers={"Content-Type": form, **headers}
        ) as response:
            assert response.status == 401
    await asyncio.sleep(0.2)
    assert [r.status for r in await rows(d.hub, FieldReport)] == [ReportStatus.SUBMITTED]
    assert not d.responses.posts
    assert not d.api.calls_of("chat.postMessage")


async def test_help_is_ephemeral_and_in_the_persons_language(desktop: Desktop) -> None:
    d = desktop
    await d.person("UJAMES", "James", Role.SECRETARIAT, language="fr")
    assert await d.slack.command("UJAMES", "help") == 200
    await until(lambda: len(d.responses.posts) >= 2)
    first = d.responses.posts[0]
    assert first["response_type"] == "ephemeral"
    assert first["replace_original"] is False
    text = "\n".join(d.responses.texts())
    assert "Ce que je sais faire" in text
    assert "/4p1000 attente" in text
    assert "/4p1000 event new" in text


async def test_a_person_without_the_role_gets_a_polite_refusal(desktop: Desktop) -> None:
    d = desktop
    await d.person("UFRIEND", "Amina", language="fr")
    await d.slack.command("UFRIEND", "queue")
    await until(lambda: d.responses.posts)
    assert "Désolé" in d.responses.texts()[0]


async def test_a_retried_event_is_answered_once(desktop: Desktop) -> None:
    d = desktop
    await d.person("UFRIEND", "Amina")
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "UFRIEND",
        "text": "/help",
        "ts": "1700000000.1",
    }
    assert await d.slack.event(event, "Ev001") == 200
    assert await d.slack.event(event, "Ev001", retry=1) == 200
    assert await d.slack.event(event, "Ev001", retry=2) == 200

    async def answered() -> list[Any]:
        return await rows(d.hub, OutboxMessage)

    await until(answered)
    await asyncio.sleep(0.3)
    outbox = await rows(d.hub, OutboxMessage)
    assert len({row.idempotency_key for row in outbox}) == len(outbox) >= 1
    assert {row.recipient for row in outbox} == {"UFRIEND"}
    async with d.hub.uow() as uow:
        seen = (await uow.session.scalars(select(ProcessedInbound.external_id))).all()
    assert list(seen) == ["Ev001"]
    await d.deliver()
    assert len(d.api.posted_to("UFRIEND")) == len(outbox)


async def test_the_dashboard_comes_as_text_and_a_png_upload(desktop: Desktop) -> None:
    d = desktop
    await d.person("UBUREAU", "Bureau One", Role.BUREAU)
    await d.slack.command("UBUREAU", "figures", channel="CBUREAU")
    await until(lambda: d.api.calls_of("files.completeUploadExternal"))
    assert "4 per 1000 Dashboard" in d.responses.texts()[0]
    asked = d.api.calls_of("files.getUploadURLExternal")[0].params
    assert asked["filename"] == "dashboard.png"
    (content,) = d.api.uploads.values()
    assert content.startswith(b"\x89PNG") or b"\x89PNG" in content[:400]
    done = d.api.calls_of("files.completeUploadExternal")[0].params
    assert done["channel_id"] == "CBUREAU"


async def test_a_429_with_retry_after_is_waited_for(desktop: Desktop) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    d.api.script("views.publish", "429", retry_after=1)
    await d.slack.event({"type": "app_home_opened", "user": "UCLAIRE", "tab": "home"}, "Ev9")
    published = await until(lambda: d.api.calls_of("views.publish"))
    tries = [c for c in d.api.calls if c.method == "views.publish"]
    assert [c.outcome for c in tries] == ["429", "ok"]
    assert tries[1].at - tries[0].at >= 0.9
    assert published[0].params["user_id"] == "UCLAIRE"


async def test_bulk_approval_from_the_home_tab(desktop: Desktop) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    await make_person(d.hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    first = await file_report(d.hub, "kofi", "Cover crops")
    second = await file_report(d.hub, "kofi", "Biochar trial")
    await d.slack.event({"type": "app_home_opened", "user": "UCLAIRE", "tab": "home"}, "Ev2")
    (published,) = await until(lambda: d.api.calls_of("views.publish"))
    view = published.params["view"]
    boxes = [
        e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "checkboxes"
    ]
    options = boxes[0]["options"]
    assert [o["value"] for o in options] == [str(first), str(second)]
    state = {"bulk_0": {"desk_pick": {"type": "checkboxes", "selected_options": options}}}
    await d.slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "UCLAIRE"},
            "team": {"id": "T1"},
            "trigger_id": "t1",
            "container": {"type": "view", "view_id": "V1"},
            "view": {"id": "V1", "type": "home", "state": {"values": state}},
            "actions": [
                {
                    "action_id": "desk_bulk_ok",
                    "value": "desk_bulk_ok",
                    "type": "button",
                    "action_ts": "1",
                }
            ],
        }
    )
    await until(lambda: len(d.api.calls_of("views.publish")) == 2)
    assert {r.status for r in await rows(d.hub, FieldReport)} == {ReportStatus.APPROVED}
    dm = d.api.posted_to("UCLAIRE")[0].params["text"]
    assert f"#{first}" in dm
    assert f"#{second}" in dm
