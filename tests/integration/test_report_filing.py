"""Correspondents file field reports: guided drafts, one-step news, receipts, robustness."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.bootstrap import Hub, bootstrap
from core.domain.errors import InvalidInput
from core.domain.people import Role
from core.domain.reports import MAX_REPORT_TEXT, MAX_TITLE
from core.interactions.model import ButtonPress, Reply, SharedFile, SharedLocation
from core.persistence.models import ConversationDraft, FieldReport, OutboxMessage, ReportAuditEntry
from tests.conftest import make_settings
from tests.factories import make_person, say, text_of
from tests.integration.report_helpers import file_report


def buttons(replies: list[Reply]) -> dict[str, str]:
    """Label -> data of every button in the replies."""
    return {b.label: b.data for r in replies for row in r.buttons for b in row}


async def press(hub: Hub, sender: object, replies: list[Reply], label: str) -> list[Reply]:
    return await say(hub, sender, ButtonPress(buttons(replies)[label]))  # type: ignore[arg-type]


async def count(hub: Hub, model: type) -> int:
    async with hub.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)


async def reports_in_db(hub: Hub) -> list[FieldReport]:
    async with hub.uow() as uow:
        rows = list((await uow.session.scalars(select(FieldReport).order_by(FieldReport.id))).all())
        uow.session.expunge_all()  # readable after the session closes
        return rows


async def test_guided_report_with_files_and_location_gets_a_numbered_receipt(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    await make_person(hub, "claire", Role.SECRETARIAT)
    replies = await say(hub, kofi, "/report")
    assert "What kind of report is it?" in replies[0].plain_text
    replies = await press(hub, kofi, replies, "Practice")
    assert "title" in replies[0].plain_text
    await say(hub, kofi, "Zaï pits in Burkina Faso")
    replies = await say(hub, kofi, "Farmers dig small pits filled with compost before the rains.")
    assert "Send photos or files" in replies[0].plain_text
    photo = SharedFile("photo", "tg-file-1", "pits.jpg", "image/jpeg", 200_000, "Pits after rain")
    text = await text_of(hub, kofi, photo)
    assert "File received (1 in all)" in text
    assert "Added to your text" in text
    replies = await say(
        hub, kofi, SharedFile("document", "tg-file-2", "notes.pdf", "application/pdf", 10)
    )
    replies = await press(hub, kofi, replies, "Next")
    assert "Share the location" in replies[0].plain_text
    replies = await say(hub, kofi, SharedLocation(12.37, -1.52))
    assert "ready to send" in replies[0].plain_text
    assert "2 files attached" in replies[0].plain_text
    replies = await press(hub, kofi, replies, "Hide my name")
    assert "without the author's name" in replies[0].plain_text
    replies = await press(hub, kofi, replies, "Send")
    assert "Your report is stored as #1" in replies[0].plain_text

    (report,) = await reports_in_db(hub)
    assert (report.type, report.title, report.status) == (
        "practice",
        "Zaï pits in Burkina Faso",
        "submitted",
    )
    assert report.text.endswith("before the rains.\n\nPits after rain")
    assert (report.latitude, report.longitude, report.hide_author) == (12.37, -1.52, True)
    assert [a.filename for a in report.attachments] == ["pits.jpg", "notes.pdf"]
    assert report.region_code == "west-africa"
    assert await count(hub, ConversationDraft) == 0
    async with hub.uow() as uow:
        (entry,) = (await uow.session.scalars(select(ReportAuditEntry))).all()
        (message,) = (await uow.session.scalars(select(OutboxMessage))).all()
        uow.session.expunge_all()
    assert (entry.action, entry.from_status, entry.to_status) == ("submitted", None, "submitted")
    assert message.idempotency_key == "report:1:v1:submitted:2"
    assert message.payload["template"] == "report_submitted"
    # A second press on a stale Send button files nothing more.
    stale = await say(hub, kofi, ButtonPress("rdraft:send"))
    assert "no report in progress" in stale[0].plain_text
    assert len(await reports_in_db(hub)) == 1


async def test_one_step_news_keeps_the_full_text(hub: Hub) -> None:
    lucia = await make_person(
        hub, "lucia", Role.CORRESPONDENT, region="south-america", language="es"
    )
    long_line = "Cosecha récord de café en Nariño gracias a la cobertura vegetal permanente " * 3
    text = await text_of(hub, lucia, f"/report {long_line}\nSegunda línea.")
    assert "Su informe queda guardado con el n.º 1" in text
    (report,) = await reports_in_db(hub)
    assert report.type == "news"
    assert report.language == "es"
    assert report.text == f"{long_line}\nSegunda línea."
    assert report.title.endswith("…")
    assert len(report.title) <= 81
    mine = await text_of(hub, lucia, "/myreports")
    assert "Su informe\n\n#1 · Noticias · pendiente de revisión — Cosecha récord" in mine


async def test_draft_survives_a_restart_and_can_be_resumed_or_cancelled(
    hub: Hub, database_url: str
) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    replies = await say(hub, kofi, "/report")
    await press(hub, kofi, replies, "Event proposal")
    await say(hub, kofi, "Soil day in Tamale")
    await hub.close()
    restarted = bootstrap(make_settings(database_url))
    try:
        replies = await say(restarted, kofi, "/report")
        assert "You have a report in progress" in replies[0].plain_text
        assert "Event proposal — Soil day in Tamale" in replies[0].plain_text
        replies = await press(restarted, kofi, replies, "Continue it")
        assert "Now send the text" in replies[0].plain_text
        replies = await press(restarted, kofi, replies, "Cancel")
        assert "deleted" in replies[0].plain_text
        assert await count(restarted, ConversationDraft) == 0
        assert await count(restarted, FieldReport) == 0
    finally:
        await restarted.close()


async def test_a_crash_mid_step_keeps_the_draft_as_it_was(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    replies = await say(hub, kofi, "/report")
    await press(hub, kofi, replies, "News")
    await say(hub, kofi, "Title kept")
    # Corrupted draft data makes the next input fail unexpectedly: the person gets an apology,
    # the failed step is rolled back, and the draft is still there as it was.
    async with hub.uow() as uow:
        draft = await uow.session.scalar(select(ConversationDraft))
        assert draft is not None
        draft.data = {**draft.data, "attachments": 5}
        await uow.commit()
    crashed = await text_of(hub, kofi, SharedFile("photo", "p-1", "a.jpg", "image/jpeg", 10))
    assert "Sorry, something went wrong" in crashed
    async with hub.uow() as uow:
        draft = await uow.session.scalar(select(ConversationDraft))
        assert draft is not None
        assert (draft.step, draft.data["title"]) == ("text", "Title kept")
        draft.data = {**draft.data, "attachments": []}
        await uow.commit()
    replies = await say(hub, kofi, "/report")
    replies = await press(hub, kofi, replies, "Continue it")
    assert "Now send the text" in replies[0].plain_text


async def test_oversized_text_is_refused_with_the_limit_and_the_draft_is_kept(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    replies = await say(hub, kofi, "/report")
    await press(hub, kofi, replies, "News")
    too_long_title = "T" * (MAX_TITLE + 1)
    assert f"at most {MAX_TITLE} characters; this one has {MAX_TITLE + 1}" in await text_of(
        hub, kofi, too_long_title
    )
    await say(hub, kofi, "A fine title")
    huge = "x" * (MAX_REPORT_TEXT + 5)
    refused = await text_of(hub, kofi, huge)
    assert f"at most {MAX_REPORT_TEXT} characters; this one has {MAX_REPORT_TEXT + 5}" in refused
    assert "your draft is kept" in refused
    await say(hub, kofi, "y" * (MAX_REPORT_TEXT - 10))
    appended = await text_of(hub, kofi, "a second part that does not fit")
    assert "I did not add it" in appended
    assert "Your draft is kept" in appended
    async with hub.uow() as uow:
        draft = await uow.session.scalar(select(ConversationDraft))
        assert draft is not None
        uow.session.expunge_all()
    assert draft.data["title"] == "A fine title"
    assert len(draft.data["text"]) == MAX_REPORT_TEXT - 10
    one_step = await text_of(hub, kofi, "/report " + huge)
    assert f"at most {MAX_REPORT_TEXT} characters" in one_step
    assert await count(hub, FieldReport) == 0


async def test_unsupported_files_are_refused_and_the_rest_kept(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    replies = await say(hub, kofi, "/report")
    await press(hub, kofi, replies, "News")
    await say(hub, kofi, "Title")
    await say(hub, kofi, "Text")
    assert "cannot attach this kind of file (sticker)" in await text_of(
        hub, kofi, SharedFile("sticker", "s-1")
    )
    assert "looks like a program" in await text_of(
        hub, kofi, SharedFile("document", "d-1", "setup.exe", "application/octet-stream", 100)
    )
    assert "too big" in await text_of(
        hub, kofi, SharedFile("video", "v-1", "film.mp4", "video/mp4", 60 * 1024 * 1024)
    )
    assert "File received (1 in all)" in await text_of(
        hub, kofi, SharedFile("photo", "p-1", None, "image/jpeg", 1000)
    )
    async with hub.uow() as uow:
        draft = await uow.session.scalar(select(ConversationDraft))
        uow.session.expunge_all()
    assert draft is not None
    assert [a["file_ref"] for a in draft.data["attachments"]] == ["p-1"]
    assert draft.data["text"] == "Text"


async def test_a_location_without_text_starts_a_report_and_is_kept(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    replies = await say(hub, kofi, SharedLocation(5.6, -0.2))
    assert "I keep this for a new field report" in replies[0].plain_text
    replies = await press(hub, kofi, replies, "Partner lead")
    await say(hub, kofi, "Agro-ecology cooperative in Accra")
    replies = await say(hub, kofi, "They want to join.")
    replies = await press(hub, kofi, replies, "Next")  # the place is known: straight to the summary
    assert "Location: 5.60000, -0.20000" in replies[0].plain_text
    replies = await press(hub, kofi, replies, "Send")
    assert "stored as #1" in replies[0].plain_text
    (report,) = await reports_in_db(hub)
    assert (report.latitude, report.longitude, report.type) == (5.6, -0.2, "partner_lead")


async def test_a_farmer_gets_a_polite_localized_refusal(hub: Hub) -> None:
    amina = await make_person(hub, "amina", language="fr")
    assert "réservé" in await text_of(hub, amina, "/report Une nouvelle")
    assert "réservé" in await text_of(hub, amina, "/myreports")
    assert "réservé" in await text_of(hub, amina, ButtonPress("rdraft:send"))
    # A farmer's location is not taken for a report.
    assert "I keep this" not in await text_of(hub, amina, SharedLocation(1.0, 2.0))
    assert await count(hub, FieldReport) == 0


async def test_a_photo_with_a_caption_is_filed_at_once_with_the_caption_as_text(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa", language="fr")
    await make_person(hub, "claire", Role.SECRETARIAT)
    photo = SharedFile("photo", "tg-p-9", None, "image/jpeg", 90_000, "Zaï pits after the rain")
    text = await text_of(hub, kofi, photo)
    assert "n° 1" in text or "#1" in text
    assert "Ajouté à votre texte" not in text
    (report,) = await reports_in_db(hub)
    assert (report.type, report.title, report.text) == (
        "news",
        "Zaï pits after the rain",
        "Zaï pits after the rain",
    )
    assert [(a.kind, a.file_ref) for a in report.attachments] == [("photo", "tg-p-9")]
    assert await count(hub, ConversationDraft) == 0
    # A voice note too; a file that cannot be attached still files its caption, saying why.
    voice = SharedFile("voice", "tg-v-1", None, "audio/ogg", 5_000, "Field day in Thiès")
    assert "2" in await text_of(hub, kofi, voice)
    huge = SharedFile("video", "tg-big", "film.mp4", "video/mp4", 60 * 1024 * 1024, "Harvest")
    refused = await text_of(hub, kofi, huge)
    assert "film.mp4" in refused
    reports_now = await reports_in_db(hub)
    assert [r.text for r in reports_now] == [
        "Zaï pits after the rain",
        "Field day in Thiès",
        "Harvest",
    ]
    assert reports_now[2].attachments == []
    # Without a caption, a photo still starts a guided draft.
    assert "I keep this" in await text_of(
        hub,
        await make_person(hub, "ana", Role.CORRESPONDENT, region="west-africa"),
        SharedFile("photo", "p-2"),
    )


async def test_text_typed_before_its_step_is_kept(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    await say(hub, kofi, "/report")
    early = await text_of(hub, kofi, "Rains came early this year")
    assert "Added to your text" in early
    assert "choose the kind" in early
    replies = await say(hub, kofi, ButtonPress("rdraft:type:news"))
    await say(hub, kofi, "Early rains")
    await say(hub, kofi, SharedFile("photo", "p-1", None, "image/jpeg", 10, "a caption"))
    replies = await say(hub, kofi, "The main text.")
    assert "Send photos or files" in replies[0].plain_text
    async with hub.uow() as uow:
        draft = await uow.session.scalar(select(ConversationDraft))
        uow.session.expunge_all()
    assert draft is not None
    assert draft.data["title"] == "Early rains"
    assert draft.data["text"] == "\n\n".join(
        ["Rains came early this year", "a caption", "The main text."]
    )


async def test_a_place_outside_the_earth_is_refused_on_every_path(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    refused = await text_of(hub, kofi, SharedLocation(999, 999))
    assert "not a place on Earth" in refused
    assert "draft is kept" not in refused
    assert await count(hub, ConversationDraft) == 0
    await say(hub, kofi, "/report")
    await say(hub, kofi, ButtonPress("rdraft:type:news"))
    await say(hub, kofi, "Title")
    await say(hub, kofi, "Text")
    await say(hub, kofi, ButtonPress("rdraft:next:files"))
    refused = await text_of(hub, kofi, SharedLocation(12.0, -181.0))
    assert "not a place on Earth" in refused
    assert "draft is kept" in refused
    async with hub.uow() as uow:
        draft = await uow.session.scalar(select(ConversationDraft))
        uow.session.expunge_all()
    assert draft is not None
    assert draft.step == "location"
    assert draft.data["latitude"] is None
    # The service refuses too, whatever the way in.
    for lat, lon in ((91.0, 0.0), (0.0, 180.5), (float("nan"), 0.0), (10.0, None)):
        with pytest.raises(InvalidInput) as caught:
            await file_report(hub, "kofi", "T", latitude=lat, longitude=lon)
        assert "latitude between -90 and 90" in caught.value.message
    assert await file_report(hub, "kofi", "Edge", latitude=-90.0, longitude=180.0) == 1


async def test_the_other_photos_of_an_album_join_the_report_its_caption_filed(hub: Hub) -> None:
    kofi = await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    first = SharedFile("photo", "a-1", None, "image/jpeg", 1000, "Kaya field day", "album-7")
    assert "#1" in await text_of(hub, kofi, first)
    second = await text_of(
        hub, kofi, SharedFile("photo", "a-2", None, "image/jpeg", 900, "", "album-7")
    )
    assert "Added to your report #1 (2 files in all)" in second
    third = SharedFile("photo", "a-3", None, "image/jpeg", 900, "The compost pits", "album-7")
    assert "Added to your text" in await text_of(hub, kofi, third)
    (report,) = await reports_in_db(hub)
    assert [a.file_ref for a in report.attachments] == ["a-1", "a-2", "a-3"]
    assert report.text == "Kaya field day\n\nThe compost pits"
    # Another album without a caption is the start of a guided report, as before.
    other = await text_of(
        hub, kofi, SharedFile("photo", "b-1", None, "image/jpeg", 900, "", "album-8")
    )
    assert "I keep this for a new field report" in other
    assert len(await reports_in_db(hub)) == 1
