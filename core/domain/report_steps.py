"""The steps of a guided field report, in order (stored by value in the draft row)."""

from __future__ import annotations

from enum import StrEnum


class ReportStep(StrEnum):
    TYPE = "type"
    TITLE = "title"
    TEXT = "text"
    FILES = "files"
    LOCATION = "location"
    CONFIRM = "confirm"


ORDER = tuple(ReportStep)
EDITABLE = (ReportStep.TYPE, ReportStep.TITLE, ReportStep.TEXT, ReportStep.FILES)


def step_of(value: str) -> ReportStep:
    """The step a stored value names; the summary for anything else (nothing is lost there)."""
    try:
        return ReportStep(value)
    except ValueError:
        return ReportStep.CONFIRM


def following(step: ReportStep) -> ReportStep:
    """The step after `step` in the guided order (the summary is the last)."""
    return ORDER[min(ORDER.index(step) + 1, len(ORDER) - 1)]
