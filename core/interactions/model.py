"""The neutral message model every channel maps into and renders from."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from core.domain.people import Channel

MAX_BUTTON_DATA = 64  # Telegram's callback_data limit, in bytes


@dataclass(frozen=True)
class Sender:
    """A channel identity as the adapter knows it."""

    channel: Channel
    external_id: str
    display_name: str = ""
    language_hint: str | None = None
    chat_id: str | None = None


@dataclass(frozen=True)
class Command:
    name: str
    args: str = ""
    forms: bool = False  # typed where forms can open (Slack): the core may answer with one


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class ButtonPress:
    data: str
    forms: bool = False  # pressed where forms can open: the core may answer with one


@dataclass(frozen=True)
class SharedLocation:
    latitude: float
    longitude: float


FileKind = Literal["photo", "document", "video", "voice", "audio", "sticker", "animation"]


@dataclass(frozen=True)
class SharedFile:
    kind: FileKind
    file_ref: str
    filename: str | None = None
    mime_type: str | None = None
    size: int | None = None
    caption: str = ""
    group: str | None = None  # sent together with other files (a Telegram album)


@dataclass(frozen=True)
class Unsupported:
    """Something the hub cannot use (a poll, a contact card, a dice...): answered, not dropped."""

    kind: str


@dataclass(frozen=True)
class FormSubmitted:
    """A filled form sent back (a Slack modal): its name, its fields, what it carried along."""

    form: str
    values: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


Input = Command | Text | ButtonPress | SharedLocation | SharedFile | Unsupported | FormSubmitted

Style = Literal["plain", "bold", "italic", "code", "link"]


@dataclass(frozen=True)
class Span:
    """A run of text; renderers escape it for their channel."""

    text: str
    style: Style = "plain"
    url: str | None = None


Paragraph = tuple[Span, ...]


@dataclass(frozen=True)
class Button:
    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode()) > MAX_BUTTON_DATA:
            raise ValueError(f"button data over {MAX_BUTTON_DATA} bytes: {self.data!r}")


@dataclass(frozen=True)
class Panel:
    """One bar chart: a title and (label, value) bars, drawn largest first."""

    title: str
    bars: Sequence[tuple[str, int]]

    def __post_init__(self) -> None:  # hashable: a drawn chart is remembered by its data
        object.__setattr__(self, "bars", tuple((str(k), int(n)) for k, n in self.bars))


@dataclass(frozen=True)
class Chart:
    """Bar charts to draw as one PNG when the file is sent, not when it is answered: drawing
    takes tens of milliseconds, which the handling's transaction and the event loop need not
    wait for (see `core.interactions.charts.content_of`)."""

    heading: str
    panels: tuple[Panel, ...]
    empty: str  # what an empty panel says


@dataclass(frozen=True)
class OutFile:
    filename: str
    content: bytes  # empty for a chart, until it is drawn
    mime_type: str
    chart: Chart | None = None


@dataclass(frozen=True)
class ChannelFile:
    """A file a person sent on a channel (a Telegram photo), shown again on that channel by
    its reference; other channels show its name only."""

    channel: str
    kind: str
    ref: str
    name: str | None = None


@dataclass(frozen=True)
class Option:
    """One choice of a ChoiceField: what the person reads, what the form sends back."""

    label: str
    value: str


@dataclass(frozen=True)
class TextField:
    """Text to type, on one line or several."""

    name: str
    label: str
    initial: str = ""
    multiline: bool = False
    optional: bool = False
    max_length: int = 3000


@dataclass(frozen=True)
class ChoiceField:
    """One option to pick; its value is sent back."""

    name: str
    label: str
    options: tuple[Option, ...]
    initial: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class DateField:
    """A day to pick, sent back as YYYY-MM-DD."""

    name: str
    label: str
    initial: str = ""


@dataclass(frozen=True)
class TimeField:
    """A time of day to pick, sent back as HH:MM."""

    name: str
    label: str
    initial: str = ""


NoteKind = Literal["text", "quote", "hint"]


@dataclass(frozen=True)
class Note:
    """Read-only text: the form's own words, someone's text shown as typed (quote), a hint."""

    text: str
    kind: NoteKind = "text"


FormField = TextField | ChoiceField | DateField | TimeField | Note


@dataclass(frozen=True)
class FormOpening:
    """A form for the person to fill, worded in their language (sent back as FormSubmitted).

    `name` comes back as FormSubmitted.form, each field's name as a key of its values, and
    `meta` as its meta.
    """

    name: str
    title: str
    submit: str
    close: str
    fields: tuple[FormField, ...]
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    """What the hub says back: paragraphs of spans, rows of buttons, files."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    buttons: list[list[Button]] = field(default_factory=list)
    files: list[OutFile] = field(default_factory=list)
    channel_files: list[ChannelFile] = field(default_factory=list)
    card: str | None = None  # a desk card's reference ("report:12"): its post is remembered
    card_update: bool = False  # redraw the posted card instead of posting a new message
    form: FormOpening | None = None  # a channel with forms opens it (never queued)

    def add(self, *spans: Span | str) -> Reply:
        self.paragraphs.append(tuple(Span(s) if isinstance(s, str) else s for s in spans))
        return self

    def button_row(self, *buttons: Button) -> Reply:
        self.buttons.append(list(buttons))
        return self

    @property
    def plain_text(self) -> str:
        return "\n\n".join("".join(span.text for span in para) for para in self.paragraphs)


