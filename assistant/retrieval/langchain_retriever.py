"""The hybrid retriever as a LangChain BaseRetriever, for use in LangChain chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.protocols import Retriever
from assistant.types import Filters, Passage


def passage_document(p: Passage) -> Document:
    """A LangChain Document for one passage, with everything a citation needs as metadata."""
    c = p.chunk
    return Document(
        page_content=c.text,
        id=c.id,
        metadata={
            "chunk_id": c.id,
            "rank": p.rank,
            "score": float(p.score),
            "source": c.doc.source,
            "title": c.doc.title,
            "issue": c.doc.issue,
            "date": c.doc.date,
            "area": c.doc.area,
            "publisher": c.doc.publisher,
            "section": c.section,
            "start": c.start,
            "end": c.end,
            "page": c.page,
            "ocr": c.ocr,
        },
    )


class NewsletterRetriever(BaseRetriever):
    """`retriever` is any assistant Retriever (normally HybridRetriever); `filters` apply to
    every query."""

    retriever: Any
    filters: Filters | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        inner: Retriever = self.retriever
        return [passage_document(p) for p in inner.retrieve(query, self.filters)]
