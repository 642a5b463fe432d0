"""A practice sheet and a partner card, in the reader's language with fallbacks said plainly."""

from __future__ import annotations

from core.domain.practice_sheet import completeness
from core.i18n import Translator
from core.interactions.features.search_views import clip, fallback_note, fit
from core.interactions.model import Button, Reply, bold, link
from core.search.catalog_index import Reference, name_of
from core.search.places import country_names
from core.search.vocabulary import BASES, COLLEGES, PARTNER_CATEGORIES, PRACTICE_CATEGORIES
from core.services.directory_views import PartnerCard, PracticeSheet


def _names(t: Translator, table: dict[str, dict[str, str]], codes: list[str]) -> str:
    return ", ".join(name_of(table.get(code), t.language, code) for code in codes)


def practice_card(t: Translator, practice: PracticeSheet, reference: Reference) -> Reply:
    """The whole sheet: description, links, basis, results, zones, regions, completeness."""
    name, other = t.pick(practice.names)
    reply = Reply().add(bold(name or practice.slug), fallback_note(t, other))
    if category := PRACTICE_CATEGORIES.get(practice.category):
        reply.add(t("Category: {category}", category=t(category)))
    description, other = t.pick(practice.description)
    if description:
        reply.add(clip(description), fallback_note(t, other))
    if practice.basis in BASES:
        reply.add(t("Conceptual basis: {basis}", basis=t(BASES[practice.basis])))
    results, other = t.pick(practice.results)
    if results:
        reply.add(bold(t("Results:")), " ", clip(results), fallback_note(t, other))
    links = [row for row in practice.tutorials or [] if isinstance(row, dict) and row.get("url")]
    if links:
        reply.add(bold(t("Tutorials and links:")))
        for row in links[:5]:
            reply.add("• ", link(str(row.get("title") or row["url"])[:120], str(row["url"])))
    if practice.zones:
        zones = _names(t, reference.zones, practice.zones)
        reply.add(t("Agro-climatic zones: {zones}", zones=zones))
    if practice.regions:
        regions = _names(t, reference.regions, practice.regions)
        reply.add(t("Regions: {regions}", regions=regions))
    score = completeness(
        practice.names,
        practice.description,
        practice.tutorials,
        practice.basis,
        practice.results,
        practice.zones,
        practice.regions,
    )
    missing = ", ".join(t(label) for label in score.missing)
    if missing:
        reply.add(
            t(
                "Sheet {percent}% complete; missing: {missing}.",
                percent=score.percent,
                missing=missing,
            )
        )
    else:
        reply.add(t("Sheet {percent}% complete.", percent=score.percent))
    if practice.zones:
        reply.button_row(Button(t("Comparable conditions elsewhere"), f"cmp:{practice.id}"))
    return fit(reply)


def partner_card(t: Translator, partner: PartnerCard, reference: Reference) -> Reply:
    """Who they are, where, what they work on, and ways to find allies."""
    title = partner.name + (f" ({partner.acronym})" if partner.acronym else "")
    reply = Reply().add(bold(title))
    status = t("Member of the Initiative") if partner.is_member else t("Partner of the Initiative")
    kind = PARTNER_CATEGORIES.get(partner.category)
    reply.add(status + (f" · {t(kind)}" if kind else ""))
    if partner.college in COLLEGES:
        reply.add(t(COLLEGES[partner.college]).capitalize())
    where = [name_of(country_names(partner.country), t.language)]
    if partner.region_code:
        where.append(name_of(reference.regions.get(partner.region_code), t.language))
    if any(where):
        reply.add(t("Where: {place}", place=", ".join(w for w in where if w)))
    text, other = t.pick(partner.card)
    if text:
        reply.add(clip(text), fallback_note(t, other))
    if partner.objectives:
        reply.add(bold(t("Strategic objectives:")))
        for objective in sorted(partner.objectives, key=lambda o: o.code):
            reply.add(f"{objective.code} — {name_of(objective.names, t.language)}")
    if partner.website:
        reply.add(link(partner.website, partner.website))
    buttons = [Button(t("Complementary partners"), f"pk:{partner.id}")]
    if partner.latitude is not None and partner.longitude is not None:
        data = f"pn:0:{partner.latitude:.3f}:{partner.longitude:.3f}"
        buttons.append(Button(t("Partners nearby"), data))
    reply.button_row(*buttons)
    return fit(reply)
