"""Word-for-word English glosses of messages written in a language the embedding model cannot
read: romanised Urdu and Hindi, Punjabi, Gujarati (romanised or in their scripts), Polish and
Somali, the languages Leicester's leaflets come in.

The MiniLM model behind the risk classifier was trained on English; a message in romanised
Urdu or in Somali lands in a corner of its space where risky and everyday messages sit
together, so its reading there is noise ("Ammi aaj shaam ko khane mein kya ban raha hai?",
what's for dinner, read as risk). When enough of a message's words are in the tables
(`SafetyTuning.gloss_share`), the classifier reads its gloss instead ("mum today evening
... I 6 baje until home will come"), and the lexicon reads the gloss as well as the message,
so "ninkeedu ku hanjabay inuu dili doono caawa" meets the English danger patterns as "man /
husband ... threaten that he kill ... tonight".

Each table (`gloss/<language>.toml`) maps a word, or a phrase of up to three words, to a short
English gloss; a key ending in "*" is a stem matching any word it starts. Words that are also
English words sit in `[ambiguous]`: they are glossed inside a message already read as that
language but never count towards reading it as that language. Lookups fold case and accents
("się" is "sie"). Words found in no table (names, English words, numbers) stay as written.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from assistant.settings import SafetyTuning

MAX_PHRASE = 3  # words in the longest key
MIN_STEM = 4  # letters in the shortest stem key

# words: Latin letters and digits, and the Gurmukhi and Gujarati blocks (their vowel signs
# are combining marks, which \w alone would cut words at)
_WORD = re.compile(r"[\w\u0A00-\u0AFF']+")
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def fold(word: str) -> str:
    """Lower case without Latin accents ("Się" -> "sie"); other scripts kept whole."""
    word = unicodedata.normalize("NFKC", word).lower().replace("\u2019", "'")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_LETTERS))
    kept = "".join(c for c in decomposed if not (unicodedata.combining(c) and c < "\u0370"))
    return unicodedata.normalize("NFC", kept)


@dataclass(frozen=True)
class Table:
    """One language's glosses."""

    language: str
    words: dict[str, str]  # word or phrase -> gloss (counts towards the language)
    stems: dict[str, str]  # stem -> gloss (counts towards the language)
    ambiguous: dict[str, str]  # also an English word: glossed, never counted
    stem_sizes: tuple[int, ...] = ()  # the stems' lengths, longest first
    starts: frozenset[str] = frozenset()  # first words of the phrases

    def own(self, key: str) -> str | None:
        """The gloss of a word or phrase that marks this language (the longest stem wins)."""
        found = self.words.get(key)
        if found is not None or " " in key:
            return found
        for n in self.stem_sizes:
            if n <= len(key):
                found = self.stems.get(key[:n])
                if found is not None:
                    return found
        return None


def read_table(path: Path) -> Table:
    data = tomllib.loads(path.read_text("utf-8"))
    words: dict[str, str] = {}
    stems: dict[str, str] = {}
    for key, value in data.get("gloss", {}).items():
        k = " ".join(fold(key).split())
        if not k or not isinstance(value, str):
            continue
        if k.endswith("*"):
            stem = k[:-1].strip()
            if len(stem) >= MIN_STEM and " " not in stem:
                stems[stem] = value
        else:
            words[k] = value
    listed = {fold(w) for w in data.get("ambiguous", {}).get("words", [])}
    ambiguous = {fold(k): v for k, v in data.get("ambiguous_gloss", {}).items()
                 if isinstance(v, str)}
    for word in listed:
        # an English look-alike never marks the language, even if also listed as a word
        if word in words:
            ambiguous.setdefault(word, words.pop(word))
    sizes = tuple(sorted({len(k) for k in stems}, reverse=True))
    starts = frozenset(k.split()[0] for k in words if " " in k)
    return Table(path.stem, words, stems, ambiguous, sizes, starts)


@lru_cache(maxsize=4)
def load_tables(folder: Path | None = None) -> tuple[Table, ...]:
    base = folder or Path(str(files("assistant.safety").joinpath("gloss")))
    return tuple(read_table(p) for p in sorted(base.glob("*.toml")))


