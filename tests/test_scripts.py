"""scripts/setup: a stamp per extras; a dev install satisfies a plain run."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKE_PYTHON = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/../calls.log"
"""


def _checkout(tmp_path: Path) -> Path:
    """scripts/setup and pyproject.toml beside a .venv whose python only logs its calls."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return tmp_path


def _stamp(root: Path, extras: str) -> None:
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()
    (root / ".venv" / f".installed{extras}").write_text(digest + "\n")


def _setup(root: Path, *args: str) -> list[str]:
    subprocess.run(["bash", str(root / "scripts" / "setup"), *args], check=True, cwd=root)
    log = root / ".venv" / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_setup_plain_after_dev_install_installs_nothing(tmp_path):
    root = _checkout(tmp_path)
    _stamp(root, "[dev]")
    assert _setup(root) == []


def test_setup_dev_after_plain_install_installs_the_dev_extras(tmp_path):
    root = _checkout(tmp_path)
    _stamp(root, "")
    calls = _setup(root, "--dev")
    assert any("-e .[dev]" in c for c in calls)
    assert (root / ".venv" / ".installed[dev]").exists()


def test_setup_changed_pyproject_installs_again(tmp_path):
    root = _checkout(tmp_path)
    _stamp(root, "[dev]")
    with open(root / "pyproject.toml", "a") as fh:
        fh.write("\n# changed\n")
    assert any("-e ." in c for c in _setup(root))
