"""The words people type for the hub's kinds, in French, English and Spanish: one list per concept.

Each concept maps a canonical value to the words of each language; the first word of a language
is the one the hub shows in that language (help, usage, error messages). Matching folds case,
accents and punctuation, and accepts the words of every language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from core.domain.command_words import COMMAND_WORDS

Words = dict[str, tuple[str, ...]]  # language -> words, the shown one first

RSVP = "rsvp"
FREQUENCY = "frequency"
EVENT_KIND = "event_kind"
ATTENDANCE = "attendance"
EVERYTHING = "everything"
REPORT_TYPE = "report_type"
PARTNER_CATEGORY = "partner_category"
RUBRIC = "rubric"
LANGUAGE = "language"
QUEUE_STATUS = "queue_status"
COMMAND = "command"
RATING = "rating"
CONSENT = "consent"

VOCABULARY: dict[str, dict[str, Words]] = {
    RSVP: {
        "going": {
            "fr": ("je viens", "oui", "viens", "présent", "présente", "j'y vais"),
            "en": ("going", "yes", "coming", "i am going", "i'm going", "attend"),
            "es": ("voy", "sí", "asisto", "iré", "presente"),
        },
        "maybe": {
            "fr": ("peut-être", "peut etre", "pe", "possible"),
            "en": ("maybe", "perhaps", "possibly"),
            "es": ("quizás", "quizá", "tal vez", "a lo mejor", "puede"),
        },
        "not_going": {
            "fr": ("je ne viens pas", "non", "pas", "absent", "absente"),
            "en": ("not going", "not_going", "no", "not coming", "i am not going"),
            "es": ("no voy", "no asisto", "no iré", "ausente"),
        },
    },
    FREQUENCY: {
        "weekly": {
            "fr": ("hebdomadaire", "hebdo", "chaque semaine", "semaine"),
            "en": ("weekly", "week", "every week"),
            "es": ("semanal", "semana", "cada semana"),
        },
        "monthly": {
            "fr": ("mensuel", "mensuelle", "chaque mois", "mois"),
            "en": ("monthly", "month", "every month"),
            "es": ("mensual", "mes", "cada mes"),
        },
    },
    EVENT_KIND: {
        "consortium": {
            "fr": ("consortium", "réunion du consortium"),
            "en": ("consortium", "consortium meeting"),
            "es": ("consorcio", "reunión del consorcio"),
        },
        "day": {
            "fr": ("journée", "journée 4 pour 1000", "jour"),
            "en": ("day", "4 per 1000 day"),
            "es": ("jornada", "día", "jornada 4 por 1000"),
        },
        "bureau": {
            "fr": ("bureau", "réunion du bureau"),
            "en": ("bureau", "bureau meeting"),
            "es": ("buró", "mesa", "reunión del buró", "reunión de la mesa"),
        },
        "stc": {
            "fr": ("cst", "comité scientifique et technique", "comité scientifique"),
            "en": ("stc", "scientific and technical committee", "scientific committee"),
            "es": ("cct", "comité científico y técnico", "comité científico"),
        },
        "regional": {
            "fr": ("régionale", "régional", "réunion régionale"),
            "en": ("regional", "regional meeting"),
            "es": ("regional", "reunión regional"),
        },
        "webinar": {
            "fr": ("webinaire", "webinar"),
            "en": ("webinar", "webinars"),
            "es": ("seminario web", "webinario", "webinar"),
        },
    },
    ATTENDANCE: {
        "online": {
            "fr": ("en ligne", "enligne", "à distance", "virtuel"),
            "en": ("online", "virtual", "remote"),
            "es": ("en línea", "enlinea", "virtual", "a distancia"),
        },
        "inperson": {
            "fr": ("présentiel", "en présentiel", "sur place"),
            "en": ("inperson", "in person", "in-person", "onsite", "on site"),
            "es": ("presencial", "en persona"),
        },
    },
    EVERYTHING: {
        "all": {
            "fr": ("tout", "tous", "toutes", "tout suivre"),
            "en": ("all", "everything", "*"),
            "es": ("todo", "todos", "todas"),
        },
    },
    REPORT_TYPE: {
        "news": {
            "fr": ("nouvelle", "actualité", "actu", "nouvelles"),
            "en": ("news",),
            "es": ("noticia", "noticias", "novedad"),
        },
        "partner_lead": {
            "fr": ("piste", "piste de partenaire", "partenaire"),
            "en": ("lead", "partner_lead", "partner lead", "partner"),
            "es": ("pista", "pista de socio", "socio"),
        },
        "event_proposal": {
            "fr": ("événement", "proposition d'événement", "evenement"),
            "en": ("event", "event_proposal", "event proposal"),
            "es": ("evento", "propuesta de evento"),
        },
        "practice": {
            "fr": ("pratique", "pratiques"),
            "en": ("practice", "practices"),
            "es": ("práctica", "prácticas"),
        },
        "request": {
            "fr": ("question", "demande"),
            "en": ("request", "question"),
            "es": ("pregunta", "solicitud", "consulta"),
        },
    },
    PARTNER_CATEGORY: {
        "state": {
            "fr": ("état", "gouvernement", "ministère", "pays"),
            "en": ("state", "government", "ministry", "country"),
            "es": ("estado", "gobierno", "ministerio", "país"),
        },
        "intl_org": {
            "fr": ("organisation internationale", "oi", "onu"),
            "en": ("intl_org", "international organisation", "international organization"),
            "es": ("organización internacional", "organismo internacional"),
        },
        "dev_bank": {
            "fr": ("banque de développement", "banque"),
            "en": ("dev_bank", "development bank", "bank"),
            "es": ("banco de desarrollo", "banco"),
        },
        "foundation": {
            "fr": ("fondation",),
            "en": ("foundation",),
            "es": ("fundación",),
        },
        "producer_org": {
            "fr": ("organisation de producteurs", "coopérative", "op", "agriculteurs"),
            "en": ("producer_org", "producer organisation", "cooperative", "farmers"),
            "es": ("organización de productores", "cooperativa", "agricultores"),
        },
        "research": {
            "fr": ("recherche", "université", "institut de recherche"),
            "en": ("research", "university", "research institute"),
            "es": ("investigación", "universidad", "instituto de investigación"),
        },
        "ngo": {
            "fr": ("ong", "association"),
            "en": ("ngo", "non-profit", "nonprofit"),
            "es": ("ong", "asociación"),
        },
        "company": {
            "fr": ("entreprise", "société", "privé"),
            "en": ("company", "business", "private"),
            "es": ("empresa", "compañía", "privado"),
        },
    },
    RUBRIC: {
        "news": {
            "fr": ("actualités", "actualité", "nouvelles"),
            "en": ("news",),
            "es": ("noticias", "noticia", "novedades"),
        },
        "success_story": {
            "fr": ("réussites", "réussite", "succès"),
            "en": ("success_story", "success stories", "success story", "success"),
            "es": ("casos de éxito", "éxitos", "éxito"),
        },
        "key_figure": {
            "fr": ("chiffres clés", "chiffre clé", "chiffres"),
            "en": ("key_figure", "key figures", "key figure", "figures"),
            "es": ("cifras clave", "cifra clave", "cifras"),
        },
        "practice_sheet": {
            "fr": ("fiches pratiques", "fiche pratique", "fiches"),
            "en": ("practice_sheet", "practice sheets", "practice sheet", "sheets"),
            "es": ("fichas prácticas", "ficha práctica", "fichas"),
        },
        "event": {
            "fr": ("événements", "événement", "agenda"),
            "en": ("event", "events"),
            "es": ("eventos", "evento", "agenda"),
        },
        "press_review": {
            "fr": ("revue de presse", "presse"),
            "en": ("press_review", "press review", "press"),
            "es": ("revista de prensa", "prensa"),
        },
    },
    LANGUAGE: {
        "fr": {
            "fr": ("français", "fr", "francais"),
            "en": ("french",),
            "es": ("francés",),
        },
        "en": {
            "fr": ("anglais", "en"),
            "en": ("english",),
            "es": ("inglés",),
        },
        "es": {
            "fr": ("espagnol", "es"),
            "en": ("spanish",),
            "es": ("español", "castellano"),
        },
    },
    QUEUE_STATUS: {
        "open": {
            "fr": ("en attente", "ouvert", "ouverts", "à traiter"),
            "en": ("open", "pending", "waiting"),
            "es": ("pendiente", "pendientes", "abierto", "abiertos"),
        },
        "submitted": {
            "fr": ("soumis", "nouveau", "nouveaux"),
            "en": ("submitted", "new"),
            "es": ("enviado", "enviados", "nuevo", "nuevos"),
        },
        "changes_requested": {
            "fr": ("à corriger", "corrections", "modifications"),
            "en": ("changes", "changes_requested", "changes requested"),
            "es": ("por corregir", "cambios", "correcciones"),
        },
        "approved": {
            "fr": ("approuvés", "approuvé", "acceptés", "accepté"),
            "en": ("approved", "accepted"),
            "es": ("aprobados", "aprobado", "aceptados", "aceptado"),
        },
        "rejected": {
            "fr": ("refusés", "refusé", "rejetés", "rejeté"),
            "en": ("rejected", "refused"),
            "es": ("rechazados", "rechazado"),
        },
        "all": {
            "fr": ("tous", "tout", "toutes"),
            "en": ("all", "everything"),
            "es": ("todos", "todo", "todas"),
        },
    },
    COMMAND: COMMAND_WORDS,
    RATING: {
        "useful": {
            "fr": ("utile", "très utile", "merci", "ça m'aide"),
            "en": ("useful", "helpful", "thanks", "thank you"),
            "es": ("útil", "muy útil", "gracias", "me sirve"),
        },
        "not_useful": {
            "fr": ("pas utile", "inutile", "ne m'aide pas"),
            "en": ("not useful", "not_useful", "useless", "not helpful", "unhelpful"),
            "es": ("no útil", "no es útil", "inútil", "no me sirve"),
        },
    },
    CONSENT: {
        "yes": {
            "fr": ("oui", "d'accord", "j'accepte", "ok"),
            "en": ("yes", "i agree", "agree", "okay"),
            "es": ("sí", "de acuerdo", "acepto", "vale"),
        },
        "no": {
            "fr": ("non", "je refuse", "pas d'accord"),
            "en": ("no", "i refuse", "refuse", "do not publish"),
            "es": ("no", "rechazo", "no acepto", "no publicar"),
        },
    },
}

_NON_WORD = re.compile(r"[^0-9a-z*]+")


def fold(text: str) -> str:
    """'Peut-Être' -> 'peut etre': lower case, no accents, words split by one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped).strip()


