"""`4p1000 import ...` and `4p1000 export ...`: CSV and JSON in and out.

Each kind of data adds its own subcommand to these two groups.
"""

from __future__ import annotations

import typer

import_app = typer.Typer(help="Import data from CSV or JSON files.", no_args_is_help=True)
export_app = typer.Typer(help="Export data to CSV or JSON files.", no_args_is_help=True)
