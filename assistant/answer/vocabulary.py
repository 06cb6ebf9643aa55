"""Question words the newsletters never use: a sign that they do not cover the question.

A question about "MARAC", "festivals" or "GDPR" can find passages that look close (other
meetings, other events, other data) while the newsletters never mention its subject. Such a
question is answered only on strong evidence. A word counts as an unknown *term* when:

- no passage of the current index has it (after the shared stemming, or sharing its first
  seven letters with a passage word: "historic" / "historical");
- it is not an everyday English word (fewer than `common_count` uses, for the word or its
  stem, in pyspellchecker's frequency list: "dads", "counts", "wrote" are everyday; "asylum",
  "ratios" are not);
- it is not a misspelling of a passage word or of a stop word ("shuold", "sentance");
- it has at least four letters ("yr", "vs" and other short forms are not judged).
"""

from __future__ import annotations

import math
import re
import threading
from typing import Protocol

from assistant.terms import acronyms, content_set, is_content, stem, words
from assistant.types import Chunk


class ChunkSource(Protocol):
    """Anything that lists the current chunks and their version (the lexical index)."""

    @property
    def chunks(self) -> list[Chunk]: ...

    @property
    def version(self) -> str | None: ...


class CorpusTerms:
    """Callable question -> its unknown terms (see the module docstring)."""

    PREFIX = 7

    def __init__(self, source: ChunkSource, common_count: int) -> None:
        self._source = source
        self._common = common_count
        self._lock = threading.Lock()
        self._version: str | None = None
        self._stems: frozenset[str] = frozenset()
        self._prefixes: frozenset[str] = frozenset()
        self._df: dict[str, int] = {}
        self._aliases: dict[str, frozenset[str]] = {}
        self._n = 0
        self._spell = None

    def _current(self) -> tuple[frozenset[str], frozenset[str]]:
        chunks = self._source.chunks  # brings the source up to date first
        version = self._source.version
        with self._lock:
            if version != self._version or not self._stems:
                stems: set[str] = set()
                df: dict[str, int] = {}
                aliases: dict[str, frozenset[str]] = {}
                for c in chunks:
                    aliases.update(acronyms(f"{c.section}\n{c.text}"))
                    own = content_set(f"{c.section}\n{c.text}")
                    stems |= own
                    for w in own:
                        df[w] = df.get(w, 0) + 1
                self._df, self._n, self._aliases = df, len(chunks), aliases
                prefixes = {w[: self.PREFIX] for c in chunks for w in words(c.text)}
                self._stems = frozenset(stems)
                self._prefixes = frozenset(p for p in prefixes if len(p) == self.PREFIX)
                self._version = version
            return self._stems, self._prefixes

    def idf(self, stems: frozenset[str]) -> dict[str, float]:
        """Inverse passage frequency of each stem: rare words weigh more (1 for a word in
        every passage, more for rarer ones, most for words in none)."""
        self._current()
        with self._lock:
            n, df = self._n, self._df
        return {w: math.log((n + 1) / (df.get(w, 0) + 1)) + 1.0 for w in stems}

    def aliases(self) -> dict[str, frozenset[str]]:
        """The acronyms the newsletters define, with their expansions as content stems."""
        self._current()
        with self._lock:
            return self._aliases

    def _speller(self):
        if self._spell is None:
            from spellchecker import SpellChecker

            self._spell = SpellChecker(distance=1)
        return self._spell

    def __call__(self, question: str, everyday: bool = False) -> list[str]:
        """The question's unknown terms; with `everyday`, also the everyday words no passage
        uses ("weekend"), for a refusal to name what the newsletters lack."""
        stems, prefixes = self._current()
        if not stems:
            return []
        unknown: list[str] = []
        for word in dict.fromkeys(words(question)):
            if len(word) < 4 or not word.isalpha() or not is_content(word) or word in _CHAT:
                continue
            if stem(word) in stems or word[: self.PREFIX] in prefixes:
                continue
            uk = word.replace("z", "s")  # "organization": the newsletters spell it with an s
            if uk != word and (stem(uk) in stems or uk[: self.PREFIX] in prefixes):
                continue
            spell = self._speller()
            # the commonest of the word and its stem: "counts" is as everyday as "count"
            count = max(spell.word_frequency[word], spell.word_frequency[stem(word)])
            if count >= self._common and not everyday:
                continue
            if count == 0:
                fixed = spell.correction(word)
                if fixed and fixed != word and (stem(fixed) in stems or not is_content(fixed)):
                    continue
            unknown.append(_as_written(word, question))
        return unknown


# Chat words that never name a subject ("hiya, quick question, cheers")
_CHAT = frozenset(
    "hiya hello cheers asap wondering quick question urgent urgently thankyou guys folks "
    "mate basically actually literally really please pleased sorry okay".split()
)


def _as_written(word: str, question: str) -> str:
    """The word as the question spells it ("MARAC" rather than "marac")."""
    found = re.search(rf"\b{re.escape(word)}\b", question, re.IGNORECASE)
    return found.group(0) if found else word
