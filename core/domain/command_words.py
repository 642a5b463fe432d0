"""The command names people type, in French, English and Spanish: `/aide`, `/help`, `/ayuda`.

The first word of each language is the one the hub shows in that language (help, Telegram's
menu); it is plain lowercase ASCII, as Telegram's commands must be. Other words, with or without
accents, are also understood.
"""

from __future__ import annotations

Words = dict[str, tuple[str, ...]]

COMMAND_WORDS: dict[str, Words] = {
    "start": {
        "fr": ("demarrer", "démarrer", "debut"),
        "en": ("start",),
        "es": ("inicio", "empezar"),
    },
    "help": {"fr": ("aide",), "en": ("help",), "es": ("ayuda",)},
    "ask": {
        "fr": ("demander", "question", "poser"),
        "en": ("ask", "question"),
        "es": ("preguntar", "pregunta"),
    },
    "questions": {"fr": ("questions",), "en": ("questions",), "es": ("preguntas",)},
    "answer": {"fr": ("reponse", "réponse"), "en": ("answer",), "es": ("contestar", "respuesta")},
    "myquestions": {
        "fr": ("mesquestions", "mes_questions"),
        "en": ("myquestions",),
        "es": ("mispreguntas", "mis_preguntas"),
    },
    "language": {"fr": ("langue",), "en": ("language", "lang"), "es": ("idioma", "lengua")},
    "timezone": {
        "fr": ("fuseau", "fuseau_horaire"),
        "en": ("timezone", "zone"),
        "es": ("zona", "zona_horaria"),
    },
    "me": {"fr": ("moi",), "en": ("me",), "es": ("yo", "perfil")},
    "follow": {"fr": ("suivre",), "en": ("follow",), "es": ("seguir",)},
    "unfollow": {
        "fr": ("ne_plus_suivre", "nepassuivre", "plus_suivre"),
        "en": ("unfollow",),
        "es": ("dejar_de_seguir", "dejar"),
    },
    "subscribe": {
        "fr": ("abonner", "sabonner", "abonnement"),
        "en": ("subscribe",),
        "es": ("suscribir", "suscribirse", "suscripcion"),
    },
    "unsubscribe": {
        "fr": ("desabonner", "désabonner", "sedesabonner"),
        "en": ("unsubscribe", "stop"),
        "es": ("desuscribir", "baja", "darse_de_baja"),
    },
    "latest": {
        "fr": ("dernieres", "dernières", "derniers"),
        "en": ("latest",),
        "es": ("ultimas", "últimas", "ultimos"),
    },
    "digests": {
        "fr": ("lettres", "mes_lettres"),
        "en": ("digests",),
        "es": ("boletines", "mis_boletines"),
    },
    "mydata": {
        "fr": ("mesdonnees", "mes_donnees", "mes_données"),
        "en": ("mydata",),
        "es": ("misdatos", "mis_datos"),
    },
    "forget": {"fr": ("oublier",), "en": ("forget",), "es": ("olvidar",)},
    "practices": {
        "fr": ("pratiques", "pratique"),
        "en": ("practices", "practice"),
        "es": ("practicas", "prácticas", "practica"),
    },
    "comparable": {
        "fr": ("comparables",),
        "en": ("comparable",),
        "es": ("comparables", "similares"),
    },
    "partners": {
        "fr": ("partenaires", "partenaire"),
        "en": ("partners", "partner"),
        "es": ("socios", "socio"),
    },
    "near": {"fr": ("pres", "près", "proche"), "en": ("near", "nearby"), "es": ("cerca",)},
    "complementary": {
        "fr": ("complementaires", "complémentaires"),
        "en": ("complementary",),
        "es": ("complementarios", "complementarias"),
    },
    "events": {
        "fr": ("evenements", "événements", "évènements", "agenda"),
        "en": ("events",),
        "es": ("eventos", "agenda"),
    },
    "event": {"fr": ("evenement", "événement", "évènement"), "en": ("event",), "es": ("evento",)},
    "rsvp": {"fr": ("repondre", "répondre"), "en": ("rsvp",), "es": ("responder",)},
    "ics": {"fr": ("calendrier",), "en": ("ics", "calendar"), "es": ("calendario",)},
    "apply": {
        "fr": ("adherer", "adhérer", "adhesion"),
        "en": ("apply", "join"),
        "es": ("adherir", "adherirse", "adhesion"),
    },
    "applications": {
        "fr": ("candidatures", "adhesions", "adhésions"),
        "en": ("applications",),
        "es": ("solicitudes", "candidaturas"),
    },
    "report": {
        "fr": ("signaler", "rapport", "remontee"),
        "en": ("report",),
        "es": ("informar", "informe", "reporte"),
    },
    "myreports": {
        "fr": ("mesrapports", "mes_rapports"),
        "en": ("myreports",),
        "es": ("misinformes", "mis_informes"),
    },
    "queue": {"fr": ("attente", "file"), "en": ("queue",), "es": ("cola", "pendientes")},
    "review": {"fr": ("lire", "examiner"), "en": ("review",), "es": ("revisar", "leer")},
    "claim": {"fr": ("prendre",), "en": ("claim", "take"), "es": ("tomar",)},
    "release": {
        "fr": ("rendre", "liberer", "libérer"),
        "en": ("release",),
        "es": ("liberar", "soltar"),
    },
    "approve": {"fr": ("approuver", "accepter"), "en": ("approve",), "es": ("aprobar", "aceptar")},
    "reject": {"fr": ("refuser", "rejeter"), "en": ("reject",), "es": ("rechazar",)},
    "changes": {
        "fr": ("corrections", "modifier"),
        "en": ("changes",),
        "es": ("cambios", "correcciones"),
    },
    "drafts": {"fr": ("brouillons",), "en": ("drafts",), "es": ("borradores",)},
    "translations": {"fr": ("traductions",), "en": ("translations",), "es": ("traducciones",)},
    "figures": {
        "fr": ("chiffres", "tableau"),
        "en": ("figures", "dashboard"),
        "es": ("cifras", "tablero"),
    },
    # Slack's forms (`/4p1000 write`), opened by the Slack door.
    "write": {
        "fr": ("rediger", "rédiger", "ecrire", "écrire"),
        "en": ("write",),
        "es": ("redactar", "escribir"),
    },
    "translate": {"fr": ("traduire",), "en": ("translate",), "es": ("traducir",)},
    "digest": {
        "fr": ("lettre", "apercu", "aperçu"),
        "en": ("digest",),
        "es": ("boletin", "boletín"),
    },
    "announce": {
        "fr": ("annoncer", "annonce"),
        "en": ("announce", "announcement"),
        "es": ("anunciar", "anuncio"),
    },
}
