"""ChromaStore on a real embedded Chroma in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import BadRequest, IndexUnavailable
from assistant.retrieval.chroma_codec import ManifestEntry
from assistant.retrieval.store import open_store
from assistant.types import Chunk, DocumentMeta, Filters
from tests.fakes import HashingEmbedder

EMB = HashingEmbedder()

DOCS = {
    "a.txt": DocumentMeta("a.txt", "Alpha News", "7", "2014-05", "Board A", "leicester"),
    "b.pdf": DocumentMeta("b.pdf", "Beta", None, "2019-11", "", "rutland"),
    "c.md": DocumentMeta("c.md", "Gamma “quoted”", "12", "2022-03", "P", "llr"),
}
TEXTS = {
    "a.txt": ["Neglect of a child is a safeguarding concern.", "Call the front door team."],
    "b.pdf": ["Female genital mutilation is illegal.", "Prévention — ünïcode text ✓"],
    "c.md": ["Online grooming and exploitation risks.", "County lines and knife crime."],
}


def make_chunks(source: str, doc_hash: str = "h1") -> list[Chunk]:
    doc = DOCS[source]
    out = []
    for i, text in enumerate(TEXTS[source]):
        page = i + 1 if source.endswith(".pdf") else None
        out.append(
            Chunk(
                id=f"{doc_hash}-{i:04d}",
                doc=doc,
                section="" if i == 0 else "Section Two",
                text=text,
                source_text="  " + text,
                start=100 * i,
                end=100 * i + len(text) + 2,
                content_hash=f"c{i}{text[:5]}",
                doc_hash=doc_hash,
                page=page,
                spans=((0, len(text), 100 * i + 2, 100 * i + 2 + len(text)),),
            )
        )
    return out


def put(store, source: str, doc_hash: str = "h1", generation: str = "g1") -> list[Chunk]:
    chunks = make_chunks(source, doc_hash)
    store.add_chunks(chunks, EMB.embed_documents([c.text for c in chunks]), generation)
    entry = ManifestEntry(DOCS[source], doc_hash, generation, len(chunks), kind="text")
    store.activate(entry, "source text of " + source)
    return chunks


@pytest.fixture()
def filled(store):
    for source in DOCS:
        put(store, source, generation=f"g-{source}")
    return store


def test_store_round_trip_is_lossless(store):
    written = put(store, "a.txt") + put(store, "b.pdf") + put(store, "c.md")
    assert sorted(store.all_chunks(), key=lambda c: c.id + c.doc.source) == sorted(
        written, key=lambda c: c.id + c.doc.source
    )


def test_store_query_returns_cosine_similarity_best_first(filled):
    hits = filled.query(EMB.embed_query("female genital mutilation is illegal"), k=3)
    assert hits[0][0].text == "Female genital mutilation is illegal."
    expected = float(
        np.dot(EMB.embed_query("female genital mutilation is illegal"), EMB._one(hits[0][0].text))
    )
    assert hits[0][1] == pytest.approx(expected, abs=1e-4)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_store_query_filters_by_source(filled):
    hits = filled.query(EMB.embed_query("child"), k=10, filters=Filters(sources=("c.md",)))
    assert {c.doc.source for c, _ in hits} == {"c.md"}


def test_store_query_filters_by_inclusive_date_range(filled):
    f = Filters(date_from="2019-11", date_to="2022-02")
    hits = filled.query(EMB.embed_query("child"), k=10, filters=f)
    assert {c.doc.source for c, _ in hits} == {"b.pdf"}


def test_store_query_area_filter_includes_wider_areas(filled):
    hits = filled.query(EMB.embed_query("child"), k=10, filters=Filters(areas=("rutland",)))
    assert {c.doc.source for c, _ in hits} == {"b.pdf", "c.md"}


def test_store_query_rejects_a_malformed_filter_date(filled):
    with pytest.raises(BadRequest, match="YYYY-MM"):
        filled.query(EMB.embed_query("x"), k=3, filters=Filters(date_from="2019"))


def test_store_unactivated_chunks_are_not_served(store):
    chunks = make_chunks("a.txt")
    store.add_chunks(chunks, EMB.embed_documents([c.text for c in chunks]), "pending")
    assert store.query(EMB.embed_query("neglect"), k=5) == []
    assert store.all_chunks() == []
    assert store.count() == 0


def test_store_switch_serves_only_the_new_generation(store):
    put(store, "a.txt", doc_hash="old", generation="g-old")
    put(store, "a.txt", doc_hash="new", generation="g-new")
    assert {c.doc_hash for c in store.all_chunks()} == {"new"}
    assert store.count() == 2


def test_store_query_serves_only_the_new_generation_while_the_old_remains(store):
    put(store, "a.txt", doc_hash="old", generation="g-old")
    store.query(EMB.embed_query("neglect"), k=5)  # the active chunks are now held in memory
    put(store, "a.txt", doc_hash="new", generation="g-new")  # old records still stored
    hits = store.query(EMB.embed_query("neglect of a child"), k=5)
    assert [c.doc_hash for c, _ in hits] == ["new", "new"]
    assert hits[0][0].text == "Neglect of a child is a safeguarding concern."


def test_store_query_is_not_crowded_out_by_an_ingest_under_way(store):
    put(store, "a.txt", generation="g1")
    assert len(store.query(EMB.embed_query("neglect"), k=2)) == 2
    # another ingest writes records that are not active yet, closer to the question
    pending = make_chunks("a.txt", doc_hash="pending")
    store.add_chunks(pending, EMB.embed_documents([c.text for c in pending]), "g-pending")
    hits = store.query(EMB.embed_query("Neglect of a child is a safeguarding concern."), k=2)
    assert [c.doc_hash for c, _ in hits] == ["h1", "h1"]


def test_store_version_changes_on_switch_and_removal(store):
    put(store, "a.txt", generation="g1")
    first = store.version()
    put(store, "a.txt", generation="g2")
    second = store.version()
    store.remove("a.txt")
    assert len({first, second, store.version()}) == 3


def test_store_version_is_stable_without_changes(filled):
    assert filled.version() == filled.version()


def test_store_remove_deletes_document_and_chunks(filled):
    filled.remove("b.pdf")
    assert [d.doc.source for d in filled.documents()] == ["a.txt", "c.md"]
    assert filled.collect_garbage() == 0
    assert all(c.doc.source != "b.pdf" for c in filled.all_chunks())


def test_store_collect_garbage_deletes_orphans_only(filled):
    chunks = make_chunks("a.txt", doc_hash="orphan")
    filled.add_chunks(chunks, EMB.embed_documents([c.text for c in chunks]), "never-active")
    assert filled.collect_garbage() == 2
    assert filled.count() == 6 and len(filled.all_chunks()) == 6


def test_store_documents_sorted_by_date_with_counts(filled):
    records = filled.documents()
    assert [(r.doc.source, r.doc.issue, r.chunks) for r in records] == [
        ("a.txt", "7", 2),
        ("b.pdf", None, 2),
        ("c.md", "12", 2),
    ]


def test_store_source_text_of_unknown_document_is_bad_request(filled):
    assert filled.source_text("a.txt") == "source text of a.txt"
    with pytest.raises(BadRequest):
        filled.source_text("missing.txt")


def test_store_corrupt_data_dir_raises_index_unavailable_naming_the_fix(filled, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(filled.data_dir, copy)
    with open(copy / "chroma" / "chroma.sqlite3", "r+b") as handle:
        handle.write(b"\x13garbage" * 512)
    with pytest.raises(IndexUnavailable) as caught:
        open_store(copy).documents()
    message = str(caught.value)
    assert str(copy / "chroma") in message
    assert "move it away" in message and "assistant ingest corpus --rebuild" in message


def test_store_empty_index_serves_nothing(store):
    assert store.documents() == [] and store.all_chunks() == []
    assert store.version() == "0"
    assert store.query(EMB.embed_query("anything"), k=5) == []


def test_store_rejects_malformed_server_address(tmp_path: Path):
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError):
        open_store(tmp_path, chroma_url="ftp://host:1")
