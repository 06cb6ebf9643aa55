"""Spotting garbled sentences: OCR misreadings and layout debris that should never be quoted.

A sentence is garbled when most of its words are not words: tokens outside the English word
list that are not names or acronyms (those start with a capital), tokens mixing letters with
digits or symbols ("c0ntact", "l-b|t"), and stray symbols. A lower-case fragment without a
final stop that ends in a broken word ("footing The statutory regards for the statu", text
from a picture left in the layout) is garbled too. Garbled sentences stay in the passage
(its offsets are verbatim) but are marked, so the answerer never quotes them.
"""

from __future__ import annotations

import functools
import re

from assistant.text import english_words

WORD_LIST_MIN_COUNT = 100  # words seen this often in the frequency list count as English
JUNK_SHARE = 0.5  # garbled when at least this share of tokens is junk...
MIN_JUNK = 3  # ...and at least this many (a short line with one odd name is fine)
_TOKEN = re.compile(r"\S+")
_PLAIN = re.compile(r"^[\"'(\[]*([A-Za-z]+(?:['’-][A-Za-z]+)*)[\"')\].,;:!?]*$")
_KEEP = re.compile(r"^(?:https?://|www\.|\S+@\S+|[\d.,:;/%£$()+-]+[a-z]{0,2}\W*$|&|[-–—•])")


def garbled(text: str) -> bool:
    """Whether a cleaned sentence is mostly not words (see the module docstring)."""
    tokens = _TOKEN.findall(text)
    if not tokens or not english_words(WORD_LIST_MIN_COUNT):
        return False  # without the word list nothing can be judged
    junk = sum(1 for token in tokens if _junk(token))
    if junk >= MIN_JUNK and junk >= JUNK_SHARE * len(tokens):
        return True
    return _broken_fragment(text, tokens)


def garbled_spans(text: str, spans: tuple[tuple[int, int, int, int], ...]) -> tuple[int, ...]:
    """Indices of the garbled sentences among a chunk's spans."""
    return tuple(i for i, (a, b, _, _) in enumerate(spans) if garbled(text[a:b]))


@functools.lru_cache(maxsize=65536)  # tokens repeat a lot across a newsletter
def _junk(token: str) -> bool:
    if _KEEP.match(token):
        return False
    plain = _PLAIN.match(token)
    if plain is None:
        return True  # letters mixed with digits or symbols
    word = plain.group(1)
    if word[0].isupper() or len(word) == 1:
        return False  # a name, an acronym, "I", "a"
    return not all(_known(part) for part in re.split(r"['’-]", word.lower()) if part)


def _known(word: str) -> bool:
    return word in english_words(WORD_LIST_MIN_COUNT) or len(word) <= 2


def _broken_fragment(text: str, tokens: list[str]) -> bool:
    """A lower-case fragment with no final stop whose last word is broken off."""
    if len(tokens) < 4 or not text[0].islower() or text.rstrip()[-1] in ".!?:;)\"'":
        return False
    last = _PLAIN.match(tokens[-1])
    if last is None or not last.group(1).islower() or not _junk(tokens[-1]):
        return False
    stem = last.group(1).lower()  # broken off: the start of a longer word ("statu")
    return any(w.startswith(stem) for w in english_words(WORD_LIST_MIN_COUNT))