@dataclass(frozen=True)
class _Match:
    start: int  # index of the first word
    size: int  # words covered
    gloss: str
    own: bool  # marks the language (not an English look-alike)


class Glosser:
    """`gloss(text)`: the English gloss of a message written enough in the tables' languages,
    else None; `language(text)`: the language most of its words are in."""

    def __init__(self, tuning: SafetyTuning, tables: tuple[Table, ...] | None = None) -> None:
        self._tuning = tuning
        self._tables = tables
        self._words: frozenset[str] | None = None
        # the lexicon and the classifier both ask for a message's gloss: read it once
        self._remembered = lru_cache(maxsize=256)(self._gloss)

    @property
    def tables(self) -> tuple[Table, ...]:
        if self._tables is None:
            self._tables = load_tables()
        return self._tables

    def words(self) -> frozenset[str]:
        """Every single word the tables gloss (stems excepted), folded."""
        if self._words is None:
            self._words = frozenset(
                w for t in self.tables for w in (*t.words, *t.ambiguous) if " " not in w
            )
        return self._words

    def language(self, text: str) -> str | None:
        found = self._best(text)
        return found[0].language if found else None

    def gloss(self, text: str) -> str | None:
        """The English gloss of `text`, or None (remembered for the last texts read)."""
        return self._remembered(text) if isinstance(text, str) else None

    def _gloss(self, text: str) -> str | None:
        found = self._best(text)
        if found is None:
            return None
        _, spans, matches = found
        out: list[str] = []
        at = 0
        for m in matches:
            start = spans[m.start][0]
            end = spans[m.start + m.size - 1][1]
            out.append(text[at:start])
            out.append(m.gloss)
            at = end
        out.append(text[at:])
        return "".join(out)

    def _best(self, text: str) -> tuple[Table, list[tuple[int, int]], list[_Match]] | None:
        """The language most of the marked words belong to, the words' spans, and the
        glosses: each word's from that language's table, else from another table (people
        mix Punjabi and Urdu, or a language and English, in one message) when that table
        marks at least `gloss_min_words` of the message's words too."""
        t = self._tuning
        if not t.gloss_share or not isinstance(text, str):
            return None
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        keys = [fold(text[a:b]).strip("'") for a, b in spans]
        wordy = sum(1 for k in keys if any(c.isalpha() for c in k))
        if not wordy:
            return None
        found = []
        for table in self.tables:
            matches = _matches(table, keys)
            found.append((sum(m.size for m in matches if m.own), table, matches))
        found.sort(key=lambda f: -f[0])
        marked: set[int] = set()  # words some table marks as its language
        taken: set[int] = set()  # words already glossed
        chosen: list[_Match] = []
        for n, (count, _, matches) in enumerate(found):  # the primary language first
            if n and count < t.gloss_min_words:
                continue  # a word or two of another language is a coincidence of spelling
            for m in matches:
                cover = set(range(m.start, m.start + m.size))
                if m.own:
                    marked |= cover
                if not cover & taken:
                    chosen.append(m)
                    taken |= cover
        if len(marked) < t.gloss_min_words or len(marked) / wordy < t.gloss_share:
            return None
        return found[0][1], spans, sorted(chosen, key=lambda m: m.start)


def _matches(table: Table, keys: list[str]) -> list[_Match]:
    """The longest key at each word, left to right."""
    out: list[_Match] = []
    i = 0
    while i < len(keys):
        found = None
        longest = min(MAX_PHRASE, len(keys) - i) if keys[i] in table.starts else 1
        for size in range(longest, 0, -1):
            key = " ".join(keys[i : i + size])
            gloss = table.own(key)
            if gloss is not None:
                found = _Match(i, size, gloss, True)
                break
            if size == 1 and key in table.ambiguous:
                found = _Match(i, 1, table.ambiguous[key], False)
        if found is None:
            i += 1
            continue
        out.append(found)
        i += found.size
    return out
