"""The optional LLM answerer: a LangChain chat model writes, the passages decide what stays.

The model sees the passages fenced as data in a token-budgeted prompt. Its reply is checked
sentence by sentence: a sentence stays only if it cites a passage that supports it (content
words, meaning and numbers); each citation quotes the best-supporting verbatim sentence of that
passage. Any failure of the endpoint raises LLMUnavailable so the Assistant falls back to the
extractive answer.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer.citations import citation_for, markers, split_answer, strip_markers
from assistant.answer.extractive import with_marker
from assistant.answer.prompt import NOT_COVERED_TOKEN, Prompt, PromptBuilder
from assistant.answer.refusal import refusal
from assistant.answer.sentences import Sentence
from assistant.answer.support import SupportChecker
from assistant.errors import LLMUnavailable
from assistant.protocols import Draft, Embedder
from assistant.settings import LLMSettings
from assistant.text import TokenCounter
from assistant.types import Citation, Passage

log = logging.getLogger(__name__)

REMOVED_NOTE = (
    "{n} sentence(s) of the generated answer were removed because the cited newsletter "
    "passages do not support them."
)


def build_chat_model(llm: Any) -> Any:
    """A LangChain chat model for settings.llm (provider "openai": any OpenAI-compatible
    server at base_url; provider "ollama": an Ollama server)."""
    if not llm.base_url or not llm.model:
        raise ValueError("the LLM needs both base_url and model")
    key = llm.api_key.get_secret_value() if llm.api_key else "not-needed"
    if llm.provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            base_url=llm.base_url,
            model=llm.model,
            temperature=llm.temperature,
            client_kwargs={"timeout": llm.timeout_s},
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=llm.base_url,
        model=llm.model,
        api_key=key,
        temperature=llm.temperature,
        timeout=llm.timeout_s,
        max_retries=0,  # a failure falls back to the extractive answer at once
    )


@dataclass(frozen=True)
class _Kept:
    claim: str
    quote: Sentence


class LLMAnswerer:
    def __init__(
        self,
        chat_model: Any,
        tokens: TokenCounter,
        embedder: Embedder,
        settings: LLMSettings,
    ) -> None:
        self._chat = chat_model
        self._prompts = PromptBuilder(tokens, settings)
        self._checker = SupportChecker(embedder, settings.min_lexical, settings.min_semantic)
        self._max_sentences = settings.max_sentences

    def answer(self, question: str, passages: Sequence[Passage]) -> Draft:
        prompt = self._prompts.build(question, passages)
        if not prompt.passages:
            return refusal(passages, backend="llm")
        reply = self.generate(prompt)
        if reply.strip().strip(".").upper() == NOT_COVERED_TOKEN or (
            NOT_COVERED_TOKEN in reply and not markers(reply)
        ):
            return refusal(passages, backend="llm")
        kept, removed = self._check(reply, prompt.passages)
        if not kept:
            raise LLMUnavailable("no sentence of the model's reply was supported by its sources")
        text, citations = _compose(kept[: self._max_sentences])
        warnings = (REMOVED_NOTE.format(n=removed),) if removed else ()
        log.info("llm: %d sentences kept, %d removed", len(kept), removed)
        return Draft(
            text=text, citations=citations, refused=False, warnings=warnings, backend="llm"
        )

    def generate(self, prompt: Prompt) -> str:
        """The model's reply text; LLMUnavailable on any endpoint failure or unusable reply."""
        from langchain_core.messages import HumanMessage, SystemMessage

        roles = {"system": SystemMessage, "user": HumanMessage}
        messages = [roles[role](content=content) for role, content in prompt.messages]
        try:
            reply = self._chat.invoke(messages)
        except Exception as exc:  # connection, timeout, HTTP status, bad JSON: all unavailable
            raise LLMUnavailable(f"the language model failed ({type(exc).__name__})") from exc
        content = getattr(reply, "content", None)
        if isinstance(content, list):
            content = "".join(
                p.get("text", "") if isinstance(p, dict) else str(p) for p in content
            )
        if not isinstance(content, str) or not content.strip():
            raise LLMUnavailable("the language model returned an empty or unreadable reply")
        return content

    def _check(self, reply: str, passages: Sequence[Passage]) -> tuple[list[_Kept], int]:
        kept: list[_Kept] = []
        removed = 0
        for sentence in split_answer(reply):
            claim = strip_markers(sentence)
            cited = [passages[n - 1].chunk for n in markers(sentence) if 1 <= n <= len(passages)]
            found = self._checker.best_of(claim, cited) if cited and claim else None
            if found is None or found[1].best is None:
                removed += 1
                continue
            kept.append(_Kept(claim, found[1].best))
        return kept, removed


def _compose(kept: Sequence[_Kept]) -> tuple[str, tuple[Citation, ...]]:
    parts: list[str] = []
    citations: list[Citation] = []
    numbers: dict[tuple[str, int], int] = {}
    for k in kept:
        key = (k.quote.chunk.doc.source, k.quote.raw_start)
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(citation_for(numbers[key], [k.quote]))
        parts.extend(with_marker(piece, numbers[key]) for piece in split_answer(k.claim))
    return " ".join(parts), tuple(citations)
