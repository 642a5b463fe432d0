"""/figures: the 4 per 1000 Dashboard, as a message and as a chart image."""

from __future__ import annotations

from core.domain.errors import N_
from core.domain.kinds import PartnerCategory
from core.domain.people import CAN_MODERATE, CAN_VOTE
from core.i18n import Translator
from core.interactions.charts import chart_file
from core.interactions.context import Context
from core.interactions.labels import label
from core.interactions.model import Panel, Reply, bold, say
from core.interactions.question_figures import question_figure_lines, question_panels
from core.interactions.region_labels import region_labels
from core.interactions.registry import command
from core.interactions.reports_view import status_label
from core.persistence.uow import UnitOfWork
from core.services.figures import NO_REGION, Figures, dashboard

DASHBOARD_READERS = CAN_MODERATE | CAN_VOTE


async def region_names(t: Translator, uow: UnitOfWork) -> dict[str, str]:
    """Region code -> name in the reader's language ("" -> "no region")."""
    return {**await region_labels(t, uow), NO_REGION: t("no region")}


def _category(t: Translator, code: str) -> str:
    return label(t, PartnerCategory(code)) if code in set(PartnerCategory) else code


def _lines(pairs: dict[str, int], name: dict[str, str] | None = None) -> str:
    return ", ".join(f"{(name or {}).get(key, key)} {n}" for key, n in pairs.items()) or "—"


def panels(t: Translator, figures: Figures, regions: dict[str, str]) -> list[Panel]:
    """The dashboard's charts, labelled in the reader's language."""
    non_members = figures.partners - figures.members
    return [
        Panel(
            t("Partners by category"),
            [(_category(t, k), n) for k, n in figures.partners_by_category.items()],
        ),
        Panel(
            t("Partners by region"),
            [(regions.get(k, k), n) for k, n in figures.partners_by_region.items()],
        ),
        Panel(
            t("Members and other partners"),
            [(t("Members"), figures.members), (t("Partners, not members"), non_members)],
        ),
        Panel(
            t("Field reports by status"),
            [(status_label(t, k), n) for k, n in figures.reports_by_status.items()],
        ),
        Panel(
            t("Field reports by region"),
            [(regions.get(k, k), n) for k, n in figures.reports_by_region.items()],
        ),
        Panel(
            t("Newsletter subscribers by language"),
            [(t.language_name(k), n) for k, n in figures.subscribers_by_language.items()],
        ),
    ]


def dashboard_reply(t: Translator, figures: Figures, regions: dict[str, str]) -> Reply:
    """The figures as text, then as a PNG chart."""
    reply = say(bold(t("4 per 1000 Dashboard")))
    reply.add(
        t(
            "{partners} partners, of which {members} members.",
            partners=figures.partners,
            members=figures.members,
        )
    )
    categories = {k: _category(t, k) for k in figures.partners_by_category}
    reply.add(t("By category: {list}", list=_lines(figures.partners_by_category, categories)))
    reply.add(t("By region: {list}", list=_lines(figures.partners_by_region, regions)))
    statuses = {k: status_label(t, k) for k in figures.reports_by_status}
    reply.add(
        t.plural(
            "{count} field report: {list}",
            "{count} field reports: {list}",
            figures.reports,
            list=_lines(figures.reports_by_status, statuses),
        )
    )
    reply.add(t("Field reports by region: {list}", list=_lines(figures.reports_by_region, regions)))
    languages = {k: t.language_name(k) for k in figures.subscribers_by_language}
    reply.add(
        t.plural(
            "{count} newsletter subscription: {list}",
            "{count} newsletter subscriptions: {list}",
            figures.subscribers,
            list=_lines(figures.subscribers_by_language, languages),
        )
    )
    reply.paragraphs.extend(question_figure_lines(t, figures.questions, regions).paragraphs)
    charts = [*panels(t, figures, regions), *question_panels(t, figures.questions, regions)]
    heading, empty = t("4 per 1000 Dashboard"), t("Nothing yet.")
    reply.files.append(chart_file("dashboard.png", heading, charts, empty=empty))
    return reply


@command("figures", N_("The 4 per 1000 Dashboard: figures and a chart"), roles=DASHBOARD_READERS)
async def figures(ctx: Context, args: str) -> Reply:
    """Show the dashboard's figures and chart."""
    found = await dashboard(ctx.uow)
    return dashboard_reply(ctx.t, found, await region_names(ctx.t, ctx.uow))
