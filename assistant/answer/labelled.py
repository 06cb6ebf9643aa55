"""The labelled questions the answerer learns from, and near-misses made from them.

Rows come from evals/datasets/*.jsonl and evals/datasets/labelled/*.jsonl (the format is in
evals/README.md); evals/datasets/firsttime/ is never read here. A near-miss is an answerable
question with one slot swapped so that the newsletters no longer answer it: its area (when
its evidence names only the asked area) or its audience (when its evidence is only about
children or only about adults).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from assistant.answer.evidence import audience_status
from assistant.answer.extractive import Candidates
from assistant.areas import AREA_NAMES, LOCAL_AREAS, areas_named
from assistant.questions import frame
from assistant.terms import fold
from assistant.types import Passage

_WORDS = {
    "leicester": re.compile(r"\b(leicester city|the city|city)\b", re.I),
    "leicestershire": re.compile(r"\b(leicestershire|the county|county)\b", re.I),
    "rutland": re.compile(r"\brutland\b", re.I),
}
_CHILDREN = re.compile(r"\b(children|child|kids?|young people)\b", re.I)
_ADULTS = re.compile(r"\b(adults?|older people)\b", re.I)


@dataclass(frozen=True)
class LabelledCase:
    id: str
    question: str
    source: str | None = None
    key_facts: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    history: tuple[str, ...] = ()  # earlier user turns
    unanswerable: bool = False
    synthetic: bool = False


def read_cases(datasets: Path) -> tuple[list[LabelledCase], str]:
    """Every labelled question (risk rows and doubtful rows skipped) and the SHA-256 of the
    files read."""
    paths = sorted(datasets.glob("*.jsonl")) + sorted((datasets / "labelled").glob("*.jsonl"))
    digest = hashlib.sha256()
    cases: list[LabelledCase] = []
    for path in paths:
        digest.update(path.read_bytes())
        for line in path.read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("//"):
                continue
            row = json.loads(line)
            if "question" not in row or row.get("doubtful"):
                continue
            cases.append(_case(row))
    return cases, digest.hexdigest()


def _case(row: dict) -> LabelledCase:
    history = tuple(
        (h if isinstance(h, str) else h.get("content", ""))
        for h in row.get("history", [])
        if isinstance(h, str) or h.get("role") == "user"
    )
    evidence = row.get("evidence") or [s.get("evidence", "") for s in row.get("sources", [])]
    return LabelledCase(
        id=row["id"],
        question=row["question"],
        source=row.get("source"),
        key_facts=tuple(row.get("key_facts") or ()),
        evidence=tuple(evidence),
        history=history,
        unanswerable=bool(row.get("unanswerable")),
    )


def swapped_cases(cases: list[LabelledCase]) -> list[LabelledCase]:
    """Near-misses: answerable questions with their area or audience swapped where the
    evidence shows the swapped version is not answered there."""
    out = []
    for case in cases:
        if case.unanswerable or case.history or not case.evidence:
            continue
        for text in (_area_swap(case), _audience_swap(case)):
            if text and text != case.question:
                out.append(replace(case, id=f"{case.id}~swap", question=text, key_facts=(),
                                   unanswerable=True, synthetic=True, source=None))
    return out


def _area_swap(case: LabelledCase) -> str | None:
    fr = frame(case.question)
    if len(fr.areas) != 1:
        return None
    named = set(areas_named(" ".join(fold(" ".join(case.evidence)).split())))
    if named != {fr.areas[0]}:
        return None  # the evidence must name the asked area and no other
    other = next(a for a in LOCAL_AREAS if a != fr.areas[0] and a not in named)
    pattern = _WORDS[fr.areas[0]]
    return pattern.sub(AREA_NAMES[other], case.question) if pattern.search(case.question) else None


def _audience_swap(case: LabelledCase) -> str | None:
    fr = frame(case.question)
    if fr.audience is None:
        return None
    ok, _ = audience_status(replace(fr, audience="adults" if fr.audience == "children"
                                    else "children"), " ".join(case.evidence))
    if ok:
        return None  # the evidence covers the other audience too
    if fr.audience == "children":
        return _CHILDREN.sub("adults", case.question)
    return _ADULTS.sub("children", case.question)


@dataclass
class Prepared:
    """A labelled question read against the index: its candidates and, per unit, the share of
    its key facts the unit states."""

    case: LabelledCase
    cands: Candidates
    passages: list[Passage]
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0))
