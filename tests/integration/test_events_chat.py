"""/events, answers, calendar files and follows through the core, as a person sees them."""

from __future__ import annotations

from datetime import datetime

import icalendar
import pytest

from core.bootstrap import Hub
from core.domain.errors import InvalidInput, NotAllowed
from core.domain.people import Role
from core.i18n import Translator
from core.interactions.dispatch import error_reply
from core.interactions.model import ButtonPress
from core.services.event_changes import publish_event
from core.services.events import EventInput, create_event, create_event_draft
from tests.babel_data import city, french_zone
from tests.factories import console, make_person, say, text_of
from tests.integration.event_helpers import SECRETARIAT, event, person, region, utc

PARIS, CAIRO = french_zone("Europe/Paris"), french_zone("Africa/Cairo")

NOW = utc(2026, 11, 2, 9, 0)


@pytest.fixture
async def events_hub(hub: Hub) -> Hub:
    """The hub at 2 Nov 2026 with a Bureau meeting in Paris and an STC meeting in Cairo."""
    hub.clock = lambda: NOW
    await region(hub, "europe")
    await event(
        hub,
        datetime(2026, 11, 16, 15, 30),
        "Africa/Cairo",
        now=NOW,
        kind="stc",
        title="STC meeting",
        place="Sharm El Sheikh",
        online_url="https://example.org/s",
    )
    await event(
        hub,
        datetime(2026, 11, 10, 14, 0),
        "Europe/Paris",
        now=NOW,
        kind="bureau",
        title="Bureau meeting",
        region_code="europe",
        agenda_url="https://example.org/a",
    )
    return hub


async def test_a_french_reader_sees_paris_times_and_the_event_local_time(events_hub: Hub) -> None:
    # An organiser: she may see the internal meetings too.
    await person(events_hub, "amina", "Europe/Paris", "fr", Role.SECRETARIAT)
    replies = await say(events_hub, console("amina"), "/events")
    text = "\n\n".join(reply.plain_text for reply in replies)
    assert "Événements à venir" in text
    assert "#2 · Bureau meeting (fr) (réunion du Bureau)" in text
    assert f"mardi 10 novembre 2026 à 14:00 ({PARIS}), jusqu'à 16:00" in text
    links = {s.text: s.url for r in replies for p in r.paragraphs for s in p if s.url}
    assert links == {"Ordre du jour": "https://example.org/a", "rejoindre": "https://example.org/s"}
    # Cairo is one hour ahead of Paris in November: both times are shown.
    assert f"lundi 16 novembre 2026 à 14:30 ({PARIS})" in text
    assert f"Heure locale de l'événement : lundi 16 novembre 2026 à 15:30 ({CAIRO})" in text
    assert f"{CAIRO})" in text
    assert "📍 Sharm El Sheikh" in text
    assert text.index("#2 ·") < text.index("#1 ·")  # soonest first


async def test_filters_and_a_clear_error_for_an_unknown_one(events_hub: Hub) -> None:
    await person(events_hub, "lucia", "America/Lima", "es", Role.SECRETARIAT)  # sees both
    lucia = console("lucia")
    only_bureau = await text_of(events_hub, lucia, "/events bureau")
    assert "Bureau meeting" in only_bureau
    assert "STC" not in only_bureau
    assert "STC meeting" in await text_of(events_hub, lucia, "/events inperson")
    assert "Bureau meeting" in await text_of(events_hub, lucia, "/events europe")
    assert "Ningún evento" in await text_of(events_hub, lucia, "/events webinar")
    assert "Filtro desconocido: mars" in await text_of(events_hub, lucia, "/events mars")
    assert f"a las 8:00 (hora de {city('America/Lima', 'es')})" in await text_of(
        events_hub, lucia, "/events bureau"
    )