@cache
def _index(concept: str) -> dict[str, str]:
    """Folded word -> canonical value; the reader's words win over another language's."""
    found: dict[str, str] = {}
    for value, words in VOCABULARY[concept].items():
        found.setdefault(fold(value), value)
        for language_words in words.values():
            for word in language_words:
                found.setdefault(fold(word), value)
    return found


def parse(concept: str, text: str) -> str | None:
    """The canonical value `text` names in `concept` ('Quizás' -> 'maybe'), or None."""
    return _index(concept).get(fold(text)) if text.strip() else None


def word(concept: str, value: str, language: str) -> str:
    """The word the hub shows for `value` in `language` ('maybe', 'fr' -> 'peut-être')."""
    words = VOCABULARY[concept][value]
    return (words.get(language) or words["en"])[0]


def shown_words(concept: str, language: str) -> list[str]:
    """The shown word of each value of `concept`, in `language`."""
    return [word(concept, value, language) for value in VOCABULARY[concept]]


@dataclass(frozen=True)
class Choices:
    """An error-message parameter: the reader's words for `concept` (or some of its values)."""

    concept: str
    values: tuple[str, ...] = ()


def segments(text: str, known: Callable[[str], bool]) -> list[str]:
    """Split `text` into its longest known phrases ('afrique de l'ouest', 'en ligne')."""
    words = text.split()
    found: list[str] = []
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            phrase = " ".join(words[start:end])
            if end == start + 1 or known(phrase):
                found.append(phrase)
                start = end
                break
    return found


@dataclass(frozen=True)
class Named:
    """An error-message parameter: things named per language, shown as 'a, b or c'."""

    names: tuple[dict[str, str], ...]
