"""Membership applications: the Bureau's vote and how it closes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.domain.kinds import ApplicationStatus, Vote


@dataclass(frozen=True)
class VoteRules:
    """The vote closes as soon as `quorum` Bureau members have voted yes or no.

    It is then approved when the yes votes are more than `majority` of the yes and no votes,
    rejected otherwise (a tie rejects). Abstentions count for nobody; votes can change until
    the vote closes. The quorum is capped at the Bureau's size, so a small Bureau can decide.
    """

    quorum: int = 3
    majority: float = 0.5


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int


def count(votes: Iterable[str]) -> Tally:
    listed = list(votes)
    return Tally(listed.count(Vote.YES), listed.count(Vote.NO), listed.count(Vote.ABSTAIN))


def outcome(tally: Tally, bureau_size: int, rules: VoteRules) -> ApplicationStatus | None:
    """APPROVED or REJECTED once the vote closes, None while it stays open."""
    decisive = tally.yes + tally.no
    if decisive == 0 or decisive < min(rules.quorum, max(bureau_size, 1)):
        return None
    if tally.yes / decisive > rules.majority:
        return ApplicationStatus.APPROVED
    return ApplicationStatus.REJECTED
