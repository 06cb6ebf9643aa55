"""The composition root: the one place that reads Settings and builds every stage.

No module-level clients or models anywhere else; stages get what they need through their
constructors. Each `build_*` function below belongs to one area of the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.settings import Settings
from assistant.text import TokenCounter

if TYPE_CHECKING:
    from assistant.service import Assistant


def build_embedder(settings: Settings):
    from assistant.embedding import SentenceEmbedder

    return SentenceEmbedder(
        model_dir=settings.model.embedding_dir,
        device=settings.model.device,
        batch_size=settings.index.embed_batch_size,
        threads=settings.model.threads,
        bulk_threads=settings.model.bulk_threads,
    )


def build_store(settings: Settings):
    from assistant.retrieval.store import open_store

    return open_store(
        data_dir=settings.paths.data_dir,
        chroma_url=settings.index.chroma_url,
        collection=settings.index.collection,
    )


def build_ingester(settings: Settings, embedder=None, store=None, tokens=None):
    from assistant.ingest.pipeline import Ingester

    return Ingester(
        embedder=embedder or build_embedder(settings),
        store=store or build_store(settings),
        tokens=tokens or TokenCounter(),
        metadata_file=settings.paths.corpus_dir / "metadata.toml",
        chunk_tokens=settings.index.chunk_tokens,
        overlap_tokens=settings.index.chunk_overlap_tokens,
        max_file_bytes=int(settings.index.max_file_mb * 1024 * 1024),
        ocr=build_ocr(settings),
        span_vectors=settings.index.span_vectors,
    )


def build_ocr(settings: Settings):
    """The OCR reader for scanned PDF pages (it says why when Tesseract is missing or off)."""
    from assistant.ingest.ocr import PageOcr

    ocr = settings.ocr
    return PageOcr(
        enabled=ocr.enabled,
        language=ocr.language,
        dpi=ocr.dpi,
        min_confidence=ocr.min_confidence,
        page_timeout_s=ocr.page_timeout_s,
    )


def build_retriever(settings: Settings, embedder, store):
    from assistant.retrieval.lexical import LexicalIndex
    from assistant.retrieval.rerank import Reranker
    from assistant.retrieval.retriever import HybridRetriever
    from assistant.retrieval.span_vectors import SpanVectorLoader

    t = settings.retrieval
    lexical = LexicalIndex(store, settings.paths.data_dir / "lexical", t.bm25_k1, t.bm25_b)
    loader = None
    if hasattr(embedder, "remember"):  # sentence vectors read from the index, not embedded
        loader = SpanVectorLoader(store, embedder, limit=settings.index.memo_texts)
    return HybridRetriever(
        store=store,
        lexical=lexical,
        embedder=embedder,
        tuning=t,
        reranker=Reranker(embedder, t) if t.rerank_depth else None,
        span_vectors=loader,
    )


def build_answerers(settings: Settings, embedder, tokens: TokenCounter, chunk_source=None):
    """The extractive answerer and, when configured, the LLM one. `chunk_source` (the lexical
    index) lets the extractive answerer spot question terms that no newsletter uses."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.answer.model import ModelSource
    from assistant.answer.vocabulary import CorpusTerms

    extractive = ExtractiveAnswerer(
        embedder=embedder,
        model=ModelSource(settings.answer.model_file),
        tuning=settings.answer,
        terms=(
            CorpusTerms(chunk_source, settings.answer.common_words)
            if chunk_source is not None
            else None
        ),
    )
    llm = None
    if settings.llm_enabled:
        from assistant.answer.llm import LLMAnswerer, build_chat_model

        llm = LLMAnswerer(
            chat_model=build_chat_model(settings.llm),
            tokens=tokens,
            embedder=embedder,
            settings=settings.llm,
        )
    return extractive, llm


def build_safety(settings: Settings, embedder=None, is_follow_up=None):
    """The risk screen: the lexicon, the learned classifier (over `embedder`'s vectors, shared
    with retrieval) and the route selector, all with the one SafetyTuning."""
    from assistant.safety.classifier import RiskClassifier
    from assistant.safety.detector import LexiconDetector
    from assistant.safety.routes import RouteSelector, load_routes
    from assistant.safety.screen import RiskScreen

    tuning = settings.safety.tuning
    selector = RouteSelector(
        routes=load_routes(settings.safety.routes_file),
        tuning=tuning,
        default_area=settings.safety.default_area,
        timezone=settings.safety.timezone,
    )
    if is_follow_up is None:
        from assistant.retrieval.followup import FollowUpRewriter

        is_follow_up = FollowUpRewriter(settings.retrieval.follow_up).is_follow_up
    return RiskScreen(
        lexicon=LexiconDetector(tuning),
        classifier=(
            RiskClassifier(embedder, tuning, settings.safety.classifier_file)
            if embedder is not None
            else None
        ),
        selector=selector,
        is_follow_up=is_follow_up,
        tuning=tuning,
    )


def build_assistant(
    settings: Settings, embedder=None, store=None, warm_up: bool = False
) -> Assistant:
    """`warm_up` loads the risk lexicon and word list now (about 0.4 s), for entry points
    that answer a user next, so the first message is not the slow one."""
    from assistant.answer.vectors import MemoEmbedder
    from assistant.retrieval.followup import FollowUpRewriter
    from assistant.service import Assistant

    tokens = TokenCounter()
    # retrieval and answering share remembered vectors (the question, passage sentences)
    embedder = embedder or build_embedder(settings)
    if not isinstance(embedder, MemoEmbedder):
        embedder = MemoEmbedder(embedder, settings.index.memo_texts, settings.index.memo_queries)
    store = store or build_store(settings)
    retriever = build_retriever(settings, embedder, store)
    extractive, llm = build_answerers(settings, embedder, tokens, retriever.lexical)
    follow_up = FollowUpRewriter(settings.retrieval.follow_up)
    screen = build_safety(settings, embedder, follow_up.is_follow_up)
    if warm_up:
        screen.warm_up()
    return Assistant(
        retriever=retriever,
        answerer=extractive,
        llm_answerer=llm,
        screen=screen,
        count_tokens=tokens,
        follow_up=follow_up,
        tuning=settings.answer,
    )
