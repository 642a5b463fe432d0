"""The Secretariat's announcement where forms open: its form, and the texts it queues."""

from __future__ import annotations

from core.domain.people import CAN_MODERATE, Role
from core.i18n import LANGUAGES, Translator
from core.interactions.context import Context
from core.interactions.form_fields import form_opening, options
from core.interactions.labels import label
from core.interactions.model import ChoiceField, FormField, FormOpening, Note, Reply, TextField, say
from core.interactions.region_labels import region_labels
from core.services import announcements

FORM = "desk_announce"
EVERYONE = "all"


def text_field(language: str) -> str:
    """The form's field holding the text in `language` ('fr' -> 'text_fr')."""
    return f"text_{language}"


async def announce_form(ctx: Context) -> FormOpening:
    """The announcement form, with the regions named in the actor's language."""
    ctx.actor.require(CAN_MODERATE)
    return announce_layout(ctx.t, await region_labels(ctx.t, ctx.uow))


def announce_layout(t: Translator, regions: dict[str, str]) -> FormOpening:
    """To whom (all or a role), where (optional), and one text per language (at least one)."""
    audiences = [(t("Everyone"), EVERYONE)]
    for role in Role:
        if role != Role.FRIEND:  # a friend's announcement is everyone's
            named = label(t, role)
            audiences.append((named[:1].upper() + named[1:], role.value))
    fields: list[FormField] = [ChoiceField("to", t("Recipients"), options(audiences), EVERYONE)]
    if regions:
        named_regions = options((name, code) for code, name in regions.items())
        fields.append(
            ChoiceField("region", t("Region (empty: everywhere)"), named_regions, optional=True)
        )
    hint = t("Write it in one language or more; each reader gets theirs, or another one.")
    fields.append(Note(hint, "hint"))
    for code in LANGUAGES:
        fields.append(
            TextField(
                text_field(code),
                t("Text in {language}", language=t.language_name(code)),
                multiline=True,
                optional=True,
            )
        )
    return form_opening(t, FORM, t("Announcement"), t("Send"), fields)


def typed_texts(values: dict[str, str]) -> dict[str, str]:
    """The texts typed in the form, by language (the empty ones left out)."""
    texts = {lang: values.get(text_field(lang), "").strip() for lang in LANGUAGES}
    return {lang: text for lang, text in texts.items() if text}


def nothing_typed(ctx: Context, command: str) -> Reply:
    """The refusal of a form sent without any text: what to do, nothing sent."""
    return say(
        ctx.t(
            "Nothing was sent: write the announcement in at least one language "
            "(French, English or Spanish). Open the form again with {command}.",
            command=command,
        )
    )


async def announce_from_form(ctx: Context, values: dict[str, str], texts: dict[str, str]) -> Reply:
    """Queue the texts for the audience chosen in the form; say how many were queued."""
    ctx.actor.require(CAN_MODERATE)
    t = ctx.t
    done = await announcements.announce(
        values.get("to") or EVERYONE,
        texts,
        ctx.uow,
        region=values.get("region") or None,
    )
    reply = say(
        t.plural(
            "Announcement queued for {count} person.",
            "Announcement queued for {count} people.",
            done.queued,
        )
    )
    if done.already:
        reply.add(
            t.plural(
                "{count} person already had it (not sent again).",
                "{count} people already had it (not sent again).",
                done.already,
            )
        )
    return reply
