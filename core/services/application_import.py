"""Membership applications in bulk from rows (a CSV or JSON file read by the CLI): all or none."""

from __future__ import annotations

from typing import Any

from core.domain.errors import DomainError
from core.i18n import gettext
from core.persistence.uow import UnitOfWork
from core.services import membership
from core.services.imports import ImportResult, RowChecker, RowError, reject_if_any

Row = dict[str, Any]


def _form(row: Row, check: RowChecker) -> membership.ApplicationForm:
    """The application a row asks for (its problems gathered in `check`)."""
    return membership.ApplicationForm(
        organisation=check.text(row, "organisation", required=True) or "",
        category=check.text(row, "category", required=True) or "",
        country=check.text(row, "country", limit=2),
        contact_role=check.text(row, "contact_role", limit=200),
        objectives=tuple(str(row.get("objectives") or "").replace(";", " ").split()),
        motivation=check.text(row, "motivation", limit=membership.MAX_MOTIVATION) or "",
        wants_membership=check.flag(row, "wants_membership") if "wants_membership" in row else True,
    )


async def import_applications(rows: list[tuple[str, Row]], uow: UnitOfWork) -> ImportResult:
    """File every application of the file, or none (row errors are gathered first).

    Args:
        rows: (where, row) pairs; `where` names the row in error messages ("line 4").
        uow: the open unit of work (committed here when every row is filed).
    """
    errors: list[RowError] = []
    for where, row in rows:
        check = RowChecker(where)
        form = _form(row, check)
        if check.errors:
            errors += check.errors
            continue
        try:
            await membership.submit_application(form, uow)
        except DomainError as error:
            errors.append(RowError(where, "row", gettext("en", error.message, **error.params)))
    reject_if_any(errors)
    await uow.commit()
    return ImportResult(created=len(rows))
