"""The corpus folder and metadata.toml as /admin changes them, and undoing a change."""

from __future__ import annotations

import shutil
import tomllib

import pytest

from assistant.ingest.metadata import MetadataTable
from tests.conftest import CORPUS
from web.admin.corpus import Corpus

ENTRY = {"title": 'A "quoted" \\ title\nwith a newline', "date": "2023-01", "issue": "29"}


@pytest.fixture()
def corpus(tmp_path) -> Corpus:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy2(CORPUS / "metadata.toml", folder / "metadata.toml")
    shutil.copy2(CORPUS / "safeguarding-matters-2013-spring.txt", folder)
    return Corpus(folder, tmp_path / "work")


def _put(corpus: Corpus, name: str, data: bytes, entry: dict) -> object:
    staged = corpus.stage("job1", name, data, entry)
    return corpus.apply("job1", put=(staged, name, entry))


def test_corpus_add_writes_file_and_an_entry_the_ingest_reads(corpus):
    _put(corpus, "new-2023-01.txt", b"text", ENTRY)
    assert (corpus.folder / "new-2023-01.txt").read_bytes() == b"text"
    table = MetadataTable.load(corpus.metadata_path)
    assert table.entry("new-2023-01.txt") == ENTRY


def test_corpus_edit_keeps_comments_and_other_entries(corpus):
    before = tomllib.loads(corpus.metadata_path.read_text())
    _put(corpus, "new-2023-01.txt", b"text", ENTRY)
    text = corpus.metadata_path.read_text()
    assert text.startswith("# Metadata for the newsletters in this folder.")
    after = tomllib.loads(text)
    assert {k: v for k, v in after.items() if k != "new-2023-01.txt"} == before


def test_corpus_undo_puts_back_file_and_metadata(corpus):
    old_meta = corpus.metadata_path.read_text()
    name = "safeguarding-matters-2013-spring.txt"
    old = (corpus.folder / name).read_bytes()
    undo = _put(corpus, name, b"replacement", ENTRY)
    undo.restore()
    assert (corpus.folder / name).read_bytes() == old
    assert corpus.metadata_path.read_text() == old_meta


def test_corpus_remove_deletes_file_and_entry(corpus):
    name = "safeguarding-matters-2013-spring.txt"
    corpus.apply("job2", drop=name)
    assert name not in corpus.files()
    assert name not in corpus.entries()


def test_corpus_refuses_a_path_as_a_name(corpus):
    with pytest.raises(ValueError):
        corpus.apply("job3", drop="../metadata.toml")


def test_corpus_files_lists_only_newsletters_in_the_folder(corpus):
    (corpus.folder / ".hidden.txt").write_text("x")
    (corpus.folder / "notes.exe").write_text("x")
    (corpus.folder / "sub").mkdir()
    (corpus.folder / "sub" / "inner.txt").write_text("x")
    assert list(corpus.files()) == ["safeguarding-matters-2013-spring.txt"]


def test_corpus_invalid_entry_changes_nothing(corpus):
    before = sorted(p.name for p in corpus.folder.iterdir())
    staged = corpus.stage("job4", "x-2023-01.txt", b"text", {"title": "T"})
    with pytest.raises(Exception, match="unknown fields"):
        corpus.apply("job4", put=(staged, "x-2023-01.txt", {"title": "T", "colour": "red"}))
    assert sorted(p.name for p in corpus.folder.iterdir()) == before
