"""The experts' questions on the dashboard: asked, answered and the median time to answer."""

from __future__ import annotations

from babel.numbers import format_decimal

from core.i18n import Translator
from core.interactions.model import Panel, Reply
from core.services.question_figures import QuestionFigures, Tally


def _tally(t: Translator, tally: Tally) -> str:
    if tally.median_hours is None:
        return t("{asked} asked, {answered} answered", asked=tally.asked, answered=tally.answered)
    return t(
        "{asked} asked, {answered} answered, median {hours} h to answer",
        asked=tally.asked,
        answered=tally.answered,
        hours=format_decimal(tally.median_hours, locale=t.language),
    )


def _groups(t: Translator, groups: dict[str, Tally], names: dict[str, str]) -> str:
    return "; ".join(f"{names.get(k, k)}: {_tally(t, v)}" for k, v in groups.items()) or "—"


def question_figure_lines(
    t: Translator, figures: QuestionFigures, regions: dict[str, str]
) -> Reply:
    """Lines for the dashboard text."""
    reply = Reply()
    reply.add(t("Questions to the experts: {figures}", figures=_tally(t, figures.total)))
    if figures.total.asked:
        reply.add(t("Questions by region: {list}", list=_groups(t, figures.by_region, regions)))
        languages = {k: t.language_name(k) for k in figures.by_language}
        reply.add(
            t("Questions by language: {list}", list=_groups(t, figures.by_language, languages))
        )
    return reply


def question_panels(
    t: Translator, figures: QuestionFigures, regions: dict[str, str]
) -> list[Panel]:
    """The dashboard's charts of questions: asked and answered, and asked by region."""
    if not figures.total.asked:
        return []
    total = figures.total
    by_region = [
        (regions.get(k, k) or t("No region"), v.asked) for k, v in figures.by_region.items()
    ]
    return [
        Panel(
            t("Questions to the experts"),
            [(t("Asked"), total.asked), (t("Answered"), total.answered)],
        ),
        Panel(t("Questions by region"), by_region),
    ]
