"""Messages about field reports sent later, rendered in each reader's language when sent."""

from __future__ import annotations

from typing import Any

from core.domain.errors import N_
from core.i18n import Translator
from core.interactions.model import Button, Reply, bold, say
from core.interactions.notifications import notification
from core.interactions.region_labels import pick_name
from core.interactions.reports_view import type_label

OUTCOMES = {
    "newsletter_item": N_(
        "It becomes a newsletter item, which the Secretariat will edit and publish."
    ),
    "practice": N_("It becomes a draft practice sheet, which the Secretariat will complete."),
    "event": N_("It becomes a proposed event; the Secretariat will set its date."),
    "partner_lead": N_("The Secretariat will follow up this partner lead."),
}


@notification("report_submitted")
def report_submitted(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell a Secretariat member that a report waits for review."""
    number, title = params["id"], params["title"]
    if params.get("resubmitted"):
        head = t(
            "Report #{id} was sent again after changes by {author}.",
            id=number,
            author=params["author"],
        )
    else:
        head = t("New field report #{id} from {author}.", id=number, author=params["author"])
    reply = say(bold(head))
    kind = type_label(t, params["type"])
    code = params.get("region")
    region = f" ({pick_name(t, code, params.get('region_names'))})" if code else ""
    reply.add(f"{kind} — {title}{region}")
    reply.add(t("Type /review {id} to read it, or /queue to see everything waiting.", id=number))
    return reply.button_row(
        Button(t("Open #{id}", id=number), f"rmod:open:{number}"),
        Button(t("Take it"), f"rmod:claim:{number}"),
    )


@notification("report_decided")
def report_decided(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell the author what the Secretariat decided about their report."""
    number, title, reason = params["id"], params["title"], params.get("reason") or ""
    status = params["status"]
    if status == "approved":
        reply = say(
            bold(t("Good news: your report #{id} “{title}” is approved.", id=number, title=title))
        )
        outcome = params.get("outcome_kind")
        if outcome == "answer":
            return reply.add(t("The Secretariat's answer: {reason}", reason=reason))
        if outcome in OUTCOMES:
            reply.add(t(OUTCOMES[outcome]))
        if reason:
            reply.add(t("A word from the Secretariat: {reason}", reason=reason))
        return reply.add(t("Thank you for your report!"))
    if status == "changes_requested":
        reply = say(
            bold(
                t(
                    "The Secretariat asks for changes to your report #{id} “{title}”.",
                    id=number,
                    title=title,
                )
            )
        )
        reply.add(t("What to change: {reason}", reason=reason))
        return reply.button_row(Button(t("Edit and send it again"), f"rdraft:edit:{number}"))
    reply = say(bold(t("Your report #{id} “{title}” was not accepted.", id=number, title=title)))
    return reply.add(t("The reason: {reason}", reason=reason))


@notification("report_published")
def report_published(t: Translator, params: dict[str, Any]) -> Reply:
    """Tell the author that what their report became is out, and where to see it."""
    number, title, kind = params["id"], params["title"], params.get("outcome_kind")
    if kind == "newsletter_item":
        reply = say(
            bold(
                t(
                    "Your report #{id} “{title}” is published in the newsletter.",
                    id=number,
                    title=title,
                )
            )
        )
        return reply.add(t("Type /latest to read it; subscribers get it in their next digest."))
    if kind == "event":
        reply = say(
            bold(
                t(
                    "Your report #{id} “{title}” is now an event in the calendar.",
                    id=number,
                    title=title,
                )
            )
        )
        return reply.add(t("Type /event {event} to see it.", event=params["outcome_id"]))
    reply = say(
        bold(t("Your report #{id} “{title}” is now a practice sheet.", id=number, title=title))
    )
    return reply.add(t("Type /practices to find it in the catalogue."))
