"""How field reports read, for their authors and for moderators (names, statuses, summaries)."""

from __future__ import annotations

from datetime import datetime

from core.domain.errors import N_
from core.domain.reports import ReportStatus, ReportType
from core.domain.similarity import Resemblance
from core.i18n import Translator
from core.interactions.labels import register_labels
from core.interactions.model import Reply, bold, italic
from core.interactions.region_labels import region_label
from core.persistence.uow import UnitOfWork
from core.services.report_views import ReportView

TYPE_LABELS: dict[str, str] = {
    ReportType.NEWS: N_("News"),
    ReportType.PARTNER_LEAD: N_("Partner lead"),
    ReportType.EVENT_PROPOSAL: N_("Event proposal"),
    ReportType.PRACTICE: N_("Practice"),
    ReportType.REQUEST: N_("Request or question"),
}
STATUS_LABELS: dict[str, str] = {
    ReportStatus.SUBMITTED: N_("waiting for review"),
    ReportStatus.CHANGES_REQUESTED: N_("changes requested"),
    ReportStatus.APPROVED: N_("approved"),
    ReportStatus.REJECTED: N_("rejected"),
}
# Statuses appear in domain errors ("already {status}"): dispatch translates them with these.
register_labels(STATUS_LABELS)
register_labels(TYPE_LABELS)

PREVIEW = 300


def type_label(t: Translator, value: str) -> str:
    return t(TYPE_LABELS[ReportType(value)]) if value in TYPE_LABELS else value


def status_label(t: Translator, value: str) -> str:
    return t(STATUS_LABELS[ReportStatus(value)]) if value in STATUS_LABELS else value


def preview(t: Translator, text: str, limit: int = PREVIEW) -> str:
    """The start of a long text, saying how long the whole is (never cut silently)."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "… " + t("({length} characters in all)", length=len(text))


async def region_name(t: Translator, code: str | None, uow: UnitOfWork) -> str:
    return await region_label(t, code, uow)


def headline(t: Translator, report: ReportView, region: str) -> str:
    parts = [f"#{report.id}", type_label(t, report.type)]
    if region:
        parts.append(region)
    parts.append(status_label(t, report.status))
    return " · ".join(parts)


def describe(
    t: Translator,
    report: ReportView,
    *,
    region: str,
    author: str,
    full: bool,
    hints: list[Resemblance] | None = None,
    claimed_by: str | None = None,
    claim_minutes: int = 0,
    now: datetime | None = None,
) -> Reply:
    """A report as a moderator reads it: headline, title, text, author, place, files, hints."""
    reply = Reply().add(bold(headline(t, report, region)))
    reply.add(bold(report.title))
    if report.text and report.text.strip() != report.title:
        reply.add(report.text if full else preview(t, report.text))
    reply.add(t("From {author}, sent {when}.", author=author, when=t.when(report.submitted_at)))
    if report.latitude is not None and report.longitude is not None:
        reply.add(
            t(
                "Location: {lat}, {lon}",
                lat=t.number(report.latitude, 5),
                lon=t.number(report.longitude, 5),
            )
        )
    if report.attachments:
        names = ", ".join(a.filename or a.kind for a in report.attachments)
        reply.add(
            t.plural(
                "{count} file: {names}",
                "{count} files: {names}",
                len(report.attachments),
                names=names,
            )
        )
    if wish := publication_wish(t, report.hide_author, report.hide_location):
        reply.add(italic(wish))
    if claimed_by:
        reply.add(
            italic(
                t(
                    "{name} is working on it (for {minutes} more minutes).",
                    name=claimed_by,
                    minutes=claim_minutes,
                )
            )
        )
    for hint in hints or ():
        reply.add(italic(hint_text(t, hint)))
    return reply


def publication_wish(t: Translator, hide_author: bool, hide_location: bool) -> str:
    if hide_author and hide_location:
        return t("To be published without the author's name or the location.")
    if hide_author:
        return t("To be published without the author's name.")
    if hide_location:
        return t("To be published without the location.")
    return ""


def hint_text(t: Translator, hint: Resemblance) -> str:
    days = hint.apart.days
    if hint.distance_km is not None:
        return t(
            "Looks like report #{id} ({score}% similar text, {km} km away, {days} days apart).",
            id=hint.other_id,
            score=round(hint.text_score),
            km=round(hint.distance_km),
            days=days,
        )
    return t(
        "Looks like report #{id} ({score}% similar text, {days} days apart).",
        id=hint.other_id,
        score=round(hint.text_score),
        days=days,
    )
