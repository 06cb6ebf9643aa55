"""Text matching for the evaluation: is a piece of gold evidence in a passage or a quote?

Matching is by text, never by file name. Both sides are normalised first: case, runs of
whitespace, curly vs straight quotes and dashes, and markdown markup (``* \\ _ [ ] ( ) # < >``
and ``](#)`` link tails) so that a passage cleaned by the ingest pipeline still matches
evidence copied from the raw file. Evidence split across two chunks still counts when a
contiguous piece of at least ``MIN_SHARE`` of its characters is in one of them.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

MIN_SHARE = 0.6

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_LINK_TAIL = re.compile(r"\]\((?:#|https?://[^)\s]*|mailto:[^)\s]*)\)")
_HTML_TAG = re.compile(r"</?(?:u|i|b|em|strong|br|p|span)\s*/?>", re.IGNORECASE)
_MARKUP = re.compile(r"[*\\_\[\]#<>`|]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case, straight quotes, markup removed, whitespace collapsed."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    t = _LINK_TAIL.sub(" ", t)
    t = _HTML_TAG.sub(" ", t)
    t = _MARKUP.sub(" ", t)
    return _SPACE.sub(" ", t).strip().lower()


def longest_shared(a: str, b: str) -> int:
    """Length of the longest contiguous piece shared by two (already normalised) texts."""
    if not a or not b:
        return 0
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size


def evidence_in(evidence: str, passage: str, min_share: float = MIN_SHARE) -> bool:
    """True when the evidence is in the passage, or a contiguous piece of at least
    ``min_share`` of its characters is (the rest being in a neighbouring chunk)."""
    ev, text = normalise(evidence), normalise(passage)
    if not ev:
        return False
    if ev in text:
        return True
    return longest_shared(ev, text) >= min_share * len(ev)


def overlaps(quote: str, evidence: str, min_share: float = MIN_SHARE) -> bool:
    """True when a citation quote and a gold evidence string mostly overlap: a contiguous
    piece of at least ``min_share`` of the shorter one is shared (a one-sentence quote
    inside a longer evidence string counts, and so does evidence inside a longer quote)."""
    q, ev = normalise(quote), normalise(evidence)
    if not q or not ev:
        return False
    shorter = min(len(q), len(ev))
    if q in ev or ev in q:
        return True
    return longest_shared(q, ev) >= min_share * shorter


_STOP = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more
    most my no nor not now of off on once only or other our ours out over own same she should so
    some such than that the their theirs them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you
    your yours may must shall""".split()
)
STOP_WORDS = _STOP
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def content_words(text: str) -> list[str]:
    """The words that carry meaning: normalised tokens minus common function words."""
    return [w for w in _WORD.findall(normalise(text)) if w not in _STOP]
