"""Lexical index, fusion, filters and the hybrid retriever over a real Chroma store."""

from __future__ import annotations

from assistant.retrieval.fusion import reciprocal_rank_fusion, suppress_near_duplicates
from assistant.retrieval.retriever import HybridRetriever
from assistant.types import Filters
from tests.fakes import lexical_index, production


def retriever(store, embedder, cache_dir) -> HybridRetriever:
    tuning = production().retrieval.model_copy(update={"top_k": 5})
    return HybridRetriever(store, lexical_index(store, cache_dir), embedder, tuning, None)


def test_lexical_index_finds_the_passage_by_its_words(small_index, tmp_path):
    store, _, _ = small_index
    hits = lexical_index(store, tmp_path / "lex").search("private fostering 28 days", 3)
    assert hits and "private fostering" in hits[0][0].text


def test_lexical_index_matches_the_section_heading(small_index, tmp_path):
    store, _, _ = small_index
    hits = lexical_index(store, tmp_path / "lex").search("choking", 3)
    assert hits[0][0].section == "Choking risks"


def test_lexical_index_is_persisted_and_reloaded_without_the_store(small_index, tmp_path):
    store, _, _ = small_index
    lexical_index(store, tmp_path / "lex").ensure_current()
    calls = []

    class CountingStore:
        def version(self):
            return store.version()

        def all_chunks(self):
            calls.append(1)
            return store.all_chunks()

    again = lexical_index(CountingStore(), tmp_path / "lex")
    assert again.search("fostering", 1)
    assert calls == []


def test_lexical_index_rebuilds_when_the_store_version_changes(small_index, tmp_path):
    store, corpus, ingester = small_index
    lexical = lexical_index(store, tmp_path / "lex")
    assert lexical.search("trampoline", 3) == []
    (corpus / "extra.txt").write_text(
        "Play areas\n\nTrampoline parks need a named safeguarding lead. Staff must know who "
        "it is and how to contact them when a child discloses abuse.\n"
    )
    ingester.ingest([corpus])
    hits = lexical.search("trampoline", 3)
    assert hits and hits[0][0].doc.source == "extra.txt"


def test_lexical_index_applies_date_filters(small_index, tmp_path):
    store, _, _ = small_index
    hits = lexical_index(store, tmp_path / "lex").search(
        "front door phone number", 5, Filters(date_to="2016-12")
    )
    assert {c.doc.date for c, _ in hits} == {"2015-03"}


def test_reciprocal_rank_fusion_rewards_agreement():
    scores = reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=5)
    assert max(scores, key=scores.get) == "b"


def test_suppress_near_duplicates_keeps_the_newer_copy(small_index):
    store, _, _ = small_index
    doors = [c for c in store.all_chunks() if c.section == "Front door"]
    old_first = sorted(doors, key=lambda c: c.doc.date)
    kept = suppress_near_duplicates(old_first, threshold=0.6)
    assert len(kept) == 1 and kept[0][0].doc.date == "2021-06" and kept[0][1] == 0


def test_hybrid_retriever_prefers_the_newer_of_two_near_identical_passages(
    small_index, fake_embedder, tmp_path
):
    store, _, _ = small_index
    passages = retriever(store, fake_embedder, tmp_path / "lex").retrieve("front door number")
    doors = [p for p in passages if p.chunk.section == "Front door"]
    assert doors[0].chunk.doc.date == "2021-06"


def test_hybrid_retriever_filters_by_area(small_index, fake_embedder, tmp_path):
    store, _, _ = small_index
    passages = retriever(store, fake_embedder, tmp_path / "lex").retrieve(
        "front door number", Filters(areas=("leicester",))
    )
    assert passages and {p.chunk.doc.area for p in passages} == {"leicester"}


def test_hybrid_retriever_filters_by_newsletter(small_index, fake_embedder, tmp_path):
    store, _, _ = small_index
    passages = retriever(store, fake_embedder, tmp_path / "lex").retrieve(
        "risk", Filters(sources=("news-2015-03.txt",))
    )
    assert passages and {p.chunk.doc.source for p in passages} == {"news-2015-03.txt"}


def test_hybrid_retriever_ranks_are_consecutive_from_one(small_index, fake_embedder, tmp_path):
    store, _, _ = small_index
    passages = retriever(store, fake_embedder, tmp_path / "lex").retrieve("choking food")
    assert [p.rank for p in passages] == list(range(1, len(passages) + 1))
    assert passages[0].chunk.section == "Choking risks"
