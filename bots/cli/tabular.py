"""Files of rows for `4p1000 import/export`: CSV or JSON, chosen by the file's extension."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import typer

from bots.cli.common import fail, with_hub
from core.bootstrap import Hub, UnitOfWork
from core.services.imports import ImportRejected, ImportResult, RowError, grouped

Rows = list[tuple[str, dict[str, Any]]]
Importer = Callable[[Rows, UnitOfWork], Awaitable[ImportResult]]
Exporter = Callable[[UnitOfWork], Awaitable[list[dict[str, Any]]]]


def file_format(path: Path) -> str:
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("csv", "json"):
        fail(f"{path.name}: use a .csv or .json file", 2)
    return kind


def read_rows(path: Path) -> Rows:
    """(where, row) pairs: 'line N' for CSV (the header is line 1), 'item N' for JSON."""
    kind = file_format(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {path}: {error}")
    if kind == "csv":
        reader = csv.DictReader(io.StringIO(text))
        return [(f"line {reader.line_num}", dict(row)) for row in reader]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        fail(f"{path.name} is not valid JSON: {error}")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        fail(f"{path.name}: expected a JSON list of objects")
    return [(f"item {number}", item) for number, item in enumerate(data, start=1)]


def write_rows(
    path: Path, rows: list[dict[str, Any]], columns: list[str], flatten: Callable[..., Any]
) -> None:
    if file_format(path) == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flatten(row) for row in rows)


def run_import(path: Path, what: str, importer: Importer) -> None:
    """Import every row or none; print each row error on stderr and exit 1 if any."""
    rows = read_rows(path)

    async def work(hub: Hub) -> ImportResult:
        async with hub.uow() as uow:
            return await importer(rows, uow)

    try:
        result = with_hub(work)
    except ImportRejected as rejected:
        for problem in grouped(_numbered(rejected.errors)):
            typer.echo(f"{path.name}: {problem}", err=True)
        fail(f"nothing imported: {len(rejected.errors)} problem(s) in {len(rows)} {what}")
    typer.echo(f"{what}: {result.created} created, {result.updated} updated")


def run_export(
    path: Path, what: str, exporter: Exporter, columns: list[str], flatten: Callable[..., Any]
) -> None:
    file_format(path)

    async def work(hub: Hub) -> list[dict[str, Any]]:
        async with hub.uow() as uow:
            return await exporter(uow)

    rows = with_hub(work)
    write_rows(path, rows, columns, flatten)
    typer.echo(f"{len(rows)} {what} written to {path}")


def _numbered(errors: list[RowError]) -> list[tuple[int, str]]:
    """(line or item number, 'field: problem') for grouping."""
    numbers = [re.search(r"\d+", e.where) for e in errors]
    return [
        (int(n.group()) if n else 0, f"{e.field}: {e.problem}")
        for n, e in zip(numbers, errors, strict=True)
    ]
