"""Content words: the one tokenizer shared by the lexical index, follow-ups and support checks.

Lower-cased word tokens, English stop words and question words removed, and a light suffix
stemmer so that "referrals" matches "referral" and "training" matches "trained". It is
deliberately conservative: a wrong conflation costs more than a missed one in a small corpus.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each few for
    from further get gets got had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same shall she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up
    upon us very was we were what when where which while who whom whose why will with would you
    your yours yourself yourselves tell know please say says said let lets ok okay thanks thank
    one ones anything something someone somebody anyone anybody thing things way ways really
    need needs use used using make makes made go goes going want wants like may might must
    whats hows whos wheres whens whys im ive id dont doesnt cant wont isnt arent
    """.split()
)


def fold(text: str) -> str:
    """Lower case, compatibility-normalised, curly quotes and dashes made plain."""
    text = unicodedata.normalize("NFKC", text).lower()
    return text.translate(_PLAIN)


_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def stem(word: str) -> str:
    """A light English suffix stemmer (plural, -ing, -ed, -ly, possessive, final e)."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl, min_stem in _RULES:
        if word.endswith(suffix):
            if len(word) - len(suffix) >= min_stem:
                word = word[: len(word) - len(suffix)] + repl
                if suffix in _VERBAL and len(word) > 3 and word[-1] == word[-2]:
                    word = word[:-1]  # "running" -> "run", "stopped" -> "stop"
            break
    # "abuse"/"abused" and "care"/"caring" meet at "abus" and "car"
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


_VERBAL = ("ing", "ed", "ings")
# (suffix, replacement, shortest stem left): the first suffix that matches decides.
_RULES = (
    ("ies", "y", 2),
    ("ied", "y", 2),
    ("sses", "ss", 2),
    ("ness", "", 3),
    ("ings", "", 3),
    ("ing", "", 3),
    ("edly", "", 3),
    ("ed", "", 3),
    ("ly", "", 5),
    ("ss", "ss", 0),  # "-ss", "-us", "-is" words keep their s: "status", "analysis"
    ("us", "us", 0),
    ("is", "is", 0),
    ("s", "", 3),
)


def words(text: str) -> list[str]:
    """Every word token of `text`, folded, in order (stop words kept)."""
    return _WORD.findall(fold(text))


def is_content(word: str) -> bool:
    """False for stop words ("what's", "they'll" included) and single characters."""
    base = word.split("'")[0]
    return len(base) > 1 and base not in STOPWORDS


def content_words(text: str) -> list[str]:
    """Stemmed content words of `text`, in order, repeats kept."""
    return [stem(w) for w in words(text) if is_content(w)]


@lru_cache(maxsize=8192)
def content_set(text: str) -> frozenset[str]:
    return frozenset(content_words(text))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


# "Local Authority Designated Officer (LADO)": the words before a bracketed acronym
_DEFINED = re.compile(r"((?:[A-Za-z][\w'’-]*\s+){1,9})\(([A-Z][A-Za-z&]{1,7})\)")
_LINKING = frozenset("of and for the on in to at by with".split())


def acronyms(text: str) -> dict[str, frozenset[str]]:
    """Acronyms that `text` defines, as content stems: {"lado": {"local", "authority",
    "designat", "officer"}}. The acronym's letters must be the initials of the words before
    it (linking words may be skipped)."""
    found: dict[str, frozenset[str]] = {}
    for m in _DEFINED.finditer(text):
        letters = m.group(2).replace("&", "").lower()
        before = m.group(1).split()
        for start in range(len(before) - 1, -1, -1):
            phrase = before[start:]
            initials = "".join(w[0].lower() for w in phrase if w.lower() not in _LINKING)
            # "Multi-Agency Support Panel (MASP)": a hyphenated word gives each part's initial
            hyphened = "".join(
                p[0].lower() for w in phrase if w.lower() not in _LINKING for p in w.split("-") if p
            )
            if letters in (initials, hyphened) or "".join(w[0].lower() for w in phrase) == letters:
                if phrase[0].lower() not in _LINKING:
                    found[stem(letters)] = content_set(" ".join(phrase))
                break
            if len(initials) > len(letters):
                break
    return found


def with_aliases(stems: frozenset[str], aliases: dict[str, frozenset[str]]) -> frozenset[str]:
    """`stems` plus the expansion of each acronym in it and the acronym of each expansion
    wholly in it, so "MHA" and "Mental Health Act" meet."""
    if not aliases:
        return stems
    extra: set[str] = set()
    for acronym, expansion in aliases.items():
        if acronym in stems:
            extra |= expansion
        elif expansion and expansion <= stems:
            extra.add(acronym)
    return stems | extra if extra else stems
