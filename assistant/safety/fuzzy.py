"""Misspelling correction towards the risk vocabulary, for words outside an English dictionary.

A token is corrected only when it is *not* a real English word: "grape" is a word, so it is
never read as "rape"; "sucidal" is not, so it becomes "suicidal". The dictionary is the word
frequency list shipped with `pyspellchecker` (words seen at least `min_count` times), plus a
small list of our own; without that package fuzzy matching still runs, on the small list only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache

from assistant.text import english_words

log = logging.getLogger(__name__)

# Real words that sit one or two edits from a risk word; always excluded from correction,
# even when the big dictionary is unavailable.
EXTRA_WORDS = frozenset(
    """grape grapes drape drapes tape tapes taped ape apes cape gape rapt rap raps rapper rapping
    raper trape traps hint hits kilt kiln kilns skill skills bill bills mill fill till will wilt
    hilt chill spill still drill grill brill thrill shill abuse abuses amuse amused amusing
    beating heating seating eating bating meeting greeting sweating treating bleating fleeting
    cutting cuttings putting gutting jutting nutting rutting hurting curting sutting suiting
    suited suicide suites suite slap slab slob slam scald scold sold bold cold told fold hold
    mold gold wold neglect select deflect reflect elect erect respect suspect inspect expect
    grooming brooming blooming glooming dooming rooming zooming booming looming
    mission missions missile missed missing mussing hissing kissing pissing dissing fissing
    trafficking trafficker traffic trafficked bruiser cruise cruised cruising bruin
    stalking talking walking balking chalking caulking starving carving halving craving
    strangler wrangle wrangled tangled mangled dangled jangled spangled bangled
    choked chocked chores chose chokes hoked poked stoked smoked
    school schools scholar cool pool fool tool wool stool drool
    rapid rapids rapier rapine rapist rapists raptor
    olds olden older oldest step stepgrandad grandads""".split()
)


MAX_TOKEN = 24  # longer tokens are never corrected (no risk word is that long)


def load_dictionary(min_count: int = 100) -> frozenset[str]:
    """Lower-case English words from pyspellchecker's frequency list (plus EXTRA_WORDS)."""
    words = english_words(min_count)
    if not words:
        log.warning("English word list unavailable; fuzzy matching uses a small list")
    return words | EXTRA_WORDS


def osa_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (edits incl. adjacent swaps), capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= nxt
        frontier = nxt
    return out


class FuzzyCorrector:
    """Maps an unknown token to the closest risk-vocabulary word (SymSpell-style index)."""

    def __init__(self, vocabulary: Iterable[str], dictionary: frozenset[str]) -> None:
        self._vocab = frozenset(w for w in vocabulary if len(w) >= 4 and w.isalpha())
        self._dictionary = dictionary
        self._index: dict[str, set[str]] = {}
        for word in self._vocab:
            for d in _deletes(word, 2 if len(word) >= 7 else 1):
                self._index.setdefault(d, set()).add(word)
        self.correct = lru_cache(maxsize=20000)(self._correct)  # type: ignore[method-assign]

    def is_word(self, token: str) -> bool:
        return token in self._dictionary or token in self._vocab

    def _correct(self, token: str) -> str:
        """The vocabulary word `token` was meant to be, or `token` itself."""
        if not 4 <= len(token) <= MAX_TOKEN or not token.isalpha() or self.is_word(token):
            return token
        max_d = 1 if len(token) <= 6 else 2
        candidates: set[str] = set()
        for d in _deletes(token, max_d):
            candidates |= self._index.get(d, set())
        best: tuple[int, int, str] | None = None
        for cand in candidates:
            if cand[0] != token[0] and not (len(token) > 1 and cand[:2] == token[1::-1]):
                continue
            dist = osa_distance(token, cand, max_d + 1)
            limit = 1 if len(cand) <= 6 else max_d
            if dist <= limit:
                key = (dist, abs(len(cand) - len(token)), cand)
                if best is None or key < best:
                    best = key
        return best[2] if best else token
