"""People, their channels and roles."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    TELEGRAM = "telegram"
    SLACK = "slack"
    CONSOLE = "console"


class Role(StrEnum):
    FRIEND = "friend"
    CORRESPONDENT = "correspondent"
    SECRETARIAT = "secretariat"
    BUREAU = "bureau"
    STC = "stc"  # member of the Scientific and Technical Committee
    EXPERT = "expert"  # answers farmers' questions (the STC's scientists and others)
    ADMIN = "admin"


GRANTABLE_ROLES = (
    Role.CORRESPONDENT,
    Role.SECRETARIAT,
    Role.BUREAU,
    Role.STC,
    Role.EXPERT,
    Role.ADMIN,
)

# Who may do what; admin may do everything.
CAN_FILE_REPORTS = frozenset({Role.CORRESPONDENT, Role.SECRETARIAT, Role.ADMIN})
CAN_MODERATE = frozenset({Role.SECRETARIAT, Role.ADMIN})
CAN_VOTE = frozenset({Role.BUREAU, Role.ADMIN})
CAN_ANSWER_QUESTIONS = frozenset({Role.EXPERT, Role.STC, Role.ADMIN})
CAN_SEE_QUESTIONS = frozenset({Role.EXPERT, Role.STC, Role.SECRETARIAT, Role.ADMIN})


def has_any(roles: frozenset[Role], allowed: frozenset[Role]) -> bool:
    """True when one of `roles` is allowed (admins always are)."""
    return Role.ADMIN in roles or bool(roles & allowed)


class ConsentPurpose(StrEnum):
    NEWSLETTER = "newsletter"
    REMINDERS = "reminders"
    LOCATION = "location"
    QA_PUBLICATION = "qa_publication"  # an answered question may become a public Q&A entry
