"""The value types passed between stages. All frozen; `to_dict` gives the documented JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# (clean_start, clean_end, raw_start, raw_end): one sentence of a chunk. clean_* index into
# Chunk.text; raw_* are absolute character offsets into the source text of the file, so
# source_text[raw_start:raw_end] is the verbatim quote for that sentence.
SentenceSpan = tuple[int, int, int, int]


@dataclass(frozen=True)
class DocumentMeta:
    """What a citation shows about a newsletter."""

    source: str  # file name in corpus/ (or the ingested path's name)
    title: str
    issue: str | None  # "28", or None when no issue number is printed
    date: str  # "YYYY-MM"
    publisher: str = ""
    area: str = ""


@dataclass(frozen=True)
class Chunk:
    """One indexed passage. `text` is cleaned; `source_text` is the file's text at start:end."""

    id: str
    doc: DocumentMeta
    section: str
    text: str
    source_text: str
    start: int
    end: int
    content_hash: str  # hash of `text`
    doc_hash: str  # hash of the whole source file's bytes
    page: int | None = None  # PDF page (1-based) where the chunk starts
    spans: tuple[SentenceSpan, ...] = ()
    ocr: bool = False  # the text was read by OCR from a scanned page (may hold misreadings)
    garbled: tuple[int, ...] = ()  # indices into `spans` of sentences that are not words


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its rank (1-based) and fused score."""

    chunk: Chunk
    rank: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "rank": self.rank,
            "source": c.doc.source,
            "section": c.section,
            "date": c.doc.date,
            "text": c.text,
            "score": round(float(self.score), 6),
        }


@dataclass(frozen=True)
class Citation:
    """One numbered citation: `quote` is verbatim source text at start:end of `source`."""

    n: int
    doc: DocumentMeta
    section: str
    quote: str
    start: int
    end: int
    passage: str  # the cleaned passage the quote was taken from
    page: int | None = None
    ocr: bool = False  # quoted from OCR text of a scanned page
    reading: str = ""  # the quote cleaned for reading (markup dropped); "" means the quote

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "source": self.doc.source,
            "title": self.doc.title,
            "issue": self.doc.issue,
            "date": self.doc.date,
            "section": self.section,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "passage": self.passage,
            "page": self.page,
            "ocr": self.ocr,
            "reading": self.reading or self.quote,
        }


@dataclass(frozen=True)
class Contact:
    kind: str  # "phone" | "text" | "email" | "web"
    value: str  # as dialled or typed: "999", "0116 305 0005", "SHOUT to 85258"
    label: str = ""  # "press 55 if you cannot speak", "option 1 then option 2"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "label": self.label}


@dataclass(frozen=True)
class Route:
    """One reviewed emergency or help route, from the routes table (never generated)."""

    id: str
    name: str
    contacts: tuple[Contact, ...]
    audience: str  # e.g. "anyone", "children", "adults", "professionals"
    area: str  # "national", "leicester", "leicestershire", "rutland", "llr"
    hours: str
    categories: tuple[str, ...]
    source: str
    reviewed: date
    status: str  # "verified" | "verify"
    out_of_hours: bool = False  # an out-of-hours line, put first outside office hours
    emergency: bool = False  # 999 and the like

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "contacts": [c.to_dict() for c in self.contacts],
            "area": self.area,
            "audience": self.audience,
            "hours": self.hours,
            "source": self.source,
            "reviewed": self.reviewed.isoformat(),
            "status": self.status,
        }


LEVELS = ("none", "topic", "concern", "immediate")  # in rising order of urgency


@dataclass(frozen=True)
class Risk:
    """What risk detection found in a message (and its recent turns).

    `level`: "immediate" (999 first, full panel), "concern" (a live case: routes, the most
    relevant first), "topic" (a risk subject with no live case: a one-line support strip),
    "none". Routes are shown exactly for immediate and concern.
    """

    level: str = "none"
    categories: tuple[str, ...] = ()
    area: str | None = None  # "leicester" | "leicestershire" | "rutland" when the text names one
    detectors: tuple[str, ...] = ()  # which detectors fired: "lexicon", "classifier"
    carried: bool = False  # the level comes from an earlier turn this message follows on from

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"risk level must be one of {LEVELS}, got {self.level!r}")

    @property
    def detected(self) -> bool:
        """Someone may be at risk: routes must show."""
        return self.level in ("immediate", "concern")

    @property
    def immediate(self) -> bool:
        return self.level == "immediate"

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "detected": self.detected,
            "categories": list(self.categories),
            "immediate": self.immediate,
            "area": self.area,
            "detectors": list(self.detectors),
            "carried": self.carried,
        }


@dataclass(frozen=True)
class Support:
    """The one-line strip of the topic tier (and after a risky turn the chat has moved on
    from): text built in code from the reviewed routes table, never generated."""

    text: str
    routes: tuple[Route, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "routes": [r.to_dict() for r in self.routes]}


@dataclass(frozen=True)
class Safety:
    """Risk, the routes to show (ordered, non-empty exactly when someone may be at risk) and
    the support strip. `visible` routes are shown first; the rest are one click away."""

    risk: Risk = field(default_factory=Risk)
    routes: tuple[Route, ...] = ()
    support: Support | None = None
    visible: int = 0


@dataclass(frozen=True)
class Filters:
    """Optional metadata filters on retrieval. Dates are "YYYY-MM" and inclusive."""

    sources: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    areas: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.sources or self.date_from or self.date_to or self.areas)


@dataclass(frozen=True)
class Turn:
    role: str  # "user" | "assistant"
    content: str


@dataclass(frozen=True)
class Answer:
    """A complete answer, in the shape of `assistant ask --json`."""

    question: str
    answer: str  # markdown with [n] markers
    refused: bool
    citations: tuple[Citation, ...] = ()
    retrieved: tuple[Passage, ...] = ()
    risk: Risk = field(default_factory=Risk)
    routes: tuple[Route, ...] = ()
    support: Support | None = None
    routes_visible: int = 0  # routes shown first; the rest one click away (all when 0)
    warnings: tuple[str, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    id: str | None = None
    backend: str = "extractive"  # "extractive" | "llm" | "extractive-fallback"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": [p.to_dict() for p in self.retrieved[:10]],
            "risk": self.risk.to_dict(),
            "routes": [r.to_dict() for r in self.routes],
            "routes_visible": self.routes_visible or len(self.routes),
            "support": self.support.to_dict() if self.support else None,
            "warnings": list(self.warnings),
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "backend": self.backend,
        }
