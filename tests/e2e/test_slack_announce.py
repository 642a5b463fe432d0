"""The Secretariat's announcement form in Slack: a text per language, each reader gets theirs."""

from __future__ import annotations

from typing import Any

from core.domain.people import Channel, Role
from core.i18n import Translator
from core.interactions.notifications import render_notification
from core.persistence.models import OutboxMessage, Person, Region
from core.services import people
from tests.e2e.slack_helpers import Desktop, desktop_fixture, until  # noqa: F401
from tests.integration.report_helpers import rows


def _text(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _choice(value: str | None) -> dict[str, Any]:
    option = {"value": value} if value else None
    return {"type": "static_select", "selected_option": option}


def _values(to: str, fr: str = "", en: str = "", es: str = "") -> dict[str, Any]:
    texts = {"text_fr": fr, "text_en": en, "text_es": es}
    fields = {name: {name: _text(value)} for name, value in texts.items()}
    return {"to": {"to": _choice(to)}, "region": {"region": _choice(None)}, **fields}


async def _reader(
    d: Desktop, telegram_id: str, language: str, role: Role | None = None, region: str = ""
) -> int:
    async with d.hub.uow() as uow:
        person = await people.identify(Channel.TELEGRAM, telegram_id, uow, chat_id=telegram_id)
        person.language = language
        if role is not None:
            await people.grant_role(person, role, uow, region=region or None)
        await uow.commit()
        return person.id


async def _received(d: Desktop, person_id: int) -> str:
    """What the outbox sends this person, rendered in their language as the worker does."""
    (person,) = await rows(d.hub, Person, Person.id == person_id)
    (row,) = await rows(d.hub, OutboxMessage, OutboxMessage.person_id == person_id)
    payload = row.payload
    reply = render_notification(payload["template"], payload["params"], Translator(person.language))
    return reply.plain_text


async def test_a_french_secretariat_member_announces_in_french_and_spanish(
    desktop: Desktop,
) -> None:
    d = desktop
    await d.person("UCLAIRE", "Claire", Role.SECRETARIAT, language="fr")
    amelie, carmen, bob = (
        await _reader(d, "7001", "fr"),
        await _reader(d, "7002", "es"),
        await _reader(d, "7003", "en"),
    )
    await d.slack.command("UCLAIRE", "annoncer")
    (opened,) = await until(lambda: d.api.calls_of("views.open"))
    view = opened.params["view"]
    assert view["callback_id"] == "desk_announce"
    labels = [block["label"]["text"] for block in view["blocks"] if block["type"] == "input"]
    assert labels[0] == "Destinataires"
    assert "Texte en espagnol" in labels
    options = [o["text"]["text"] for o in view["blocks"][0]["element"]["options"]]
    assert options[0] == "Tout le monde"
    assert "Membre du Bureau" in options

    values = _values("all", fr="Réunion <demain> à 10 h", es="Reunión mañana a las 10")
    assert await d.slack.submit("UCLAIRE", view, values) == 200
    (told,) = await until(lambda: d.api.posted_to("UCLAIRE"))
    assert "Annonce mise en file pour 4 personnes" in told.params["text"]

    french, spanish, english = (
        await _received(d, amelie),
        await _received(d, carmen),
        await _received(d, bob),
    )
    assert "Annonce du Secrétariat exécutif" in french
    assert "Réunion <demain> à 10 h" in french
    assert "Reunión" not in french
    assert "(rédigé en" not in french
    assert "Reunión mañana a las 10" in spanish
    assert "Réunion" not in spanish
    assert "Announcement from the Executive Secretariat" in english
    assert "(written in French)" in english or "(written in Spanish)" in english

    await d.slack.submit("UCLAIRE", view, values)  # sent twice: nobody gets it twice
    await until(lambda: len(d.api.posted_to("UCLAIRE")) == 2)
    assert "4 personnes l'avaient déjà" in d.api.posted_to("UCLAIRE")[1].params["text"]
    assert len(await rows(d.hub, OutboxMessage, OutboxMessage.kind == "announcement")) == 4


async def test_an_empty_announcement_is_refused_and_says_what_to_do(desktop: Desktop) -> None:
    d = desktop
    await d.person("UCARLA", "Carla", Role.SECRETARIAT, language="es")
    await _reader(d, "7004", "es")
    await d.slack.command("UCARLA", "anunciar")
    (opened,) = await until(lambda: d.api.calls_of("views.open"))
    await d.slack.submit("UCARLA", opened.params["view"], _values("all", fr="  "))
    (told,) = await until(lambda: d.api.posted_to("UCARLA"))
    assert "No se envió nada" in told.params["text"]
    assert "/4p1000 anunciar" in told.params["text"]
    assert not await rows(d.hub, OutboxMessage, OutboxMessage.kind == "announcement")


async def test_only_the_secretariat_opens_the_announcement_form(desktop: Desktop) -> None:
    d = desktop
    await d.person("UB1", "Bureau One", Role.BUREAU, language="fr")
    await d.slack.command("UB1", "annoncer")
    await until(lambda: d.responses.posts)
    assert not d.api.calls_of("views.open")
    assert "réservé" in d.responses.texts()[0]


async def test_an_announcement_to_the_correspondents_of_one_region(desktop: Desktop) -> None:
    d = desktop
    async with d.hub.uow() as uow:
        uow.session.add(
            Region(code="west-africa", names={"en": "West Africa", "es": "África occidental"})
        )
        uow.session.add(Region(code="andes", names={"en": "Andes", "es": "Andes"}))
        await uow.commit()
    await d.person("UCARLA", "Carla", Role.SECRETARIAT, language="es")
    awa = await _reader(d, "7101", "fr", Role.CORRESPONDENT, "west-africa")
    await _reader(d, "7102", "es", Role.CORRESPONDENT, "andes")
    await _reader(d, "7103", "fr", Role.BUREAU, "west-africa")
    await d.slack.command("UCARLA", "anunciar")
    (opened,) = await until(lambda: d.api.calls_of("views.open"))
    view = opened.params["view"]
    (where,) = [b for b in view["blocks"] if b.get("block_id") == "region"]
    assert where["optional"] is True
    assert [o["text"]["text"] for o in where["element"]["options"]] == [
        "Andes",
        "África occidental",
    ]
    values = {
        **_values("correspondent", en="Send your reports"),
        "region": {"region": _choice("west-africa")},
    }
    await d.slack.submit("UCARLA", view, values)
    (told,) = await until(lambda: d.api.posted_to("UCARLA"))
    assert "Anuncio en cola para 1 persona." in told.params["text"]
    received = await _received(d, awa)
    assert "Send your reports" in received
    assert "(rédigé en anglais)" in received
