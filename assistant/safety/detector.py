"""Risk detection over a message and the user's recent turns: rules, no model, no network.

Steps (see docs/safety.md):
1. normalise: lower case, text-speak and slang expanded, leetspeak undone, misspellings of
   risk words corrected (only for tokens that are not English words);
2. the recent user turns and the message are read together, so a follow-up ("what do I do?")
   keeps the risk of the turn before it;
3. `live` patterns fire always; `topic` patterns fire unless the text is an informational or
   training question with nothing pointing at a live case;
4. negation is never used to switch a detection off; idioms ("I could murder a coffee") are
   removed first and only kept out when nothing else fires.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from assistant.safety.areas import detect_area, place_words
from assistant.safety.fuzzy import FuzzyCorrector, load_dictionary
from assistant.safety.lexicon import (
    CategoryPatterns,
    Lexicon,
    load_lexicon,
    load_lexicon_nouns,
    squeeze,
    tokens,
)
from assistant.types import Risk, Turn

log = logging.getLogger(__name__)

# Categories that always mean someone may be in immediate danger.
ALWAYS_IMMEDIATE = frozenset({"immediate_danger", "medical_emergency"})
HISTORY_TURNS = 3  # user turns before the message that are read with it
HISTORY_CHARS = 4000  # of each history turn
_SEPARATOR = " . "


class RiskDetector:
    """`assess(message, history) -> Risk`. The lexicon and word list load on first use."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        dictionary: frozenset[str] | None = None,
        history_turns: int = HISTORY_TURNS,
    ) -> None:
        self._lexicon = lexicon
        self._dictionary = dictionary
        self._history_turns = history_turns
        self._fuzzy: FuzzyCorrector | None = None

    # -- loading -----------------------------------------------------------------------------
    def _ready(self) -> tuple[Lexicon, FuzzyCorrector]:
        if self._lexicon is None:
            self._lexicon = load_lexicon()
        if self._fuzzy is None:
            words = self._dictionary if self._dictionary is not None else load_dictionary()
            self._fuzzy = FuzzyCorrector(self._lexicon.vocabulary, words | protected_words())
        return self._lexicon, self._fuzzy

    def warm_up(self) -> None:
        """Load the lexicon and word list now rather than on the first message."""
        self.assess("warm up")

    # -- assessing ---------------------------------------------------------------------------
    def normalise(self, text: str) -> str:
        """The text as the patterns see it."""
        lexicon, fuzzy = self._ready()
        toks = tokens(text, lexicon.slang)
        out = [_fix(fuzzy, tok) for tok in toks]
        for i, tok in enumerate(out):
            # "debt 2 the dealers": a lone 2 between words is "to" (but "2 year old" is an age)
            if (
                tok == "2"
                and 0 < i < len(out) - 1
                and out[i - 1].isalpha()
                and out[i + 1].isalpha()
            ):
                if out[i + 1] not in _AGE_UNITS:
                    out[i] = "to"
        return " ".join(out)

    def assess(self, message: str, history: Sequence[Turn] = ()) -> Risk:
        lexicon, _ = self._ready()
        if not isinstance(message, str):
            message = str(message)
        current = self.normalise(message)
        earlier = [
            self.normalise(t.content[:HISTORY_CHARS])
            for t in _user_turns(history)[-self._history_turns :]
            if self._history_turns
        ]
        text = _SEPARATOR.join([*earlier, current])
        categories = _detect(lexicon, lexicon.idioms.sub(" , ", text))
        if categories:
            categories = _merge(lexicon, categories, _detect(lexicon, text))
        if not categories:
            return Risk(area=detect_area(current) or _last_area(earlier))
        immediate = bool(ALWAYS_IMMEDIATE.intersection(categories)) or bool(
            lexicon.immediate.search(text)
        )
        log.debug("risk: %s immediate=%s", ",".join(categories), immediate)
        return Risk(
            detected=True,
            categories=categories,
            immediate=immediate,
            area=detect_area(current) or _last_area(earlier),
        )


_AGE_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days"})


def _fix(fuzzy: FuzzyCorrector, tok: str) -> str:
    """Correct a misspelt risk word; undo dropped g's ("takin") and stretched letters."""
    if not tok.isalpha() or fuzzy.is_word(tok):
        return tok
    if tok.endswith("in") and fuzzy.is_word(tok + "g"):
        return tok + "g"
    fixed = fuzzy.correct(tok)
    if fixed == tok:
        squeezed = squeeze(tok)
        if squeezed != tok and fuzzy.is_word(squeezed):
            return squeezed
    return fixed


def protected_words() -> frozenset[str]:
    """Words never corrected: place names ("Blaby" is not "baby") and people nouns."""
    return place_words() | frozenset(
        w for n in load_lexicon_nouns() for form in (n, n + "s") for w in form.split()
    )


def _detect(lexicon: Lexicon, text: str) -> tuple[str, ...]:
    informational = _informational(lexicon, text)
    person = informational is False and bool(lexicon.person.search(text))
    found: list[str] = []
    for cat in lexicon.categories:
        if cat.live.search(text):
            found.append(cat.name)
        elif informational:
            continue
        elif cat.topic is not None and cat.topic.search(text):
            found.append(cat.name)
        elif person and _backstop(cat, text):
            found.append(cat.name)
    return tuple(found)


def _backstop(cat: CategoryPatterns, text: str) -> bool:
    """One strong word, or two different weak words, of the category."""
    if cat.strong is not None and cat.strong.search(text):
        return True
    if cat.weak is None:
        return False
    return len({m.group(0) for m in cat.weak.finditer(text)}) >= 2


def _informational(lexicon: Lexicon, text: str) -> bool:
    """An informational or training question, with nothing that points at a live case."""
    return bool(lexicon.info.search(text)) and not lexicon.live_cue.search(text)


def _merge(lexicon: Lexicon, a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    present = set(a) | set(b)
    return tuple(n for n in lexicon.names if n in present)


def _user_turns(history: Sequence[Any]) -> list[Any]:
    return [
        t
        for t in history or ()
        if getattr(t, "role", None) == "user" and isinstance(getattr(t, "content", None), str)
    ]


def _last_area(earlier: list[str]) -> str | None:
    for text in reversed(earlier):
        area = detect_area(text)
        if area:
            return area
    return None
