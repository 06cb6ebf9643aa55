"""Follow-up questions ("and what's their number?") made standalone from the chat history.

No language model: a question that is short or leans on a pronoun gets the content words of
the previous user questions appended, so retrieval sees the topic the user is still asking
about. A question that names its own topic is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.retrieval.terms import is_content, words
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


class FollowUpRewriter:
    """Callable (question, turns) -> the retrieval query."""

    def __init__(self, short_words: int = 3, context_words: int = 12, lookback: int = 3) -> None:
        self._short = short_words  # with a pronoun or "and ...", this few content words
        self._context = context_words  # most content words carried over
        self._lookback = lookback  # previous user turns consulted

    def is_follow_up(self, question: str) -> bool:
        tokens = words(question)
        content = [w for w in tokens if is_content(w)]
        if len(content) <= 1:
            return True
        leans = any(w.split("'")[0] in _ANAPHORA for w in tokens)
        opens = bool(_OPENERS.match(question))
        return (leans or opens) and len(content) <= self._short

    def __call__(self, question: str, turns: Sequence[Turn] = ()) -> str:
        previous = [t.content for t in reversed(turns) if t.role == "user"][: self._lookback]
        if not previous or not self.is_follow_up(question):
            return question
        own = set(words(question))
        carried: list[str] = []
        for text in previous:
            for w in words(text):
                if not is_content(w) or w in own or w in carried:
                    continue
                carried.append(w)
            if len(carried) >= self._short:
                break  # the latest question that names a topic is enough
        if not carried:
            return question
        return f"{question} ({' '.join(carried[: self._context])})"
