"""Every catalog message, rendered in French and Spanish: translated, whole, in the glossary.

`tools.i18n check` sees that each entry has a translation; this renders each one with sample
values (as the hub does) and reads the result: nothing left in English, no placeholder left
unfilled, and the Initiative's own terms as each language names them.
"""

from __future__ import annotations

import re
from string import Formatter
from typing import Any

import pytest

from core.i18n import gettext, ngettext
from tools.i18n import load

READERS = ("fr", "es")
# The same word in English and in the reader's language: not a missed translation.
IDENTICAL_BY_NATURE = {
    ("fr", "expert"),
    ("fr", "Bureau"),
    ("fr", "Date"),
    ("fr", "Description"),
    ("fr", "description"),
    ("fr", "Organisation"),
    ("fr", "N [N…] [note]"),
    ("es", "no"),
}
# The Initiative's terms: an English text naming one says it this way in French and Spanish.
GLOSSARY: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    # English (a regular expression) -> language -> (the term, words it must not use)
    r"\bBureau\b": {"fr": ("Bureau", ()), "es": ("Buró", ("Mesa", "mesa directiva"))},
    r"\bExecutive Secretariat\b": {
        "fr": ("Secrétariat exécutif", ()),
        "es": ("Secretaría Ejecutiva", ("Secretariado",)),
    },
    r"\bSecretariat\b": {"fr": ("Secrétariat", ()), "es": ("Secretaría", ("Secretariado",))},
    r"\b[Rr]egional correspondent": {
        "fr": ("correspondant", ()),
        "es": ("corresponsal", ("correspondiente",)),
    },
    r"\bScientific and Technical Committee\b": {
        "fr": ("Comité scientifique et technique", ()),
        "es": ("Comité Científico y Técnico", ()),
    },
    r"\bConsortium\b": {"fr": ("Consortium", ()), "es": ("Consorcio", ())},
    r"\bInitiative\b": {"fr": ("Initiative", ()), "es": ("Iniciativa", ())},
}


def entries(language: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(msgid forms, msgstr forms) of every entry of every catalog of `language`."""
    found = []
    for _path, entry in load(language).values():
        ids, strings = entry.id, entry.string  # type: ignore[attr-defined]
        found.append(
            (
                ids if isinstance(ids, tuple) else (ids,),
                strings if isinstance(strings, tuple) else (strings,),
            )
        )
    return found


def sample_values(*texts: str) -> dict[str, Any]:
    """A value for each {placeholder}: a number for counts, else a marked word."""
    values: dict[str, Any] = {}
    for text in texts:
        for _literal, name, spec, _conversion in Formatter().parse(text):
            if name:
                values[name] = 3 if name == "count" or spec else f"«{name}»"
    return values


def rendered(language: str, ids: tuple[str, ...]) -> list[str]:
    """The entry as the hub renders it in `language` (each plural form for a plural entry)."""
    values = sample_values(*ids)
    if len(ids) == 1:
        return [gettext(language, ids[0], **values)]
    values.pop("count", None)
    return [ngettext(language, ids[0], ids[1], n, **values) for n in (1, 2, 5, 21)]


def english(ids: tuple[str, ...]) -> list[str]:
    return rendered("en", ids)


def has_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{3,}", re.sub(r"\{[^{}]*\}|«\w+»", "", text)))


@pytest.mark.parametrize("language", READERS)
def test_every_message_renders_translated(language: str) -> None:
    untranslated, broken = [], []
    for ids, _strings in entries(language):
        try:
            texts = rendered(language, ids)
        except (KeyError, IndexError, ValueError) as error:
            broken.append((ids[0], repr(error)))
            continue
        if any(re.search(r"\{\w*\}", text) for text in texts):
            broken.append((ids[0], texts[0]))
        if (language, ids[0]) in IDENTICAL_BY_NATURE or not has_words(ids[0]):
            continue
        if texts == english(ids):
            untranslated.append(ids[0])
    assert not broken
    assert not untranslated


@pytest.mark.parametrize("language", READERS)
def test_the_initiatives_terms_follow_the_glossary(language: str) -> None:
    wrong = []
    for ids, strings in entries(language):
        for pattern, terms in GLOSSARY.items():
            if not re.search(pattern, " ".join(ids)):
                continue
            term, avoided = terms[language]
            for text in strings:
                if term.casefold() not in text.casefold() or any(a in text for a in avoided):
                    wrong.append((ids[0], text))
    assert not wrong


def test_every_glossary_term_is_in_use() -> None:
    every_id = " ".join(" ".join(ids) for ids, _strings in entries("en"))
    for pattern in GLOSSARY:
        assert re.search(pattern, every_id), pattern


@pytest.mark.parametrize("language", READERS)
def test_no_catalog_uses_an_avoided_term(language: str) -> None:
    avoided = {a for terms in GLOSSARY.values() for a in terms[language][1]}
    found = [s for _ids, strings in entries(language) for s in strings for a in avoided if a in s]
    assert not found