async def test_answer_with_a_button_then_get_the_calendar_file(events_hub: Hub) -> None:
    await person(events_hub, "amina", "Europe/Paris", "fr", Role.BUREAU)
    amina = console("amina")
    replies = await say(events_hub, amina, "/events bureau")
    buttons = [b for reply in replies for row in reply.buttons for b in row]
    assert [b.data for b in buttons[:4]] == [
        "evr:2:going",
        "evr:2:maybe",
        "evr:2:not_going",
        "evics:2",
    ]
    answer = await text_of(events_hub, amina, ButtonPress(buttons[0].data))
    assert "C'est noté : je viens pour Bureau meeting (fr)." in answer
    assert "Votre réponse : je viens" in await text_of(events_hub, amina, "/event 2")
    [reply] = await say(events_hub, amina, "/ics 2")
    [file] = reply.files
    assert file.filename == "4p1000-event-2.ics"
    assert file.mime_type == "text/calendar"
    calendar = icalendar.Calendar.from_ical(file.content)
    [vevent] = calendar.walk("VEVENT")
    assert vevent["DTSTART"].dt == utc(2026, 11, 10, 13, 0)
    assert str(vevent["SUMMARY"]) == "Bureau meeting (fr)"
    assert [str(a["TRIGGER"].to_ical(), "ascii") for a in vevent.walk("VALARM")] == [
        "-P1D",
        "-PT1H",
    ]
    mine = await say(events_hub, amina, "/ics")
    assert len(icalendar.Calendar.from_ical(mine[0].files[0].content).walk("VEVENT")) == 1


async def test_follow_fills_the_personal_calendar(events_hub: Hub) -> None:
    await person(events_hub, "amina", "UTC", "en", Role.SECRETARIAT)  # may see both meetings
    amina = console("amina")
    assert "You now follow Europe" in await text_of(events_hub, amina, "/follow europe")
    assert "already follow" in await text_of(events_hub, amina, "/follow europe")
    assert "Scientific" in await text_of(events_hub, amina, "/follow stc")
    assert "Your calendar: 2 events." in await text_of(events_hub, amina, "/ics")
    assert "no longer follow" in await text_of(events_hub, amina, "/unfollow all")
    assert "Your calendar: 0 events." in await text_of(events_hub, amina, "/ics")
    assert "Not atlantis" in await text_of(events_hub, amina, "/follow atlantis")


async def test_organisers_see_counts_and_names(events_hub: Hub) -> None:
    for name in ("amina", "kofi", "awa"):  # Bureau members: the meeting is theirs
        await person(
            events_hub, name, "Europe/Paris", "fr" if name == "amina" else "en", Role.BUREAU
        )
    await say(events_hub, console("amina"), "/rsvp 2 going")
    await say(events_hub, console("kofi"), "/rsvp 2 maybe")
    await say(events_hub, console("awa"), "/rsvp 2 not_going")
    claire = await make_person(events_hub, "claire", Role.SECRETARIAT)
    detail = await text_of(events_hub, claire, "/event 2")
    assert "Answers: 1 going · 1 maybe · 1 not going" in detail
    assert "Going: amina" in detail
    assert "Maybe: kofi" in detail
    assert "Not going: awa" in detail
    assert "Answers:" not in await text_of(events_hub, console("kofi"), "/event 2")
    forged = await text_of(events_hub, console("kofi"), ButtonPress("evwho:2"))
    assert "reserved for" in forged


async def test_bad_answers_and_numbers_are_refused_clearly(events_hub: Hub) -> None:
    await person(events_hub, "amina", "Europe/Paris", "fr")
    amina = console("amina")
    assert "pas d'événement numéro 99" in await text_of(events_hub, amina, "/rsvp 99 going")
    wrong = await text_of(events_hub, amina, "/rsvp 1 bof")
    assert "Répondez je viens, peut-être ou je ne viens pas, pas bof" in wrong
    assert "numéro d'un événement" in await text_of(events_hub, amina, "/ics deux")


async def test_drafts_are_for_organisers_until_published(events_hub: Hub) -> None:
    async with events_hub.uow() as uow:
        number = await create_event_draft(
            uow,
            title={"fr": "Atelier sols forestiers à Abidjan"},
            starts_at=datetime(2026, 12, 1, 9, 0),
            timezone="Africa/Abidjan",
            place="Abidjan",
        )
        await uow.commit()
    assert "Abidjan" not in await text_of(events_hub, console("kofi"), "/events")
    claire = await make_person(events_hub, "claire", Role.SECRETARIAT)
    listed = await text_of(events_hub, claire, "/events")
    assert "Atelier sols forestiers" in listed
    assert "Draft: not published yet." in listed
    async with events_hub.uow() as uow:
        await publish_event(SECRETARIAT, number, NOW, uow)
        await uow.commit()
    assert "Atelier sols forestiers" in await text_of(events_hub, console("kofi"), "/events")


