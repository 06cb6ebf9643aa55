"""Fit the risk classifier from the exemplar bank: `python -m assistant.safety.fit`.

Reads every `assistant/safety/exemplars/*.jsonl` line (text, level, category), embeds the
texts (and the windows of long ones) with the packaged all-MiniLM-L6-v2, fits the level and
category logistic regressions and the urgency one (immediate against concern, on the risk
exemplars), keeps the exemplars' vectors for the neighbour margins, fits the combiner and the
severity model on out-of-fold scores (the combiner with the lexicon's findings; scikit-learn),
and writes
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
    SEVERITY_FEATURES,
    Neighbours,
    RiskModel,
    bank_files,
    feature_row,
    score_vectors,
    severity_rows,
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
    severe = fit_softmax(severity_oof(x, y, tuning)[risky], y[risky], tuning.fit_c)
    whole = _base(x, y, exemplars, tuning)
    return RiskModel(whole.levels, whole.categories, whole.neighbours, combiner, whole.urgency,
                     severe, sha)


def severity_oof(x: np.ndarray, y: np.ndarray, tuning: SafetyTuning) -> np.ndarray:
    """SEVERITY_FEATURES of every exemplar from urgency models and neighbours fitted without
    it (out of fold); rows of harmless exemplars are computed too and left unused."""
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros((len(x), len(SEVERITY_FEATURES)), np.float32)
    folds = StratifiedKFold(tuning.fit_folds, shuffle=True, random_state=0)
    for train, test in folds.split(x, y):
        risky = np.isin(y[train], ["concern", "immediate"])
        urgency = fit_softmax(x[train][risky], y[train][risky], tuning.fit_c)
        neighbours = Neighbours(x[train][risky], x[train][~risky], tuning.neighbours,
                                y[train][risky] == "immediate", tuning.neighbour_dimensions)
        _, margin = neighbours.margins(x[test])
        out[test] = severity_rows(urgency, x[test], margin)
    return out


def _base(
    x: np.ndarray, y: np.ndarray, exemplars: Sequence[Exemplar], tuning: SafetyTuning
) -> RiskModel:
    levels = fit_softmax(x, y, tuning.fit_c)
    risky = np.isin(y, ["concern", "immediate"])
    categories = fit_softmax(
        x[risky], [e.category for e, r in zip(exemplars, risky, strict=True) if r], tuning.fit_c
    )
    neighbours = Neighbours(x[risky], x[~risky], tuning.neighbours, y[risky] == "immediate",
                            tuning.neighbour_dimensions)
    urgency = fit_softmax(x[risky], y[risky], tuning.fit_c)
    placeholder = Softmax(np.zeros((2, len(FEATURES)), np.float32), np.zeros(2), ("safe", "risk"))
    even = Softmax(np.zeros((2, len(SEVERITY_FEATURES)), np.float32), np.zeros(2),
                   ("concern", "immediate"))
    return RiskModel(levels, categories, neighbours, placeholder, urgency, even, "")


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
    lexicon = LexiconDetector(tuning)
    texts = [lexicon.readable(e.text) for e in exemplars]  # as the classifier reads them
    pieces = read_pieces(build_embedder(settings), texts, tuning, args.cache)
    findings = [lexicon.find(e.text) for e in exemplars]
    model = fit_model(exemplars, pieces, findings, tuning, texts_sha256(paths))
    out = args.out or Path(__file__).with_name("risk_model.npz")
    model.save(out)
    counts = {lv: sum(e.level == lv for e in exemplars) for lv in LEVELS}
    print(f"fitted on {len(exemplars)} exemplars {counts}; wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
