"""Replies survive the outbox: serialised and read back unchanged."""

from __future__ import annotations

import json

import pytest

from core.interactions.model import (
    Button,
    ChannelFile,
    OutFile,
    Reply,
    bold,
    link,
    reply_from_data,
    reply_to_data,
)


def test_a_reply_round_trips_through_json() -> None:
    reply = Reply().add(bold("<b>Title</b>"), " & ", link("site", "https://example.org/?a=1&b=2"))
    reply.button_row(Button("Yes", "rsvp:1:going"), Button("No", "rsvp:1:not_going"))
    reply.files.append(OutFile("event.ics", b"BEGIN:VCALENDAR\r\n\x00", "text/calendar"))
    reply.channel_files.append(ChannelFile("telegram", "photo", "AgACAgQAAx0"))
    assert reply_from_data(json.loads(json.dumps(reply_to_data(reply)))) == reply


def test_button_data_is_bounded_to_64_bytes() -> None:
    Button("ok", "x" * 64)
    with pytest.raises(ValueError, match="over 64 bytes"):
        Button("too long", "é" * 33)
