"""Domain errors carry a gettext message id; adapters translate them for the reader."""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it now."""
    return message


class DomainError(Exception):
    """A rule said no. `message` is a gettext id, `params` fill its {placeholders}."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class NotAllowed(DomainError):
    """The actor lacks the role for this action."""


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the actor)."""


class InvalidInput(DomainError):
    """The input is malformed or out of bounds."""


class Conflict(DomainError):
    """Someone else changed the thing first (a decision, a claim, a vote)."""