def say(*spans: Span | str) -> Reply:
    """A one-paragraph reply."""
    return Reply().add(*spans)


def bold(text: str) -> Span:
    return Span(text, "bold")


def italic(text: str) -> Span:
    return Span(text, "italic")


def code(text: str) -> Span:
    return Span(text, "code")


def link(text: str, url: str) -> Span:
    return Span(text, "link", url)


def reply_to_data(reply: Reply) -> dict[str, Any]:
    """A JSON-safe form of a Reply (for the outbox); files are base64."""
    return {
        "paragraphs": [[[s.text, s.style, s.url] for s in para] for para in reply.paragraphs],
        "buttons": [[[b.label, b.data] for b in row] for row in reply.buttons],
        "files": [_file_to_data(f) for f in reply.files],
        "channel_files": [
            [f.channel, f.kind, f.ref, *([f.name] if f.name else [])] for f in reply.channel_files
        ],
        **({"card": [reply.card, reply.card_update]} if reply.card else {}),
    }


def reply_from_data(data: dict[str, Any]) -> Reply:
    return Reply(
        paragraphs=[
            tuple(Span(text, style, url) for text, style, url in para)
            for para in data.get("paragraphs", [])
        ],
        buttons=[[Button(label, data_) for label, data_ in row] for row in data.get("buttons", [])],
        files=[_file_from_data(*item) for item in data.get("files", [])],
        channel_files=[ChannelFile(*item) for item in data.get("channel_files", [])],
        card=data["card"][0] if data.get("card") else None,
        card_update=bool(data["card"][1]) if data.get("card") else False,
    )


def _file_to_data(f: OutFile) -> list[Any]:
    if f.chart is None:
        return [f.filename, base64.b64encode(f.content).decode(), f.mime_type]
    chart = [f.chart.heading, [[p.title, [list(bar) for bar in p.bars]] for p in f.chart.panels]]
    return [f.filename, "", f.mime_type, [*chart, f.chart.empty]]


def _file_from_data(name: str, content: str, mime: str, chart: list[Any] | None = None) -> OutFile:
    if chart is None:
        return OutFile(name, base64.b64decode(content), mime)
    heading, panels, empty = chart
    drawn = tuple(Panel(title, tuple((label, n) for label, n in bars)) for title, bars in panels)
    return OutFile(name, b"", mime, Chart(heading, drawn, empty))
