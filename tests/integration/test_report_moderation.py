"""The Secretariat reviews field reports: every move, claims, outcomes, notices and the trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.errors import Conflict, NotAllowed
from core.domain.people import Role
from core.domain.reports import ReportAction, ReportType
from core.i18n import Translator
from core.interactions.model import ButtonPress
from core.interactions.notifications import render_notification
from core.persistence.models import (
    Event,
    FieldReport,
    NewsletterItem,
    OutboxMessage,
    Person,
    Practice,
    Region,
    ReportAuditEntry,
)
from core.persistence.models.base import utcnow
from core.services import moderation, newsletter, privacy
from tests.factories import console, make_person, say, text_of
from tests.integration.report_helpers import actor_of, button_data, file_report, rows


@pytest.fixture
async def desk(hub: Hub) -> Hub:
    """A correspondent (kofi), two Secretariat members (claire, tom) and a farmer (amina)."""
    async with hub.uow() as uow:  # West Africa with its three names, as the demo data has it
        names = {"en": "West Africa", "fr": "Afrique de l'Ouest", "es": "África occidental"}
        uow.session.add(Region(code="west-africa", names=names))
        await uow.commit()
    await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    await make_person(hub, "claire", Role.SECRETARIAT)
    await make_person(hub, "tom", Role.SECRETARIAT)
    await make_person(hub, "amina")
    return hub


async def decided_messages(hub: Hub) -> list[OutboxMessage]:
    return [m for m in await rows(hub, OutboxMessage) if m.payload["template"] == "report_decided"]


async def test_changes_then_resubmission_then_approval(desk: Hub) -> None:
    hub, kofi, claire = desk, console("kofi"), console("claire")
    number = await file_report(hub, "kofi", "Mulching trial", "Maize residues kept on 12 farms.")
    assert "Please give a reason" in await text_of(hub, claire, f"/changes {number}")
    assert "sent back to its author" in await text_of(
        hub, claire, f"/changes {number} Please add the yields"
    )
    (notice,) = await decided_messages(hub)
    assert notice.idempotency_key == f"report:{number}:decided:changes_requested:v2"
    assert notice.payload["params"]["reason"] == "Please add the yields"
    assert "waiting for changes" in await text_of(hub, claire, f"/approve {number}")

    mine = await say(hub, kofi, "/myreports")
    assert "The Secretariat: Please add the yields" in mine[0].plain_text
    edit = await say(hub, kofi, ButtonPress(button_data(mine)[f"Edit #{number} and send it again"]))
    assert "Your report #1, edited" in edit[-1].plain_text
    step = await say(hub, kofi, ButtonPress(button_data(edit)["Change the text"]))
    assert "Now send the text" in step[0].plain_text
    summary = await say(hub, kofi, "Maize residues kept on 12 farms; yields up 18%.")
    sent = await say(hub, kofi, ButtonPress(button_data(summary)["Send"]))
    assert f"stored as #{number}" in sent[0].plain_text

    (report,) = await rows(hub, FieldReport)
    assert (report.status, report.text) == (
        "submitted",
        "Maize residues kept on 12 farms; yields up 18%.",
    )
    resubmitted = [
        m for m in await rows(hub, OutboxMessage) if m.payload["params"].get("resubmitted")
    ]
    assert {m.idempotency_key for m in resubmitted} == {
        f"report:{number}:v3:submitted:2",
        f"report:{number}:v3:submitted:3",
    }
    assert "approved" in await text_of(hub, claire, f"/approve {number} Great work")
    trail = await rows(hub, ReportAuditEntry)
    assert [(e.action, e.from_status, e.to_status) for e in trail] == [
        ("submitted", None, "submitted"),
        ("changes_requested", "submitted", "changes_requested"),
        ("resubmitted", "changes_requested", "submitted"),
        ("approved", "submitted", "approved"),
    ]
    assert [e.reason for e in trail] == [None, "Please add the yields", None, "Great work"]
    assert trail[1].actor_name == "claire"
    assert trail[2].actor_name == "kofi"


async def test_reject_needs_a_reason_and_decided_reports_do_not_move(desk: Hub) -> None:
    hub, claire, tom = desk, console("claire"), console("tom")
    number = await file_report(hub, "kofi", "Duplicate news")
    assert "Please give a reason" in await text_of(hub, claire, f"/reject {number}")
    assert "rejected" in await text_of(hub, claire, f"/reject {number} Already in the newsletter")
    refused = await text_of(hub, tom, f"/approve {number}")
    assert f"Report #{number} is already rejected (by claire); nothing was changed." in refused
    assert "already rejected" in await text_of(hub, tom, f"/changes {number} more")
    assert "already rejected" in await text_of(hub, tom, f"/claim {number}")
    (report,) = await rows(hub, FieldReport)
    assert report.status == "rejected"
    assert len(await rows(hub, ReportAuditEntry)) == 2


async def test_a_report_waiting_for_changes_can_still_be_rejected(desk: Hub) -> None:
    hub, claire = desk, console("claire")
    number = await file_report(hub, "kofi", "Lead")
    await say(hub, claire, f"/changes {number} Which company?")
    assert "rejected" in await text_of(hub, claire, f"/reject {number} No answer for a month")
    assert [m.payload["params"]["status"] for m in await decided_messages(hub)] == [
        "changes_requested",
        "rejected",
    ]


@pytest.mark.parametrize(
    ("kind", "outcome", "model"),
    [
        (ReportType.NEWS, "newsletter_item", NewsletterItem),
        (ReportType.PRACTICE, "practice", Practice),
        (ReportType.EVENT_PROPOSAL, "event", Event),
        (ReportType.PARTNER_LEAD, "partner_lead", None),
        (ReportType.REQUEST, "answer", None),
    ],
)
async def test_approval_creates_what_the_report_proposes(
    desk: Hub, kind: ReportType, outcome: str, model: type | None
) -> None:
    hub = desk
    number = await file_report(
        hub,
        "kofi",
        "Proposal",
        "Details.",
        kind,
        latitude=5.3,
        longitude=-4.0,
        hide_author=True,
        hide_location=True,
    )
    claire = await actor_of(hub, "claire")
    async with hub.uow() as uow:
        decision = await moderation.decide_report(
            number, ReportAction.APPROVED, claire, uow, now=hub.now(), reason="Here is the answer"
        )
        await uow.commit()
    assert decision.outcome_kind == outcome
    (report,) = await rows(hub, FieldReport)
    assert (report.outcome_kind, report.outcome_id) == (outcome, decision.outcome_id)
    if model is None:
        assert decision.outcome_id is None
        return
    (created,) = await rows(hub, model)
    assert created.id == decision.outcome_id
    assert (created.status, created.source_report_id) == ("draft", number)
    if model is NewsletterItem:
        assert created.rubric == "news"
        assert created.body == {"en": "Details."}
    if model is Event:
        assert created.place is None  # the author asked to hide the location


async def test_news_approved_as_a_success_story_with_a_byline(desk: Hub) -> None:
    hub, claire = desk, console("claire")
    number = await file_report(hub, "kofi", "Cocoa farms store carbon", "Three years on...")
    opened = await say(hub, claire, f"/review {number}")
    approved = await say(
        hub, claire, ButtonPress(button_data(opened)["Approve as a success story"])
    )
    assert "draft newsletter item #1" in approved[0].plain_text
    (item,) = await rows(hub, NewsletterItem)
    assert item.rubric == "success_story"
    assert item.body == {"en": "Three years on...\n\n— kofi"}


async def test_decision_notices_render_in_each_language(desk: Hub) -> None:
    hub, claire = desk, console("claire")
    one = await file_report(hub, "kofi", "Biochar", kind=ReportType.PRACTICE)
    two = await file_report(hub, "kofi", "Fake", kind=ReportType.NEWS)
    three = await file_report(hub, "kofi", "Date?", kind=ReportType.EVENT_PROPOSAL)
    await say(hub, claire, f"/approve {one}")
    await say(hub, claire, f"/reject {two} Not verifiable")
    await say(hub, claire, f"/changes {three} Which month?")
    notices = {m.payload["params"]["status"]: m.payload for m in await decided_messages(hub)}
    expected = {
        "approved": {"en": "is approved", "fr": "est approuvé", "es": "ha sido aprobado"},
        "rejected": {"en": "Not verifiable", "fr": "Le motif : Not verifiable", "es": "El motivo"},
        "changes_requested": {
            "en": "What to change",
            "fr": "Ce qu'il faut modifier",
            "es": "Qué cambiar",
        },
    }
    for status, by_language in expected.items():
        payload = notices[status]
        for language, words in by_language.items():
            reply = render_notification(
                payload["template"], payload["params"], Translator(language)
            )
            assert words in reply.plain_text
    changes = render_notification(
        "report_decided", notices["changes_requested"]["params"], Translator("fr")
    )
    assert [b.data for row in changes.buttons for b in row] == [f"rdraft:edit:{three}"]
    new = [
        m.payload
        for m in await rows(hub, OutboxMessage)
        if m.payload["template"] == "report_submitted"
    ]
    for language, words in {
        "en": "New field report",
        "fr": "Nouveau rapport",
        "es": "Nuevo informe",
    }.items():
        params = new[0]["params"]
        text = render_notification("report_submitted", params, Translator(language)).plain_text
        assert words in text
        assert params["region"], "the report has a region"
        assert f"({params['region_names'][language]})" in text  # its name, never its code
        assert f"({params['region']})" not in text, text


async def test_claims_show_who_is_on_it_and_expire(desk: Hub) -> None:
    hub, claire, tom = desk, console("claire"), console("tom")
    start = utcnow()
    hub.clock = lambda: start
    number = await file_report(hub, "kofi", "Claimed")
    assert "is yours for 30 minutes" in await text_of(hub, claire, f"/claim {number}")
    queue = await text_of(hub, tom, "/queue")
    assert "claire is working on it (for 30 more minutes)" in queue
    assert "claire is working on report #1" in await text_of(hub, tom, f"/approve {number}")
    assert "claire is working on report #1" in await text_of(hub, tom, f"/claim {number}")
    assert "claire is working on report #1" in await text_of(hub, tom, f"/release {number}")
    hub.clock = lambda: start + timedelta(minutes=31)
    assert "is yours" in await text_of(hub, tom, f"/claim {number}")
    assert "back in the queue" in await text_of(hub, tom, f"/release {number}")
    assert "approved" in await text_of(hub, claire, f"/approve {number}")
    actions = [e.action for e in await rows(hub, ReportAuditEntry)]
    assert actions == ["submitted", "claimed", "claimed", "released", "approved"]


async def test_reason_asked_after_a_button_press(desk: Hub) -> None:
    hub, claire = desk, console("claire")
    number = await file_report(hub, "kofi", "Needs a reason")
    opened = await say(hub, claire, f"/review {number}")
    asked = await say(hub, claire, ButtonPress(button_data(opened)["Reject"]))
    assert "Type the reason" in asked[0].plain_text
    assert "rejected" in await text_of(hub, claire, "Out of scope for the Initiative")
    (report,) = await rows(hub, FieldReport)
    assert report.status == "rejected"
    assert (await rows(hub, ReportAuditEntry))[-1].reason == "Out of scope for the Initiative"
    # The next text is ordinary again.
    assert "rejected" not in await text_of(hub, claire, "hello")


async def test_bulk_decisions_report_each_result(desk: Hub) -> None:
    hub, claire = desk, console("claire")
    ids = [await file_report(hub, "kofi", f"Report {n}") for n in range(3)]
    await say(hub, claire, f"/reject {ids[1]} no")
    answer = await text_of(hub, claire, f"/approve {ids[0]}, {ids[1]} {ids[2]}")
    assert f"Report #{ids[0]} approved" in answer
    assert f"Report #{ids[2]} approved" in answer
    assert f"Report #{ids[1]} is already rejected" in answer
    assert [r.status for r in await rows(hub, FieldReport)] == ["approved", "rejected", "approved"]
    assert "There is no report #98" in await text_of(hub, claire, "/reject 98 99 spam")


async def test_only_the_secretariat_moderates(desk: Hub) -> None:
    hub = desk
    number = await file_report(hub, "kofi", "Mine")
    for who in ("kofi", "amina"):
        assert "reserved for" in await text_of(hub, console(who), "/queue")
        assert "reserved for" in await text_of(hub, console(who), f"/approve {number}")
        assert "reserved for" in await text_of(hub, console(who), ButtonPress(f"rmod:ok:{number}"))
    kofi = await actor_of(hub, "kofi")
    async with hub.uow() as uow:
        with pytest.raises(NotAllowed):
            await moderation.decide_report(number, ReportAction.APPROVED, kofi, uow, now=hub.now())
    (report,) = await rows(hub, FieldReport)
    assert report.status == "submitted"


async def file_flood_in_kumasi(hub: Hub) -> int:
    """kofi's report of a flood, with its place: the one the next reports may resemble."""
    return await file_report(
        hub,
        "kofi",
        "Flood in Kumasi",
        "Heavy floods hit farms near Kumasi this week.",
        latitude=6.69,
        longitude=-1.62,
    )


