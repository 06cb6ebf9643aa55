"""The Ingester over a copy of the corpus, with the hashing embedder and a real temp Chroma."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.ingest.metadata import MetadataTable
from assistant.ingest.parse import parse_file
from tests.index.conftest import NEWSLETTERS, make_ingester

ISSUE_28 = "safeguarding-matters-issue-28-2022-03.txt"
SPRING_2013 = "safeguarding-matters-2013-spring.txt"


def test_ingester_first_run_ingests_the_five_newsletters(ingester, corpus_copy):
    report = ingester.ingest([corpus_copy])
    assert (report.seen, report.ingested, report.unchanged, report.failed) == (5, 5, 0, [])
    assert report.chunks == report.total_chunks == ingester.store.count() > 0
    assert sorted(d.doc.source for d in ingester.store.documents()) == NEWSLETTERS


def test_ingester_second_run_embeds_nothing(ingester, corpus_copy, fake_embedder):
    ingester.ingest([corpus_copy])
    calls = fake_embedder.calls
    report = ingester.ingest([corpus_copy])
    assert (report.ingested, report.unchanged, report.embedded) == (0, 5, 0)
    assert fake_embedder.calls == calls


def test_ingester_changed_file_is_replaced(ingester, corpus_copy):
    ingester.ingest([corpus_copy])
    path = corpus_copy / SPRING_2013
    path.write_text(path.read_text() + "\n\nA brand new closing paragraph about xylophones.\n")
    report = ingester.ingest([corpus_copy])
    assert (report.ingested_files, report.unchanged) == ([SPRING_2013], 4)
    chunks = [c for c in ingester.store.all_chunks() if c.doc.source == SPRING_2013]
    assert any("xylophones" in c.text for c in chunks)
    assert len({c.doc_hash for c in chunks}) == 1
    assert ingester.store.collect_garbage() == 0


def test_ingester_changed_file_reuses_vectors_of_unchanged_passages(ingester, corpus_copy):
    ingester.ingest([corpus_copy])
    path = corpus_copy / ISSUE_28
    path.write_text(path.read_text() + "\n\nA brand new closing paragraph about xylophones.\n")
    report = ingester.ingest([corpus_copy])
    assert report.ingested == 1
    assert 0 < report.embedded < report.chunks


def test_ingester_removed_file_is_deleted_when_its_folder_is_ingested(ingester, corpus_copy):
    ingester.ingest([corpus_copy])
    (corpus_copy / SPRING_2013).unlink()
    report = ingester.ingest([corpus_copy])
    assert report.removed_files == [SPRING_2013]
    assert SPRING_2013 not in {d.doc.source for d in ingester.store.documents()}
    assert all(c.doc.source != SPRING_2013 for c in ingester.store.all_chunks())


def test_ingester_single_file_run_removes_nothing(ingester, corpus_copy):
    ingester.ingest([corpus_copy])
    (corpus_copy / SPRING_2013).unlink()
    report = ingester.ingest([corpus_copy / ISSUE_28])
    assert (report.removed, report.unchanged) == (0, 1)
    assert len(ingester.store.documents()) == 5


def test_ingester_metadata_edit_is_reapplied_without_embedding(ingester, corpus_copy):
    ingester.ingest([corpus_copy])
    meta = corpus_copy / "metadata.toml"
    meta.write_text(meta.read_text().replace('issue = "28"', 'issue = "28b"'))
    report = ingester.ingest([corpus_copy])
    assert (report.ingested_files, report.embedded) == ([ISSUE_28], 0)
    record = next(d for d in ingester.store.documents() if d.doc.source == ISSUE_28)
    assert record.doc.issue == "28b"
    assert {c.doc.issue for c in ingester.store.all_chunks() if c.doc.source == ISSUE_28} == {"28b"}


def test_ingester_bad_inputs_are_reported_per_file_and_the_rest_ingested(ingester, corpus_copy):
    (corpus_copy / "notes.xlsx").write_bytes(b"PK\x03\x04 not really")
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    report = ingester.ingest([corpus_copy, corpus_copy / "missing.md"])
    reasons = {Path(f).name: r for f, r in report.failed}
    assert set(reasons) == {"notes.xlsx", "empty.txt", "broken.pdf", "missing.md"}
    assert "unsupported extension" in reasons["notes.xlsx"]
    assert "does not exist" in reasons["missing.md"]
    assert report.ingested == 5 and report.seen == 9


def test_ingester_skips_readme_metadata_and_hidden_files(ingester, corpus_copy):
    (corpus_copy / "README.md").write_text("# About this folder\n\nNot a newsletter.\n")
    (corpus_copy / ".DS_Store").write_bytes(b"\0\0")
    report = ingester.ingest([corpus_copy])
    assert (report.seen, report.failed) == (5, [])


def test_ingester_duplicate_file_name_from_another_folder_fails(ingester, corpus_copy, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(corpus_copy / SPRING_2013, other / SPRING_2013)
    report = ingester.ingest([corpus_copy, other])
    assert [Path(f).parent.name for f, _ in report.failed] == ["other"]


def test_ingester_chunk_offsets_index_the_source_text(ingester, corpus_copy):
    ingester.ingest([corpus_copy / ISSUE_28])
    text = ingester.source_text(ISSUE_28)
    assert text == (corpus_copy / ISSUE_28).read_bytes().decode("utf-8")
    for chunk in ingester.store.all_chunks():
        assert text[chunk.start : chunk.end] == chunk.source_text


def test_ingester_stored_chunks_equal_the_parsed_chunks(ingester, corpus_copy, tokens):
    ingester.ingest([corpus_copy / ISSUE_28])
    parsed = parse_file(
        corpus_copy / ISSUE_28,
        tokens=tokens,
        metadata=MetadataTable.load(corpus_copy / "metadata.toml"),
        chunk_tokens=160,
        overlap_tokens=32,
        max_file_bytes=8 << 20,
    )
    assert sorted(ingester.store.all_chunks(), key=lambda c: c.id) == parsed.chunks


def test_ingester_html_source_text_is_saved_beside_the_index(ingester, tmp_path):
    folder = tmp_path / "html"
    folder.mkdir()
    html = "<html><body><h1>Bulletin</h1><p>Report concerns to the front door.</p></body></html>"
    (folder / "bulletin.html").write_text(html)
    report = ingester.ingest([folder])
    assert report.ingested == 1, report.failed
    saved = ingester.store.data_dir / "sources" / "bulletin.html.txt"
    assert saved.read_text() == ingester.source_text("bulletin.html")
    assert "front door" in saved.read_text()


def test_ingester_rebuild_reembeds_everything_and_drops_others(ingester, corpus_copy):
    ingester.ingest([corpus_copy])
    before = ingester.store.version()
    report = ingester.ingest([corpus_copy / ISSUE_28], rebuild=True)
    assert (report.ingested, report.embedded, report.removed) == (1, report.chunks, 4)
    assert [d.doc.source for d in ingester.store.documents()] == [ISSUE_28]
    assert ingester.store.version() != before


def test_ingester_progress_ends_at_total(ingester, corpus_copy):
    calls: list[tuple[int, int]] = []
    ingester.ingest([corpus_copy], progress=lambda done, total: calls.append((done, total)))
    total = sum(p.stat().st_size for p in corpus_copy.iterdir() if p.name in NEWSLETTERS)
    assert calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


class FailingEmbedder:
    """Fails on the n-th call, like a crash part-way through embedding."""

    def __init__(self, inner, fail_on: int) -> None:
        self.inner, self.fail_on, self.calls = inner, fail_on, 0
        self.dimension = inner.dimension

    def embed_documents(self, texts):
        self.calls += 1
        if self.calls == self.fail_on:
            raise RuntimeError("embedding crashed")
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


def test_ingester_failure_mid_run_leaves_previous_index_serving(
    fake_embedder, store, tokens, corpus_copy
):
    make_ingester(fake_embedder, store, tokens, corpus_copy).ingest([corpus_copy])
    before = (store.version(), store.count(), store.all_chunks())
    for name in NEWSLETTERS:
        path = corpus_copy / name
        path.write_text(path.read_text() + "\n\nEvery file changed: zebra crossing.\n")
    crashing = FailingEmbedder(fake_embedder, fail_on=1)
    with pytest.raises(RuntimeError):
        make_ingester(crashing, store, tokens, corpus_copy, embed_batch=16).ingest([corpus_copy])
    assert (store.version(), store.count(), store.all_chunks()) == before
    report = make_ingester(fake_embedder, store, tokens, corpus_copy).ingest([corpus_copy])
    assert report.ingested == 5
    assert all("zebra" in store.source_text(n) for n in NEWSLETTERS)
    assert store.collect_garbage() == 0


def test_ingester_refuses_a_second_concurrent_ingest(ingester, corpus_copy):
    import fcntl

    ingester.store.data_dir.mkdir(parents=True, exist_ok=True)
    with open(ingester.store.data_dir / "ingest.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(IngestError, match="another ingest"):
            ingester.ingest([corpus_copy])


def test_ingester_unchanged_files_are_not_parsed_again(ingester, corpus_copy):
    ingester.ingest([corpus_copy])
    parsed: list[str] = []
    real_parse = ingester.parse
    ingester.parse = lambda target: parsed.append(target.path.name) or real_parse(target)
    report = ingester.ingest([corpus_copy])
    assert (report.unchanged, parsed) == (5, [])


def test_ingester_touched_file_with_same_bytes_stays_unchanged(ingester, corpus_copy):
    import os

    ingester.ingest([corpus_copy])
    os.utime(corpus_copy / ISSUE_28, (0, 0))  # a different month: the quick check cannot tell
    report = ingester.ingest([corpus_copy])
    assert (report.unchanged, report.ingested, report.embedded) == (5, 0, 0)
