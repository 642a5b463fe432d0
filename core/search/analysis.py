"""Words for ranked retrieval: folded, each language's stop words dropped, Snowball stems."""

from __future__ import annotations

from functools import lru_cache

import Stemmer

from core.search.text import fold

LANGS = ("fr", "en", "es")
_ALGORITHMS = {"fr": "french", "en": "english", "es": "spanish"}

# Words that say nothing about a practice, folded: articles, pronouns, auxiliaries and the
# words people wrap a question in ("how can I", "que faire", "como puedo").
_STOP = {
    "fr": """a afin ai aie aient ainsi alors as au aucun aussi autre aux avec avoir c ca ce ceci
        cela celle celles celui ces cet cette chaque chez comme comment d dans de des doit donc
        dont du elle elles en encore est et etre eu faire fais fait faut il ils j je jusqu l la le
        les leur leurs lui m ma mais me mes meme moi mon n ne ni nos notre nous on ont ou par pas
        peu peut peux plus pour pourquoi puis puisse qu quand que quel quelle quelles quels qui
        quoi s sa sans se ses si son sont sur ta te tes toi ton tous tout toute toutes tres tu un
        une vos votre vous y veux voudrais""",
    "en": """a about after all also am an and any are as at be been being but by can could did do
        does doing for from get getting got had has have having he her here his how i if in into
        is it its just me more most my no not of on one or our out over so some such than that the
        their them then there these they this those to too up us very was we were what when where
        which while who why will with would you your want need should""",
    "es": """a al algo algun alguna algunos ante como con cual cuando de del donde e el ella ellos
        en entre era es esa ese eso esta estan este esto estos fue ha hacer hago han hay la las le
        les lo los mas me mi mis muy ni no nos o para pero por porque puedo puede que quiero se
        ser si sin sobre son su sus tambien te tengo tiene todo tu un una uno unos y ya yo""",
}
STOP_WORDS = frozenset(word for text in _STOP.values() for word in text.split())

_STEMMERS = {lang: Stemmer.Stemmer(_ALGORITHMS[lang]) for lang in LANGS}


def words(text: str) -> list[str]:
    """Folded words of `text` that carry meaning (stop words of fr/en/es dropped)."""
    folded = fold(text) if len(text) <= 80 else fold.__wrapped__(text)  # cache short texts only
    return [w for w in folded.split() if (w not in STOP_WORDS and len(w) > 1) or w.isdigit()]


@lru_cache(maxsize=131072)
def stem(word: str, lang: str) -> str:
    return str(_STEMMERS[lang].stemWord(word))


def stems(text: str, lang: str) -> str:
    """`text` as space-separated stems in `lang` (what the index stores)."""
    return " ".join(_STEMMERS[lang].stemWords(words(text)))