async def test_creating_checks_roles_and_dates_with_localized_errors(events_hub: Hub) -> None:
    amina = SECRETARIAT.__class__(**{**SECRETARIAT.__dict__, "roles": frozenset({Role.FRIEND})})
    good = EventInput("webinar", {"en": "x"}, datetime(2026, 12, 1, 9, 0), "Europe/Paris")
    french = Translator("fr", "Europe/Paris")
    cases = [
        (
            EventInput("webinar", {"en": "x"}, datetime(2026, 1, 1, 9, 0), "Europe/Paris"),
            "Le début de l'événement est dans le passé.",
        ),
        (
            EventInput(
                "webinar",
                {"en": "x"},
                datetime(2026, 12, 1, 9, 0),
                "Europe/Paris",
                ends_at=datetime(2026, 12, 1, 8, 0),
            ),
            "La fin de l'événement doit être après son début.",
        ),
        (
            EventInput("webinar", {"en": "x"}, datetime(2026, 12, 1, 9, 0), "Mars/Olympus"),
            "Fuseau horaire inconnu",
        ),
        (
            EventInput("party", {"en": "x"}, datetime(2026, 12, 1, 9, 0), "Europe/Paris"),
            "Type d'événement inconnu : party.",
        ),
    ]
    async with events_hub.uow() as uow:
        with pytest.raises(NotAllowed):
            await create_event(amina, good, NOW, uow)
        for data, message in cases:
            with pytest.raises(InvalidInput) as error:
                await create_event(SECRETARIAT, data, NOW, uow)
            assert message in error_reply(french, error.value).plain_text


async def test_a_dateless_draft_from_a_report_gets_its_date_then_is_published(
    events_hub: Hub,
) -> None:
    from core.persistence.models import Event
    from core.services.event_changes import reschedule_event

    async with events_hub.uow() as uow:
        draft = Event(
            kind="regional",
            title={"fr": "Proposition"},
            starts_at=NOW,
            ends_at=NOW,
            timezone="UTC",
            status="draft",
        )
        uow.session.add(draft)
        await uow.commit()
    claire = await make_person(events_hub, "claire", Role.SECRETARIAT)
    assert "Proposition" in await text_of(events_hub, claire, "/events")
    async with events_hub.uow() as uow:
        with pytest.raises(InvalidInput):
            await publish_event(SECRETARIAT, draft.id, NOW, uow)
        moved = await reschedule_event(
            SECRETARIAT, draft.id, datetime(2026, 12, 3, 10, 0), NOW, uow, timezone="Africa/Dakar"
        )
        assert (moved.ends_at - moved.starts_at).total_seconds() == 7200
        await publish_event(SECRETARIAT, draft.id, NOW, uow)
        await uow.commit()
    assert "Proposition" in await text_of(events_hub, console("kofi"), "/events")


async def test_internal_meetings_and_their_links_are_for_their_members(events_hub: Hub) -> None:
    """#1 is the STC meeting (join link https://example.org/s), #2 the Bureau's."""
    await person(events_hub, "kwame", "Africa/Accra")  # a farmer
    await person(events_hub, "bea", "Europe/Paris", role=Role.BUREAU)
    await person(events_hub, "sam", "Europe/Paris", role=Role.STC)

    async def seen(name: str) -> tuple[str, list[str | None]]:
        replies = await say(events_hub, console(name), "/events")
        urls = [s.url for r in replies for p in r.paragraphs for s in p if s.url]
        return "\n".join(r.plain_text for r in replies), urls

    farmer, urls = await seen("kwame")
    assert "Bureau meeting" not in farmer
    assert "STC meeting" not in farmer
    assert "https://example.org/s" not in urls
    assert "https://example.org/a" not in urls
    for number in (1, 2):
        refused = await text_of(events_hub, console("kwame"), f"/event {number}")
        assert f"There is no event number {number}" in refused
        assert "example.org" not in await text_of(events_hub, console("kwame"), f"/ics {number}")
    bureau, _ = await seen("bea")
    assert "Bureau meeting" in bureau
    assert "STC meeting" not in bureau
    committee, urls = await seen("sam")
    assert "STC meeting" in committee
    assert "Bureau meeting" not in committee
    assert "https://example.org/s" in urls
