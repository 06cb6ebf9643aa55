"""Fit the risk classifier from the exemplar bank: `python -m assistant.safety.fit`.

Reads every `assistant/safety/exemplars/*.jsonl` line (text, level, category), embeds the
texts (and the windows of long ones) with the packaged all-MiniLM-L6-v2, fits the level and
category logistic regressions, keeps the exemplars' vectors for the neighbour margin, fits the
combiner on out-of-fold scores with the lexicon's findings (scikit-learn), and writes
`assistant/safety/risk_model.npz`
with the bank's SHA-256, so a test can tell when the bank changed and the model was not
refitted. The same bank and model give the same arrays (lbfgs on fixed vectors).

Options: --bank DIR, --out FILE, --cache FILE (vectors of texts already embedded, so a refit
after editing a few lines embeds only those).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.learned import Softmax, fit_softmax
from assistant.protocols import Embedder
from assistant.safety.classifier import (
    FEATURES,
    LEVELS,
    Neighbours,
    RiskModel,
    bank_files,
    feature_row,
    score_vectors,
    texts_sha256,
    windows,
)
from assistant.safety.detector import Finding, LexiconDetector
from assistant.settings import SafetyTuning

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path(".cache") / "risk-vectors.npz"


@dataclass(frozen=True)
class Exemplar:
    text: str
    level: str
    category: str
    source: str  # the bank file it came from


def read_bank(paths: Sequence[Path]) -> list[Exemplar]:
    out: list[Exemplar] = []
    for path in paths:
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("//"):
                continue
            row = json.loads(line)
            level = row["level"]
            if level not in LEVELS:
                raise ValueError(f"{path.name}:{n}: unknown level {level!r}")
            out.append(Exemplar(row["text"], level, row.get("category") or "none", path.name))
    return out


def cached_vectors(
    embedder: Embedder | None, texts: Sequence[str], cache: Path | None
) -> np.ndarray:
    """Vectors of `texts`, reusing those saved in `cache` (keyed by the text's SHA-256)."""
    keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as z:
            known = dict(zip((str(k) for k in z["keys"]), z["vectors"], strict=True))
    missing = [i for i, k in enumerate(keys) if k not in known]
    if missing:
        if embedder is None:
            raise ValueError(f"{len(missing)} texts are not in the vector cache {cache}")
        fresh = embedder.embed_documents([texts[i] for i in missing])
        for i, vec in zip(missing, fresh, strict=True):
            known[keys[i]] = np.asarray(vec, np.float32)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
    return np.stack([known[k] for k in keys]).astype(np.float32)


def fit_model(
    exemplars: Sequence[Exemplar],
    pieces: Sequence[np.ndarray],
    findings: Sequence[Finding],
    tuning: SafetyTuning,
    sha: str = "",
) -> RiskModel:
    """The level, neighbour and category models on every exemplar, and the combiner on
    out-of-fold scores (each exemplar scored by models fitted without it)."""
    from sklearn.model_selection import StratifiedKFold

    x = np.stack([p[0] for p in pieces])
    y = np.array([e.level for e in exemplars])
    rows = np.zeros((len(exemplars), len(FEATURES)), np.float32)
    folds = StratifiedKFold(tuning.fit_folds, shuffle=True, random_state=0)
    for train, test in folds.split(x, y):
        part = _base(x[train], y[train], [exemplars[i] for i in train], tuning)
        for i in test:
            rows[i] = feature_row(score_vectors(part, pieces[i]), findings[i])
    risky = np.isin(y, ["concern", "immediate"])
    combiner = fit_softmax(rows, np.where(risky, "risk", "safe"), tuning.fit_c)
    whole = _base(x, y, exemplars, tuning)
    return RiskModel(whole.levels, whole.categories, whole.neighbours, combiner, sha)


def _base(
    x: np.ndarray, y: np.ndarray, exemplars: Sequence[Exemplar], tuning: SafetyTuning
) -> RiskModel:
    levels = fit_softmax(x, y, tuning.fit_c)
    risky = np.isin(y, ["concern", "immediate"])
    categories = fit_softmax(
        x[risky], [e.category for e, r in zip(exemplars, risky, strict=True) if r], tuning.fit_c
    )
    neighbours = Neighbours(x[risky], x[~risky], tuning.neighbours)
    placeholder = Softmax(np.zeros((2, len(FEATURES)), np.float32), np.zeros(2), ("safe", "risk"))
    return RiskModel(levels, categories, neighbours, placeholder, "")


def read_pieces(
    embedder: Embedder | None, texts: Sequence[str], tuning: SafetyTuning, cache: Path | None
) -> list[np.ndarray]:
    """Each text's vector followed by its windows' vectors, as the classifier reads it."""
    split = [[t, *windows(t, tuning)] for t in texts]
    flat = cached_vectors(embedder, [p for ps in split for p in ps], cache)
    out, i = [], 0
    for ps in split:
        out.append(flat[i : i + len(ps)])
        i += len(ps)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.safety.fit", description=__doc__)
    parser.add_argument("--bank", type=Path, default=None, help="folder of exemplar JSONL files")
    parser.add_argument("--out", type=Path, default=None, help="model file to write")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="vector cache file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from assistant.composition import build_embedder
    from assistant.settings import load_settings

    settings = load_settings()
    paths = bank_files(args.bank)
    if not paths:
        print("no exemplar files found", file=sys.stderr)
        return 2
    tuning = settings.safety.tuning
    exemplars = read_bank(paths)
    pieces = read_pieces(build_embedder(settings), [e.text for e in exemplars], tuning, args.cache)
    lexicon = LexiconDetector(tuning)
    findings = [lexicon.find(e.text) for e in exemplars]
    model = fit_model(exemplars, pieces, findings, tuning, texts_sha256(paths))
    out = args.out or Path(__file__).with_name("risk_model.npz")
    model.save(out)
    counts = {lv: sum(e.level == lv for e in exemplars) for lv in LEVELS}
    print(f"fitted on {len(exemplars)} exemplars {counts}; wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
