"""Notes on the dates of what an answer quotes (each citation already shows its issue date):
- a statement dated when it was printed ("will conclude by the end of May 2021", "currently",
  "this year"): said with the month it was written;
- a newer issue that covers the same subject differently: named, so the reader checks it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.dates import month_index, month_label
from assistant.terms import content_set, jaccard
from assistant.types import Citation, Passage

_TIMED = re.compile(
    r"\b(will|shall|is due|are due|is planned|are planned|is going to|are going to|plans? to|"
    r"from (january|february|march|april|may|june|july|august|september|october|november|"
    r"december)|by the end of|until|next (year|month|week|term)|this (year|month|spring|"
    r"summer|autumn|winter|term)|currently|at present|at the moment|recently|new(ly)? "
    r"(launched|introduced|appointed)|coming soon|in the coming)\b",
    re.IGNORECASE,
)
_QUOTE_WORDS = 12  # words of the dated statement shown in the note


def dated_statements(citations: Sequence[Citation]) -> list[str]:
    """One note per cited quote that speaks of its own time."""
    notes = []
    for c in citations:
        m = _TIMED.search(c.quote)
        if m is None:
            continue
        words = " ".join(c.quote.split())
        snippet = " ".join(words.split()[:_QUOTE_WORDS]) + ("..." if len(words.split()) >
                                                             _QUOTE_WORDS else "")
        notes.append(
            f"[{c.n}] was written in {month_label(c.doc.date, short=False)} and speaks of its "
            f'own time ("{snippet}"): check whether it still applies.'
        )
    return notes


def newer_coverage(
    citations: Sequence[Citation], passages: Sequence[Passage], same_subject: float
) -> list[str]:
    """A note for each cited passage when a retrieved passage of a newer issue covers the same
    subject (headings alike, or texts alike) in different words."""
    notes: dict[str, str] = {}
    for c in citations:
        cited = content_set(f"{c.section} {c.passage}")
        for p in passages:
            newer = p.chunk.doc
            if month_index(newer.date) <= month_index(c.doc.date):
                continue
            other = content_set(f"{p.chunk.section} {p.chunk.text}")
            headings = jaccard(content_set(c.section), content_set(p.chunk.section))
            if max(headings, jaccard(cited, other)) < same_subject:
                continue
            issue = f"issue {newer.issue}, " if newer.issue else ""
            key = f"{newer.source}:{p.chunk.section}"
            notes.setdefault(key, (
                f"[{c.n}] is from {month_label(c.doc.date, short=False)}; a newer newsletter "
                f"({newer.title}, {issue}{month_label(newer.date, short=False)}) also covers "
                f'"{p.chunk.section or "this subject"}": check it for newer guidance.'
            ))
    return list(notes.values())
