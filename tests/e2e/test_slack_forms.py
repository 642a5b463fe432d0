"""The Bureau's votes on cards, and the Secretariat's forms (events, newsletter, applications)."""

from __future__ import annotations

import json
from typing import Any

from core.domain.kinds import ApplicationStatus, EventStatus
from core.domain.people import Role
from core.i18n import Translator
from core.interactions.desk_cards import enqueue_desk_cards
from core.persistence.models import Event, MembershipApplication, NewsletterItem, Partner
from core.services import membership
from tests.e2e.slack_helpers import BUREAU, MODERATION, Desktop, desktop_fixture, until  # noqa: F401
from tests.factories import make_person
from tests.integration.report_helpers import actor_of, rows


def _text(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _choice(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


async def _voting_application(d: Desktop) -> int:
    await make_person(d.hub, "claire", Role.SECRETARIAT)
    async with d.hub.uow() as uow:
        form = membership.ApplicationForm("Soil Lab <!channel>", "research", "CI")
        application = await membership.submit_application(form, uow)
        await membership.open_vote(await actor_of(d.hub, "claire"), application.id, uow)
        await uow.commit()
        return application.id


async def test_bureau_votes_on_the_card_tally_shows_and_the_outcome_is_recorded(
    desktop: Desktop,
) -> None:
    d = desktop
    await d.person("UB1", "Bureau One", Role.BUREAU)
    await d.person("UB2", "Bureau Two", Role.BUREAU)
    await d.person("UB3", "Bureau Three", Role.BUREAU)
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    number = await _voting_application(d)
    async with d.hub.uow() as uow:
        t = Translator("en")
        await enqueue_desk_cards(
            d.hub.now(), uow, moderation_channel=MODERATION, bureau_channel=BUREAU, t=t
        )
        await uow.commit()
    await d.deliver()
    (card,) = d.api.posted_to(BUREAU)
    assert "Soil Lab &lt;!channel&gt;" in card.params["text"]
    message = {"ts": "5.5", "blocks": card.params["blocks"]}
    await d.slack.click("UB1", f"appvote:{number}:no", message=message, channel=BUREAU, ts="5.5")
    await until(lambda: d.api.calls_of("chat.update"))
    await d.slack.click("UB1", f"appvote:{number}:yes", message=message, channel=BUREAU, ts="5.5")
    await until(lambda: len(d.api.calls_of("chat.update")) == 2)
    assert "1 yes, 0 no" in d.api.calls_of("chat.update")[1].params["text"]
    await d.slack.click(
        "UCLAIRE", f"appvote:{number}:yes", message=message, channel=BUREAU, ts="5.5"
    )
    await until(lambda: len(d.responses.posts) == 3)
    assert "reserved" in d.responses.texts()[2]  # the Secretariat does not vote
    await d.slack.click("UB2", f"appvote:{number}:yes", message=message, channel=BUREAU, ts="5.5")
    await until(lambda: len(d.api.calls_of("chat.update")) == 4)
    final = d.api.calls_of("chat.update")[-1].params
    assert "2 yes, 0 no" in final["text"]
    assert not [b for b in final["blocks"] if b["type"] == "actions"]
    (application,) = await rows(d.hub, MembershipApplication)
    assert application.status == ApplicationStatus.APPROVED
    assert [p.name for p in await rows(d.hub, Partner)] == ["Soil Lab <!channel>"]


async def test_events_are_created_moved_and_cancelled_with_modals(desktop: Desktop) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    await d.slack.command("UCLAIRE", "event new")
    (opened,) = await until(lambda: d.api.calls_of("views.open"))
    view = opened.params["view"]
    values = {
        "kind": {"kind": _choice("bureau")},
        "title": {"title": _text("Bureau meeting")},
        "language": {"language": _choice("en")},
        "date": {"date": {"type": "datepicker", "selected_date": "2031-03-04"}},
        "time": {"time": {"type": "timepicker", "selected_time": "14:30"}},
        "timezone": {"timezone": _text("Europe/Paris")},
        "place": {"place": _text("")},
        "online_url": {"online_url": _text("https://meet.example/b")},
        "description": {"description": _text("")},
    }
    assert await d.slack.submit("UCLAIRE", view, values) == 200
    await until(lambda: d.api.posted_to("UCLAIRE"))
    (event,) = await rows(d.hub, Event)
    assert event.status == EventStatus.SCHEDULED
    assert event.timezone == "Europe/Paris"
    assert event.starts_at.hour == 13  # 14:30 in Paris in March is 13:30 UTC
    await d.slack.command("UCLAIRE", f"event move {event.id}")
    move = (await until(lambda: d.api.calls_of("views.open")[1:]))[0].params["view"]
    assert move["callback_id"] == "desk_event_move"
    moved = {**values, "date": {"date": {"type": "datepicker", "selected_date": "2031-03-11"}}}
    await d.slack.submit("UCLAIRE", move, {k: moved[k] for k in ("date", "time", "timezone")})
    await until(lambda: len(d.api.posted_to("UCLAIRE")) == 2)
    await d.slack.command("UCLAIRE", f"event cancel {event.id}")
    cancel = (await until(lambda: d.api.calls_of("views.open")[2:]))[0].params["view"]
    await d.slack.submit("UCLAIRE", cancel, {})
    await until(lambda: len(d.api.posted_to("UCLAIRE")) == 3)
    (event,) = await rows(d.hub, Event)
    assert event.status == EventStatus.CANCELLED
    assert event.starts_at.day == 11


async def test_a_bureau_member_cannot_open_the_event_form(desktop: Desktop) -> None:
    d = desktop
    await d.person("UB1", "Bureau One", Role.BUREAU, language="es")
    await d.slack.command("UB1", "event new")
    await until(lambda: d.responses.posts)
    assert not d.api.calls_of("views.open")
    assert "reservado" in d.responses.texts()[0]


async def test_newsletter_items_are_written_in_a_modal_and_the_digest_previewed(
    desktop: Desktop,
) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT)
    await d.slack.command("UCLAIRE", "write")
    (opened,) = await until(lambda: d.api.calls_of("views.open"))
    values = {
        "rubric": {"rubric": _choice("news")},
        "language": {"language": _choice("en")},
        "title": {"title": _text("Helsinki meeting")},
        "body": {"body": _text("More carbon in the soil.")},
        "region": {"region": _text("")},
    }
    await d.slack.submit("UCLAIRE", opened.params["view"], values)
    await until(lambda: d.api.posted_to("UCLAIRE"))
    (item,) = await rows(d.hub, NewsletterItem)
    assert item.title == {"en": "Helsinki meeting"}
    assert item.status == "draft"
    await d.slack.command("UCLAIRE", "translations")
    await until(lambda: d.responses.posts)
    assert "Helsinki meeting" in d.responses.texts()[0]
    await d.slack.command("UCLAIRE", "digest fr")
    await until(lambda: len(d.responses.posts) == 2)
    assert d.responses.posts[1]["response_type"] == "ephemeral"


async def test_an_application_is_filed_from_the_slack_form(desktop: Desktop) -> None:
    d = desktop
    await d.person("UORG", "Awa")
    await d.slack.command("UORG", "apply")
    (opened,) = await until(lambda: d.api.calls_of("views.open"))
    values = {
        "organisation": {"organisation": _text("Cocoa Soils Coop")},
        "category": {"category": _choice("producer_org")},
        "country": {"country": _text("ci")},
        "contact_role": {"contact_role": _text("Coordinator")},
        "objectives": {"objectives": _text("")},
        "motivation": {"motivation": _text("We measure soil carbon in cocoa farms.")},
    }
    await d.slack.submit("UORG", opened.params["view"], values)
    dm = await until(lambda: d.api.posted_to("UORG"))
    (application,) = await rows(d.hub, MembershipApplication)
    assert application.organisation == "Cocoa Soils Coop"
    assert application.country == "CI"
    assert f"#{application.id}" in dm[0].params["text"]


async def test_a_bureau_member_votes_from_the_home_tab(desktop: Desktop) -> None:
    d = desktop
    await d.person("UB1", "Bureau One", Role.BUREAU, language="fr")
    await d.person("UB2", "Bureau Two", Role.BUREAU)  # so that one vote does not close it
    number = await _voting_application(d)
    await d.slack.event({"type": "app_home_opened", "user": "UB1", "tab": "home"}, "EvH1")
    (published,) = await until(lambda: d.api.calls_of("views.publish"))
    blocks = published.params["view"]["blocks"]
    values = [e.get("value") for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert f"appvote:{number}:yes" in values
    assert not [v for v in values if str(v).startswith("desk_bulk")]  # no moderation queue
    await d.slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "UB1"},
            "team": {"id": "T1"},
            "trigger_id": "t9",
            "container": {"type": "view", "view_id": "V1"},
            "view": {"id": "V1", "type": "home", "state": {"values": {}}},
            "actions": [
                {
                    "action_id": "hub:0",
                    "type": "button",
                    "value": f"appvote:{number}:yes",
                    "action_ts": "1",
                }
            ],
        }
    )
    await until(lambda: len(d.api.calls_of("views.publish")) == 2)
    dm = d.api.posted_to("UB1")[0].params["text"]
    assert f"n° {number}" in dm or f"#{number}" in dm
    refreshed = d.api.calls_of("views.publish")[1].params["view"]
    assert "1 oui" in json.dumps(refreshed, ensure_ascii=False)
