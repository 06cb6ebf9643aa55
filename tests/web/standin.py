"""A small stand-in for the web tests: the real Assistant facade over tiny fake stages.

Two passages, one of them carrying a <script> tag; risk fires on words like "hurt".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.errors import IndexUnavailable
from assistant.protocols import DocumentRecord, Draft
from assistant.service import Assistant
from assistant.text import TokenCounter
from assistant.types import Chunk, Citation, Contact, DocumentMeta, Passage, Risk, Route, Safety

DOC_A = DocumentMeta(
    "matters-28.txt", "Safeguarding Matters", "28", "2022-03", "LRSCP", "leicestershire"
)
DOC_B = DocumentMeta(
    "leicester-01.txt", "Safeguarding Leicester's Children", "1", "2017-07", "LSCB", "leicester"
)
PREVENT = (
    "The Prevent duty requires schools to have due regard to the need to prevent people "
    "from being drawn into terrorism. Staff should know how to make a referral."
)
SCRIPTED = (
    "Online safety matters. <script>alert('x')</script> Parents should talk to children "
    "about the apps they use and check privacy settings."
)
ROUTES = (
    Route(
        "emergency",
        "Emergency services",
        (Contact("phone", "999", "police, ambulance"),),
        "anyone",
        "national",
        "24 hours",
        ("any",),
        "test",
        date(2026, 1, 1),
        "verified",
        emergency=True,
    ),
    Route(
        "mash",
        "Leicestershire children's social care",
        (Contact("phone", "0116 305 0005"),),
        "children",
        "leicestershire",
        "Mon-Fri 8.30-5",
        ("child",),
        "test",
        date(2026, 1, 1),
        "verified",
    ),
)


def _chunk(cid: str, doc: DocumentMeta, section: str, text: str) -> Chunk:
    return Chunk(cid, doc, section, text, text, 0, len(text), cid, doc.source)


CHUNKS = (
    _chunk("a1", DOC_A, "Prevent", PREVENT),
    _chunk("b1", DOC_B, "Online safety", SCRIPTED),
)


class StandInStore:
    def __init__(self, chunks: Sequence[Chunk] = CHUNKS) -> None:
        self.chunks = list(chunks)
        self.down = False

    def count(self) -> int:
        if self.down:
            raise IndexUnavailable("store down")
        return len(self.chunks)

    def version(self) -> str:
        return str(len(self.chunks))

    def documents(self) -> list[DocumentRecord]:
        seen = {c.doc.source: c.doc for c in self.chunks}
        return [DocumentRecord(d, d.source, 1) for d in seen.values()]


class StandInRetriever:
    def __init__(self, store: StandInStore) -> None:
        self.store = store
        self.seen_filters = []

    def retrieve(self, query, filters=None):
        self.seen_filters.append(filters)
        if self.store.down:
            raise IndexUnavailable("store down")
        words = set(re.findall(r"[a-z]+", query.lower()))
        scored = [
            (len(words & set(re.findall(r"[a-z]+", c.text.lower()))), c) for c in self.store.chunks
        ]
        scored = [s for s in scored if s[0] > 1]
        scored.sort(key=lambda s: -s[0])
        return [Passage(c, i + 1, float(s)) for i, (s, c) in enumerate(scored)]


class StandInAnswerer:
    def answer(self, question, passages):
        if not passages:
            return Draft("The newsletters do not answer this question.", (), True)
        c = passages[0].chunk
        quote = c.text.split(". ")[0] + "."
        start = c.text.index(quote)
        cite = Citation(1, c.doc, c.section, quote, start, start + len(quote), c.text)
        return Draft(f"{quote} [1]", (cite,), False)


class StandInScreen:
    WORDS = ("hurt", "suicide", "abuse", "kill")

    def screen(self, message, history=(), now=None):
        hit = any(w in message.lower() for w in self.WORDS)
        if not hit:
            return Safety()
        return Safety(Risk("immediate", ("harm",)), tuple(ROUTES), None, len(ROUTES))


def stand_in_assistant(store: StandInStore) -> Assistant:
    return Assistant(
        retriever=StandInRetriever(store),
        answerer=StandInAnswerer(),
        screen=StandInScreen(),
        count_tokens=TokenCounter(),
        tuning=_tuning(),
    )


def _tuning():
    from assistant.settings import AnswerTuning

    return AnswerTuning(max_question_tokens=64)