async def test_queue_filters_and_duplicate_hints(desk: Hub) -> None:
    hub, claire = desk, console("claire")
    await file_flood_in_kumasi(hub)
    await file_report(
        hub,
        "kofi",
        "Kumasi floods",
        "Heavy floods hit the farms near Kumasi this week!",
        latitude=6.70,
        longitude=-1.61,
    )
    await file_report(hub, "kofi", "Biochar kiln", "A new kiln for biochar.", ReportType.PRACTICE)
    queue = await text_of(hub, claire, "/queue")
    assert "3 reports, oldest first" in queue
    assert "Looks like report #2" in queue
    assert "Looks like report #1" in queue
    assert "km away" in queue
    practices = await text_of(hub, claire, "/queue practice")
    assert "1 report, oldest first" in practices
    assert "Biochar kiln" in practices
    assert "Nothing here" in await text_of(hub, claire, "/queue approved")
    assert "1 report" not in await text_of(hub, claire, "/queue west-africa request")
    assert "I do not know the filter mars" in await text_of(hub, claire, "/queue mars")


async def test_hints_and_authors_follow_a_report_filed_after_the_queue_was_read(desk: Hub) -> None:
    hub, claire = desk, console("claire")
    await file_report(hub, "kofi", "Cover crops in Tamale", "Mucuna cover crops sown in Tamale.")
    first = await text_of(hub, claire, "/queue")
    assert "Looks like" not in first
    assert "kofi" in first.lower()
    await file_report(hub, "claire", "Tamale cover crops", "Mucuna cover crops sown in Tamale!")
    second = await text_of(hub, claire, "/queue")  # the remembered hints are not stale
    assert "Looks like report #2" in second
    assert "Looks like report #1" in second
    assert "claire" in second.lower()


