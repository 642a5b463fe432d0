"""The experts' questions on the dashboard's chart: asked and answered, and by region."""

from __future__ import annotations

from core.i18n import Translator
from core.interactions.question_figures import question_panels
from core.services.question_figures import QuestionFigures, Tally


def test_the_chart_has_the_questions_once_one_is_asked() -> None:
    t = Translator("es")
    assert question_panels(t, QuestionFigures(), {}) == []
    figures = QuestionFigures(
        Tally(3, 2, 5.0), {"west-africa": Tally(2, 2, 4.0), "": Tally(1, 0)}, {"fr": Tally(3, 2)}
    )
    asked, by_region = question_panels(t, figures, {"west-africa": "África occidental"})
    assert (asked.title, asked.bars) == (
        "Preguntas a los expertos",
        (("Hechas", 3), ("Respondidas", 2)),
    )
    assert by_region.bars == (("África occidental", 2), ("Sin región", 1))
