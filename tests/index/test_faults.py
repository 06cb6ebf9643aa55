"""Faults: an ingest process killed part-way, and a corrupt data folder."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from assistant.retrieval.store import open_store
from tests.index.conftest import NEWSLETTERS, make_ingester

pytestmark = pytest.mark.slow  # real child processes, killed part-way

ROOT = Path(__file__).resolve().parents[2]

# The child ingests with a slow embedder and says when each batch of 16 passages is done.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from assistant.retrieval.store import open_store
    from assistant.text import TokenCounter
    from tests.fakes import HashingEmbedder
    from tests.index.conftest import make_ingester

    class SlowEmbedder(HashingEmbedder):
        def embed_documents(self, texts):
            vectors = super().embed_documents(texts)
            print(f"batch {self.calls}", flush=True)
            time.sleep(0.3)
            return vectors

    data, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    store = open_store(data)
    make_ingester(SlowEmbedder(), store, TokenCounter(), corpus, embed_batch=16).ingest([corpus])
    print("done", flush=True)
    """
)


def run_and_kill(data: Path, corpus: Path, after_batch: int) -> None:
    """Starts the child ingest and SIGKILLs it once it reports batch `after_batch`."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), str(corpus)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 120
    try:
        assert child.stdout is not None
        while time.monotonic() < deadline:
            ready, _, _ = select.select([child.stdout], [], [], 1.0)
            line = child.stdout.readline() if ready else ""
            if line.strip() == f"batch {after_batch}":
                child.send_signal(signal.SIGKILL)
                break
            assert line.strip() != "done", "the ingest finished before it could be killed"
            assert child.poll() is None or ready, "the child ingest died on its own"
        else:
            pytest.fail("the child ingest never reached the batch to kill it at")
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def change_every_file(corpus: Path) -> None:
    """Changes nearly every passage, so the next ingest must embed them all again."""
    for name in NEWSLETTERS:
        path = corpus / name
        path.write_text(path.read_text().replace(" and ", " and zebra "))


def snapshot(store) -> tuple:
    return store.version(), store.count(), store.documents(), store.all_chunks()


@pytest.fixture()
def indexed(fake_embedder, tokens, corpus_copy, tmp_path):
    store = open_store(tmp_path / "data")
    make_ingester(fake_embedder, store, tokens, corpus_copy).ingest([corpus_copy])
    return store


def test_killed_ingest_leaves_previous_index_serving(indexed, corpus_copy):
    before = snapshot(indexed)
    change_every_file(corpus_copy)
    run_and_kill(indexed.data_dir, corpus_copy, after_batch=2)  # inside the first file
    after = open_store(indexed.data_dir)
    assert snapshot(after) == before
    assert not any("zebra" in c.text for c in after.all_chunks())


def test_killed_ingest_never_serves_a_half_written_document(indexed, corpus_copy):
    change_every_file(corpus_copy)
    # 16 texts a batch (passages and their sentences): two files switched by then, three not
    run_and_kill(indexed.data_dir, corpus_copy, after_batch=40)
    after = open_store(indexed.data_dir)
    chunks = after.all_chunks()
    switched = 0
    for record in after.documents():
        mine = [c for c in chunks if c.doc.source == record.doc.source]
        assert {c.doc_hash for c in mine} == {record.doc_hash}
        assert len(mine) == record.chunks
        switched += "zebra" in after.source_text(record.doc.source)
    assert 0 < switched < 5


def test_killed_ingest_rerun_completes_and_collects_orphans(
    indexed, corpus_copy, fake_embedder, tokens
):
    change_every_file(corpus_copy)
    run_and_kill(indexed.data_dir, corpus_copy, after_batch=6)
    store = open_store(indexed.data_dir)
    report = make_ingester(fake_embedder, store, tokens, corpus_copy).ingest([corpus_copy])
    assert report.ingested + report.unchanged == 5 and report.ingested >= 3
    assert all("zebra" in store.source_text(n) for n in NEWSLETTERS)
    raw = store._run(lambda chunks, manifest: chunks.count())
    assert raw == store.count()


def test_corrupt_data_dir_cli_stats_exits_3_naming_the_fix(indexed, tmp_path):
    with open(indexed.data_dir / "chroma" / "chroma.sqlite3", "r+b") as handle:
        handle.write(os.urandom(8192))
    env = dict(os.environ, ASSISTANT_DATA_DIR=str(indexed.data_dir), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "stats"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 3
    assert "unreadable" in done.stderr and "assistant ingest corpus --rebuild" in done.stderr


def test_store_serves_an_ingest_made_by_another_process(indexed, corpus_copy, fake_embedder):
    query = fake_embedder.embed_query("zebra crossing and safeguarding")
    assert not any("zebra" in c.text for c, _ in indexed.query(query, k=5))
    change_every_file(corpus_copy)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, "-c", CHILD, str(indexed.data_dir), str(corpus_copy)],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    hits = indexed.query(query, k=5)
    assert hits and all("zebra" in c.text for c, _ in hits)
    assert indexed.count() == sum(r.chunks for r in indexed.documents())
