"""Follow-up questions made standalone from the chat history, without a language model.

- A follow-up that only swaps a slot ("and in Rutland?", "what about for adults?") is the
  previous question with that slot replaced: "who do I ring in Leicestershire if a child has
  an injury?" then "and in Rutland?" becomes "who do I ring in Rutland if a child has an
  injury?".
- A follow-up that asks another detail of the same subject ("what's their number?", "opening
  hours?", "what's her top tip?") keeps its own words, which say what is asked, and carries
  the subject words of the previous questions: "what's their number? (turning point)".
- A question that names its own topic is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.areas import AREA_NAMES, CITY, COUNTY, RUTLAND
from assistant.questions import frame
from assistant.settings import FollowUpTuning
from assistant.terms import is_content, words
from assistant.types import Turn

_ANAPHORA = frozenset(
    "it its they them their theirs this that these those there he she him his her hers "
    "one ones same such above former latter".split()
)
_OPENERS = re.compile(
    r"^\s*(and|also|but|so|then|what about|how about|and what|and how|what else|any more|"
    r"more on|tell me more)\b",
    re.IGNORECASE,
)
# words that only carry a slot or a connective, not a subject
_SLOT_WORDS = frozenset(
    "and what about how for in the city county rutland leicester leicestershire adults adult "
    "children child kids young people older elderly instead then also same there".split()
)
_CHILDREN = re.compile(r"\b(children|child|kids?|young (people|person)|pupils?)\b", re.I)
_ADULTS = re.compile(r"\b(adults?|older (people|person)|elderly)\b", re.I)
_PLACES = {
    "leicester": re.compile(r"\b(leicester city|the city|city|leicester)(?!shire)\b", re.I),
    "leicestershire": re.compile(
        r"\b(leicestershire|the county|county|"
        + "|".join(re.escape(p) for p in COUNTY if " " not in p) + r")\b", re.I),
    "rutland": re.compile(r"\b(" + "|".join(re.escape(p) for p in RUTLAND) + r")\b", re.I),
}
_CITY_PLACES = re.compile(r"\b(" + "|".join(re.escape(p) for p in CITY) + r")\b", re.I)


class FollowUpRewriter:
    """Callable (question, turns) -> the retrieval query."""

    def __init__(self, tuning: FollowUpTuning) -> None:
        self._t = tuning

    def is_follow_up(self, question: str) -> bool:
        tokens = words(question)
        content = [w for w in tokens if is_content(w)]
        if len(content) <= 1:
            return True
        leans = any(w.split("'")[0] in _ANAPHORA for w in tokens)
        opens = bool(_OPENERS.match(question))
        return (leans or opens) and len(content) <= self._t.short_words

    def __call__(self, question: str, turns: Sequence[Turn] = ()) -> str:
        previous = [t.content for t in reversed(turns) if t.role == "user"][: self._t.lookback]
        if not previous or not self.is_follow_up(question):
            return question
        swapped = swap_slots(question, previous[0])
        if swapped is not None:
            return swapped
        own = set(words(question))
        carried: list[str] = []
        for text in previous:
            for w in words(text):
                if not is_content(w) or w in own or w in carried:
                    continue
                carried.append(w)
            if len(carried) >= self._t.short_words:
                break  # the latest question that names a topic is enough
        if not carried:
            return question
        return f"{question} ({' '.join(carried[: self._t.context_words])})"


def swap_slots(question: str, previous: str) -> str | None:
    """The previous question with the area or audience this follow-up names, when the
    follow-up names nothing else; None otherwise."""
    rest = [w for w in words(question) if is_content(w) and w not in _SLOT_WORDS]
    fr = frame(question)
    if rest or not (fr.areas or fr.audience):
        return None
    text = previous
    if fr.areas:
        text = _with_area(text, fr.areas[0])
    if fr.audience:
        pattern, word = (
            (_ADULTS, "children") if fr.audience == "children" else (_CHILDREN, "adults")
        )
        if pattern.search(text):
            text = pattern.sub(word, text)
        else:
            text = f"{text.rstrip(' ?')} for {word}?"
    return text


def _with_area(text: str, area: str) -> str:
    name = AREA_NAMES[area]
    found = False
    for pattern in (*_PLACES.values(), _CITY_PLACES):
        if pattern.search(text):
            text, found = pattern.sub(name, text), True
    return text if found else f"{text.rstrip(' ?')} in {name}?"
