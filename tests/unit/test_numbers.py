"""Numbers as each reader writes them: decimal commas in French and Spanish (Babel)."""

from __future__ import annotations

from babel.numbers import get_decimal_symbol

from core.i18n import Translator


def test_decimals_use_the_readers_separator() -> None:
    for language in ("fr", "en", "es"):
        t = Translator(language)
        comma = get_decimal_symbol(language)
        assert t.number(5.6, 5) == f"5{comma}60000"
        assert t.number(-0.25, 2) == f"-0{comma}25"
    assert Translator("fr").number(5.6, 1) == "5,6"
    assert Translator("es").number(5.6, 1) == "5,6"
    assert Translator("en").number(5.6, 1) == "5.6"
