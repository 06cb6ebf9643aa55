"""Every file gets a verdict: ingested, or refused with a reason; never an exception.

The real-world files are other tools' test files in ../shared/files-robustness (see its
README); the tests that need them skip when it is absent.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.composition import build_ocr
from assistant.errors import IngestError
from assistant.ingest.targets import expand
from assistant.settings import Settings
from tests.fakes import HashingEmbedder
from tests.ingest_text.helpers import CORPUS, CORPUS_FILES, ROOT, all_text, parse

ROBUSTNESS = ROOT.parent / "shared" / "files-robustness"
ABSENT = f"{ROBUSTNESS} is absent: the real-world PDF and Word files are not on this machine"
NEEDS_PASSWORD = {
    "resources_encrypted-file.pdf",
    "resources_crazyones-encrypted-256.pdf",
    "resources_encryption_r2-user-password.pdf",
    "resources_encryption_r4-aes-user-password.pdf",
    "resources_libreoffice-writer-password.pdf",
}
PARA = "Professionals should share information early when a child may be at risk of harm."


def robustness_files() -> list:
    if not ROBUSTNESS.is_dir():
        return [pytest.param(None, id="absent", marks=pytest.mark.skip(reason=ABSENT))]
    files = sorted(p for kind in ("pdf", "docx") for p in (ROBUSTNESS / kind).iterdir())
    return [pytest.param(p, id=p.name) for p in files]


@pytest.fixture(scope="module")
def ocr():
    return build_ocr(Settings())


def need_robustness() -> None:
    if not ROBUSTNESS.is_dir():
        pytest.skip(ABSENT)


@pytest.mark.slow
@pytest.mark.parametrize("path", robustness_files())
def test_loader_every_robustness_file_gets_a_verdict(path, ocr):
    try:
        parsed = parse(path, ocr=ocr)
    except IngestError as exc:
        reason = str(exc)
        assert reason.startswith(f"{path.name}: ") and "\n" not in reason
        assert len(reason) > len(path.name) + 12, reason
        return
    assert parsed.chunks
    for chunk in parsed.chunks:
        assert parsed.source_text[chunk.start : chunk.end] == chunk.source_text


@pytest.mark.slow
def test_ingest_cmd_folder_of_odd_files_ingests_every_newsletter(tmp_path, monkeypatch, capsys):
    need_robustness()
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in [*sorted((ROBUSTNESS / "pdf").iterdir()), *sorted((ROBUSTNESS / "docx").iterdir())]:
        shutil.copy(path, folder / path.name)
    for path in [*CORPUS_FILES, CORPUS / "metadata.toml"]:
        shutil.copy(path, folder / path.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ASSISTANT_CHROMA_URL", raising=False)
    monkeypatch.setattr("assistant.composition.build_embedder", lambda s: HashingEmbedder())
    code = main(["ingest", str(folder), "--json"])
    report = json.loads(capsys.readouterr().out)
    ingested = set(report["ingested_files"])
    failed = {Path(f["file"]).name: f["reason"] for f in report["failed"]}
    everything = {p.name for p in folder.iterdir() if p.name != "metadata.toml"}
    assert code == 1
    assert {p.name for p in CORPUS_FILES} <= ingested
    assert ingested | failed.keys() == everything and not ingested & failed.keys()
    assert NEEDS_PASSWORD | {"resources_issue-604.pdf"} <= failed.keys()
    assert all(reason.startswith(f"{name}: ") for name, reason in failed.items())


def test_loader_pdf_needing_a_password_is_refused_with_the_reason():
    need_robustness()
    with pytest.raises(IngestError, match="encrypted with a password: it cannot be read"):
        parse(ROBUSTNESS / "pdf" / "resources_encryption_r4-aes-user-password.pdf")


@pytest.mark.parametrize("name", ["r2-owner-password", "r4-owner-password", "r6-owner-password"])
def test_loader_pdf_with_only_an_owner_password_is_read(name):
    need_robustness()
    parsed = parse(ROBUSTNESS / "pdf" / f"resources_encryption_{name}.pdf")
    assert "pdf encryption test" in all_text(parsed)


def _encrypted_pdf(tmp_path: Path, **encrypt) -> Path:
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, PARA)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.encrypt(**encrypt)
    path = tmp_path / "secured.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def test_loader_pdf_aes_secured_without_a_user_password_is_read(tmp_path):
    path = _encrypted_pdf(tmp_path, user_password="", owner_password="x9", algorithm="AES-256")
    assert PARA in all_text(parse(path))


def test_loader_pdf_aes_with_a_user_password_says_it_needs_it(tmp_path):
    path = _encrypted_pdf(tmp_path, user_password="open-me", algorithm="AES-128")
    with pytest.raises(IngestError, match="secured.pdf: encrypted with a password"):
        parse(path)


def test_loader_truncated_pdf_is_a_damaged_pdf(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, PARA)
    data = bytes(pdf.output())
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    with pytest.raises(IngestError, match="cut.pdf: (damaged PDF|no text)"):
        parse(tmp_path / "cut.pdf")


def test_ingest_unexpected_loader_error_is_that_files_entry(tmp_path, monkeypatch):
    from assistant.ingest.pipeline import Ingester
    from assistant.retrieval.store import open_store
    from assistant.text import TokenCounter

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(f"Sharing Early\n\n{PARA}")
    (folder / "odd.docx").write_bytes(b"PK")

    def explode(data: bytes, name: str) -> str:
        raise RuntimeError("a structure nobody foresaw")

    monkeypatch.setattr("assistant.ingest.word.read_docx", explode)
    ingester = Ingester(
        HashingEmbedder(),
        open_store(tmp_path / "data"),
        TokenCounter(),
        None,
        chunk_tokens=160,
        overlap_tokens=32,
        max_file_bytes=1 << 20,
    )
    report = ingester.ingest([folder])
    assert report.ingested_files == ["good.txt"]
    [(file, reason)] = report.failed
    assert Path(file).name == "odd.docx"
    assert reason == "odd.docx: could not be read (RuntimeError: a structure nobody foresaw)"


def test_targets_file_name_not_utf8_is_reported(tmp_path):
    (tmp_path / os.fsdecode(b"issue-\xff.txt")).write_text(PARA)
    targets, failed = expand([tmp_path])
    assert targets == []
    [(file, reason)] = failed
    assert file.endswith("issue-\\xff.txt") and "not valid UTF-8" in reason