async def test_a_hint_that_rests_on_a_place_goes_once_the_place_is_erased(desk: Hub) -> None:
    hub, claire = desk, console("claire")
    await make_person(hub, "ama", Role.CORRESPONDENT, region="west-africa")
    await file_flood_in_kumasi(hub)
    await file_report(  # alike enough only because it is from the same place
        hub,
        "ama",
        "Water in Kumasi",
        "Floods hit the maize near Kumasi yesterday.",
        latitude=6.70,
        longitude=-1.61,
    )
    assert "Looks like report #1" in await text_of(hub, claire, "/queue")
    ama = await uow_person(hub, "ama")
    async with hub.uow() as uow:  # ama erases her data: her report keeps no place
        await privacy.forget_person(ama, hub.now(), uow)
        await uow.commit()
    assert "Looks like" not in await text_of(hub, claire, "/queue")  # nothing remembered stale


async def test_the_author_hears_when_the_news_item_is_published_and_where(desk: Hub) -> None:
    hub = desk
    async with hub.uow() as uow:
        kofi = await uow.session.scalar(select(Person).where(Person.name == "kofi"))
        assert kofi is not None
        kofi.language = "fr"
        await uow.commit()
    number = await file_report(hub, "kofi", "Cocoa farms store carbon", "Three years on...")
    claire = await actor_of(hub, "claire")
    async with hub.uow() as uow:
        await moderation.decide_report(number, ReportAction.APPROVED, claire, uow, now=utcnow())
        await uow.commit()
    (item,) = await rows(hub, NewsletterItem)
    for _ in range(2):  # published once: told once
        async with hub.uow() as uow:
            try:
                await newsletter.publish_item(claire, item.id, utcnow(), uow)
                await uow.commit()
            except Conflict:
                await uow.rollback()
    published = [
        m for m in await rows(hub, OutboxMessage) if m.payload["template"] == "report_published"
    ]
    assert len(published) == 1
    assert published[0].person_id == kofi.id
    text = render_notification(
        "report_published", published[0].payload["params"], Translator("fr", "UTC")
    ).plain_text
    assert f"Votre rapport n° {number} « Cocoa farms store carbon » est publié" in text
    assert "/dernieres" in text


async def uow_person(hub: Hub, name: str) -> int:
    async with hub.uow() as uow:
        person = await uow.session.scalar(select(Person.id).where(Person.name == name))
    assert person is not None
    return person
