"""`assistant ingest` and `assistant stats`: exit codes, JSON shapes, listings.

In-process runs use the hashing embedder; one slow test runs the real command and model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from assistant.cli import main
from tests.fakes import HashingEmbedder
from tests.index.conftest import NEWSLETTERS

ROOT = Path(__file__).resolve().parents[2]
REPORT_KEYS = {"seen", "ingested", "unchanged", "removed", "failed", "chunks", "seconds"}


@pytest.fixture()
def cli_env(tmp_path, corpus_copy, monkeypatch):
    """Settings through the environment; the hashing embedder in place of the model."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus_copy))
    monkeypatch.delenv("ASSISTANT_CHROMA_URL", raising=False)
    monkeypatch.setattr("assistant.composition.build_embedder", lambda s: HashingEmbedder())
    return corpus_copy


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_ingest_cmd_defaults_to_the_corpus_and_exits_0(cli_env, capsys):
    code, report = run_json(capsys, "ingest")
    assert code == 0
    assert REPORT_KEYS <= set(report)
    assert (report["ingested"], report["failed"], report["seen"]) == (5, [], 5)


def test_ingest_cmd_second_run_reports_unchanged(cli_env, capsys):
    run_json(capsys, "ingest")
    code, report = run_json(capsys, "ingest", str(cli_env))
    assert (code, report["unchanged"], report["ingested"], report["embedded"]) == (0, 5, 0, 0)


def test_ingest_cmd_exits_1_with_each_failure_and_the_rest_ingested(cli_env, capsys):
    (cli_env / "table.csv").write_text("a,b\n")
    code, report = run_json(capsys, "ingest", str(cli_env), "no-such-file.pdf")
    assert code == 1
    assert {Path(f["file"]).name for f in report["failed"]} == {"table.csv", "no-such-file.pdf"}
    assert all(f["reason"] for f in report["failed"])
    assert report["ingested"] == 5


def test_ingest_cmd_text_report_names_failures(cli_env, capsys):
    assert main(["ingest", str(cli_env), "missing.txt"]) == 1
    out = capsys.readouterr().out
    assert "FAILED missing.txt: path does not exist" in out
    assert "ingested 5" in out and "failed 1" in out


def test_ingest_cmd_usage_error_exits_2(cli_env, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["ingest", "--no-such-flag"])
    assert caught.value.code == 2


def test_stats_cmd_lists_documents_as_json(cli_env, capsys):
    run_json(capsys, "ingest")
    code, stats = run_json(capsys, "stats")
    assert code == 0
    assert sorted(d["file"] for d in stats["documents"]) == NEWSLETTERS
    assert stats["chunks"] == sum(d["chunks"] for d in stats["documents"]) > 0
    assert set(stats["documents"][0]) >= {"file", "title", "issue", "date", "chunks"}


def test_stats_cmd_text_lists_each_file(cli_env, capsys):
    main(["ingest"])
    capsys.readouterr()
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in NEWSLETTERS)
    assert "5 documents" in out


def test_stats_cmd_on_an_empty_index_says_to_ingest(cli_env, capsys):
    assert main(["stats"]) == 0
    assert "assistant ingest" in capsys.readouterr().out


@pytest.mark.slow
def test_ingest_cmd_real_model_on_the_corpus(tmp_path, corpus_copy):
    """The real command and model: 5 ingested, stats match metadata.toml, then 5 unchanged."""
    env = dict(os.environ, ASSISTANT_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    env.pop("ASSISTANT_CHROMA_URL", None)

    def cli(*argv: str) -> tuple[int, dict]:
        done = subprocess.run(
            [sys.executable, "-m", "assistant", *argv, "--json"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=900,
        )
        return done.returncode, json.loads(done.stdout)

    code, first = cli("ingest", str(corpus_copy))
    assert (code, first["ingested"], first["failed"]) == (0, 5, [])
    code, stats = cli("stats")
    expected = tomllib.loads((corpus_copy / "metadata.toml").read_text())
    listed = {d["file"]: (d["issue"], d["date"]) for d in stats["documents"]}
    assert listed == {name: (e.get("issue"), e["date"]) for name, e in expected.items()}
    code, second = cli("ingest", str(corpus_copy))
    assert (code, second["unchanged"], second["embedded"]) == (0, 5, 0)
