"""The plain refusal: the newsletters do not cover this, and what nearby they do cover."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.dates import month_label
from assistant.protocols import Draft
from assistant.types import Passage

NOT_COVERED = "The newsletters don't cover this."


def nearest_topics(passages: Sequence[Passage], limit: int = 3) -> list[str]:
    """Distinct section titles of the top passages, each with its newsletter and date."""
    topics: dict[str, str] = {}
    for p in passages:
        c = p.chunk
        title = " ".join((c.section or "").split()).strip(" :-") or _opening(c.text)
        if not title or title.lower() in topics:
            continue
        issue = f" issue {c.doc.issue}" if c.doc.issue else ""
        topics[title.lower()] = f"{title} ({c.doc.title}{issue}, {month_label(c.doc.date)})"
        if len(topics) >= limit:
            break
    return list(topics.values())


def refusal(
    passages: Sequence[Passage], backend: str = "extractive", missing: Sequence[str] = ()
) -> Draft:
    """The refusal text; `missing` names question terms that no newsletter uses."""
    topics = nearest_topics(passages)
    lead = NOT_COVERED
    if missing:
        named = ", ".join(f'"{w}"' for w in list(missing)[:3])
        lead = f"{NOT_COVERED} They never mention {named}."
    if topics:
        text = f"{lead} The nearest topics they do cover are: " + "; ".join(topics) + "."
    elif passages:
        text = lead
    else:
        text = f"{lead} No newsletter passage matched the question."
    return Draft(text=text, citations=(), refused=True, backend=backend)


def _opening(text: str, n_words: int = 8) -> str:
    """A passage with no heading is named by its first words."""
    words = text.split()
    return " ".join(words[:n_words]) + ("..." if len(words) > n_words else "")
