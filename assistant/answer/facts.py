"""Whether a text states a key fact: matched after folding case, quotes and dashes, markdown
markup and whitespace; phone numbers by their digits ("0116 3050005" = "0116 305 0005")."""

from __future__ import annotations

import re

from assistant.terms import fold

_MARKUP = re.compile(r"\]\([^)]*\)|[*\\_\[\]#<>|`]|</?[a-z]+>")
_SPACE = re.compile(r"\s+")
_PHONE = re.compile(r"^[\d\s()+-]{7,}$")


def normalise(text: str) -> str:
    text = _MARKUP.sub(" ", fold(text).replace("\t", " "))
    return _SPACE.sub(" ", text).strip(" .,;:")


def states(text: str, fact: str) -> bool:
    """True when `text` contains `fact`."""
    want = normalise(fact)
    if not want:
        return True
    have = normalise(text)
    if want in have:
        return True
    if _PHONE.match(fact.strip()):
        digits = re.sub(r"\D", "", fact)
        return digits in re.sub(r"\D", "", text)
    return False


def share_stated(text: str, facts: list[str]) -> float:
    if not facts:
        return 1.0
    return sum(states(text, f) for f in facts) / len(facts)
