"""`4p1000 import/export partners|practices FILE` (CSV or JSON by extension)."""

from __future__ import annotations

from pathlib import Path

import typer

from bots.cli.tabular import run_export, run_import
from core.services import directory_transfer as transfer

FILE = typer.Argument(..., help="A .csv or .json file.")


def register(import_app: typer.Typer, export_app: typer.Typer) -> None:
    """Add the partners and practices subcommands to `import` and `export`."""

    @import_app.command("partners")
    def import_partners(file: Path = FILE) -> None:
        """Create or update partners (by name); any bad row rejects the whole file."""
        run_import(file, "partners", transfer.import_partners)

    @import_app.command("practices")
    def import_practices(file: Path = FILE) -> None:
        """Create or update practices (by slug); any bad row rejects the whole file."""
        run_import(file, "practices", transfer.import_practices)

    @export_app.command("partners")
    def export_partners(file: Path = FILE) -> None:
        """Write every partner to FILE (.csv or .json)."""
        run_export(
            file, "partners", transfer.export_partners, transfer.PARTNER_COLUMNS, transfer.flatten
        )

    @export_app.command("practices")
    def export_practices(file: Path = FILE) -> None:
        """Write every practice to FILE (.csv or .json)."""
        run_export(
            file,
            "practices",
            transfer.export_practices,
            transfer.PRACTICE_COLUMNS,
            transfer.flatten,
        )
