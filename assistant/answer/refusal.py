"""The refusal: the newsletters do not answer this, what exactly is missing, and what nearby
they do cover ("They describe this service for Leicestershire; they give nothing for
Rutland.")."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.evidence import (
    area_status,
    audience_status,
    flags,
    holds,
    missing_slots,
    slot_text,
)
from assistant.areas import AREA_NAMES, areas_named
from assistant.dates import month_label
from assistant.protocols import Draft
from assistant.questions import Frame
from assistant.terms import fold
from assistant.types import Passage

NOT_COVERED = "The newsletters don't answer this."
# What the nearest passages lack, as the end of "They mention <section> but ..."
KIND_NAMES = {
    "contact": "give no contact details", "number": "give no figure", "date": "give no date",
    "timescale": "give no timescale", "person": "name nobody", "role": "do not say who does it",
    "organisation": "do not say which organisation", "place": "give no place",
    "list": "give no list", "steps": "do not set out the steps",
    "definition": "give no definition",
}


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
    passages: Sequence[Passage],
    fr: Frame | None = None,
    ranked: Sequence = (),
    unknown: Sequence[str] = (),
    backend: str = "extractive",
) -> Draft:
    """The refusal text: what is missing (from the question's slots), then the nearest topics
    the newsletters do cover."""
    reason = missing_reason(fr, [s.unit for s in ranked[:5]], unknown) if fr else ""
    topics = nearest_topics(passages)
    lead = f"{NOT_COVERED} {reason}".strip()
    if topics:
        text = f"{lead} The nearest topics they do cover are: " + "; ".join(topics) + "."
    elif passages:
        text = lead
    else:
        text = f"{lead} No newsletter passage matched the question."
    return Draft(text=text, citations=(), refused=True, backend=backend)


def missing_reason(fr: Frame, units: Sequence, unknown: Sequence[str]) -> str:
    """One sentence naming what the newsletters do not give, from the first slot that the
    best passages fail."""
    if unknown:
        named = ", ".join(f'"{w}"' for w in list(unknown)[:3])
        return f"They never mention {named}."
    if not units:
        return ""
    chunks = [u.sentences[0].chunk for u in units]
    texts = [f"{c.section} {c.text}" for c in chunks]
    return (
        _area_reason(fr, texts, chunks[0].doc.area)
        or _audience_reason(fr, texts)
        or _slot_reason(fr, [slot_text(c) for c in chunks])
        or _kind_reason(fr, units)
    )


def _area_reason(fr: Frame, texts: Sequence[str], doc_area: str) -> str:
    if not fr.areas or any(area_status(fr, t, doc_area)[0] for t in texts):
        return ""
    given = list(dict.fromkeys(a for t in texts for a in areas_named(" ".join(fold(t).split()))))
    asked = " or ".join(AREA_NAMES[a] for a in fr.areas)
    if given:
        there = " and ".join(AREA_NAMES[a] for a in given[:2])
        return f"They describe this for {there}; they give nothing for {asked}."
    return f"They give nothing on this for {asked}."


def _audience_reason(fr: Frame, texts: Sequence[str]) -> str:
    if fr.audience is None:
        return ""
    statuses = [audience_status(fr, t) for t in texts]
    if any(ok for ok, _ in statuses) or not any(conflict for _, conflict in statuses):
        return ""
    other = "adults" if fr.audience == "children" else "children"
    return f"They cover this for {other}; they give nothing for {fr.audience}."


def _slot_reason(fr: Frame, texts: Sequence[str]) -> str:
    missing = [set(missing_slots(fr, t)) for t in texts]
    always = set.intersection(*missing) if missing else set()
    if not always:
        return ""
    named = ", ".join(f'"{m}"' for m in sorted(always)[:3])
    return f"The passages on this subject never mention {named}."


def _kind_reason(fr: Frame, units: Sequence) -> str:
    if fr.kind not in KIND_NAMES:
        return ""
    if any(holds(fr.kind, flags(u.text), u.kind == "list") for u in units):
        return ""
    section = units[0].sentences[0].chunk.section or "this subject"
    return f"They mention {section.strip()} but {KIND_NAMES[fr.kind]}."


def _opening(text: str, n_words: int = 8) -> str:
    """A passage with no heading is named by its first words."""
    words = text.split()
    return " ".join(words[:n_words]) + ("..." if len(words) > n_words else "")
