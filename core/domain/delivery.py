"""Outgoing messages and their states."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"
    CANCELLED = "cancelled"


class Lane(IntEnum):
    """Who waits first: answers to what a person just sent, then notices, then bulk."""

    REPLY = 0
    NOTICE = 1
    BULK = 2


BULK_KINDS = frozenset({"announcement", "digest"})


def lane_of(kind: str) -> Lane:
    """The lane a message of `kind` travels in."""
    if kind == "reply":
        return Lane.REPLY
    if kind in BULK_KINDS:
        return Lane.BULK
    return Lane.NOTICE
