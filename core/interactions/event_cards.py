"""How an event reads, in the reader's language and zone, with the event's own local time."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.domain.errors import N_
from core.domain.kinds import EventKind, RsvpAnswer
from core.i18n import Translator, localize_place
from core.interactions.model import Paragraph, Span, bold, italic, link

KIND_LABELS = {
    EventKind.CONSORTIUM: N_("Consortium meeting"),
    EventKind.DAY: N_("4 per 1000 Day"),
    EventKind.BUREAU: N_("Bureau meeting"),
    EventKind.STC: N_("Scientific and Technical Committee"),
    EventKind.REGIONAL: N_("regional meeting"),
    EventKind.WEBINAR: N_("webinar"),
}
ANSWER_LABELS = {
    RsvpAnswer.GOING: N_("going"),
    RsvpAnswer.MAYBE: N_("maybe"),
    RsvpAnswer.NOT_GOING: N_("not going"),
}


def kind_label(t: Translator, kind: str) -> str:
    return t(KIND_LABELS[EventKind(kind)]) if kind in set(EventKind) else kind


def answer_label(t: Translator, answer: RsvpAnswer) -> str:
    return t(ANSWER_LABELS[answer])


def title_of(t: Translator, params: dict[str, Any]) -> str:
    title, _ = t.pick(params.get("title"))
    return title or t("Untitled event")


def schedule_lines(t: Translator, params: dict[str, Any]) -> list[Paragraph]:
    """When: in the reader's zone, then in the event's own zone if it differs."""
    starts = datetime.fromisoformat(params["starts_at"])
    ends = datetime.fromisoformat(params["ends_at"])
    same_day = starts.astimezone(t.zone).date() == ends.astimezone(t.zone).date()
    until = t.time(ends) if same_day else t.date(ends)
    lines: list[Paragraph] = [
        (Span("📅 " + t("{start}, until {end}", start=t.when(starts), end=until)),)
    ]
    zone = ZoneInfo(params["timezone"])
    if (
        zone.key != t.zone.key
        and starts.astimezone(zone).utcoffset() != starts.astimezone(t.zone).utcoffset()
    ):
        local = t.when(starts, zone=zone)
        lines.append((Span("   " + t("Local time of the event: {when}", when=local)),))
    return lines


def place_lines(t: Translator, params: dict[str, Any]) -> list[Paragraph]:
    lines: list[Paragraph] = []
    if params.get("place"):
        lines.append((Span("📍 " + localize_place(str(params["place"]), t.language)),))
    if params.get("online_url"):
        lines.append((Span("💻 " + t("Online: ")), link(t("join"), str(params["online_url"]))))
    elif params.get("is_online"):
        lines.append((Span("💻 " + t("Online (the link will follow)")),))
    if params.get("agenda_url"):
        lines.append((Span("📄 "), link(t("Agenda"), str(params["agenda_url"]))))
    return lines


def card(t: Translator, params: dict[str, Any], *, kind: str | None = None) -> list[Paragraph]:
    """Title, kind, when (reader's zone, event's zone), where, links."""
    title = title_of(t, params)
    heading: list[Span] = [bold(f"#{params['event_id']} · {title}")]
    if kind:
        heading.append(italic(f" ({kind_label(t, kind)})"))
    return [tuple(heading), *schedule_lines(t, params), *place_lines(t, params)]
