"""Keep the gettext catalogs complete.

    python -m tools.i18n check            # what is missing, untranslated, fuzzy or mismatched
    python -m tools.i18n sync DOMAIN [PATH...]  # add new messages (from PATHs) to DOMAIN.po
    python -m tools.i18n fill LANG < x.json   # set translations from {msgid: msgstr}


Messages are extracted from the source (calls to t(), N_(), gettext(), ...). Each feature may
keep its own catalog file (locales/<lang>/LC_MESSAGES/<domain>.po); at run time they merge.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from core.domain.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
SOURCES = ("core", "bots", "scheduler")
KEYWORDS = {"N_": None, "t": None, "plural": (1, 2), "gettext": (2,), "ngettext": (2, 3)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def extract(paths: tuple[str, ...] = SOURCES) -> dict[str | tuple[str, str], str]:
    """Every message id in the source (or the given folders/files), with where it was seen."""
    found: dict[str | tuple[str, str], str] = {}
    for source in paths:
        target = ROOT / source
        if target.is_file():
            from babel.messages.extract import extract_from_file

            found_here = [
                (target.name, *entry)
                for entry in extract_from_file("python", target, keywords=KEYWORDS)
            ]
            source = str(Path(source).parent)
        else:
            found_here = list(
                extract_from_dir(target, method_map=[("**.py", "python")], keywords=KEYWORDS)
            )
        for filename, lineno, message, _comments, _context in found_here:
            if isinstance(message, tuple):
                message = (message[0], message[1])
            if message:
                found.setdefault(message, f"{source}/{filename}:{lineno}")
    return found


def load(language: str) -> dict[str, tuple[Path, object]]:
    entries: dict[str, tuple[Path, object]] = {}
    for path in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if message.id:
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                entries[key] = (path, message)
    return entries


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)

    def add(self, problem: str) -> None:
        self.problems.append(problem)


def check() -> Report:
    """Missing, untranslated, fuzzy entries and placeholder mismatches, in every language."""
    report = Report()
    source = extract()
    for language in LANGUAGES:
        entries = load(language)
        for message, where in source.items():
            key = message[0] if isinstance(message, tuple) else message
            if key not in entries:
                report.add(f"{language}: missing {key!r} ({where})")
        for key, (path, entry) in entries.items():
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)  # type: ignore[attr-defined]
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)  # type: ignore[attr-defined]
            if entry.fuzzy:  # type: ignore[attr-defined]
                report.add(f"{language}: fuzzy {key!r} in {path.name}")
            if not all(strings):
                report.add(f"{language}: untranslated {key!r} in {path.name}")
                continue
            expected = placeholders(ids[0]) | placeholders(ids[-1])
            for text in strings:
                if placeholders(text) != expected and not (
                    len(ids) > 1 and placeholders(text) <= expected
                ):
                    report.add(f"{language}: placeholders differ in {key!r}: {text!r}")
    return report


def sync(domain: str, paths: tuple[str, ...] = SOURCES) -> int:
    """Add the source's messages missing from every language to DOMAIN.po (en filled in)."""
    source = extract(paths)
    added = 0
    for language in LANGUAGES:
        known = load(language)
        path = LOCALES / language / "LC_MESSAGES" / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle)
        else:
            catalog = Catalog(locale=language, project="4p1000-hub", domain=domain)
        for message, where in source.items():
            key = message[0] if isinstance(message, tuple) else message
            if key in known:
                continue
            string: str | tuple[str, str] = ""
            if language == "en":
                string = message if isinstance(message, str) else (message[0], message[1])
            elif isinstance(message, tuple):
                string = ("", "")
            catalog.add(
                message, string, locations=[(where.rsplit(":", 1)[0], int(where.rsplit(":", 1)[1]))]
            )
            added += 1
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=True)
    return added


def fill(language: str, translations: dict[str, str | list[str]]) -> int:
    """Set translations (msgid -> msgstr, a list for plurals) wherever the msgid is."""
    filled = 0
    for path in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        changed = False
        for message in catalog:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in translations:
                value = translations[key]
                message.string = tuple(value) if isinstance(value, list) else value
                message.flags.discard("fuzzy")
                filled += 1
                changed = True
        if changed:
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, sort_output=True)
    return filled


def main(argv: list[str]) -> int:
    if argv[:1] == ["fill"] and len(argv) == 2:
        import json

        print(f"filled {fill(argv[1], json.load(sys.stdin))} entries")
        return 0
    if argv[:1] == ["sync"] and len(argv) >= 2:
        print(f"added {sync(argv[1], tuple(argv[2:]) or SOURCES)} entries")
        return 0
    if argv[:1] == ["check"]:
        report = check()
        for problem in report.problems:
            print(problem)
        print("catalogs complete" if not report.problems else f"{len(report.problems)} problems")
        return 1 if report.problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
