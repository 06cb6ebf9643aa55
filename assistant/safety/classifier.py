"""The learned risk detector: logistic regressions over the message's MiniLM vectors.

Two small models, fitted from the exemplar bank (`assistant/safety/exemplars/*.jsonl`) by
`python -m assistant.safety.fit` and stored as plain arrays (`risk_model.npz`, no pickle):
- the level model: none / topic / concern / immediate;
- the category model: which kind of risk, so the right lines are chosen when only this
  detector fires.

A long message is read whole and in overlapping windows of words, so a disclosure in its last
lines is not averaged away; the highest risk of any window counts. Prediction is a matrix
product and a softmax: numpy only, no scikit-learn at run time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np

from assistant.errors import ConfigError
from assistant.protocols import Embedder
from assistant.settings import SafetyTuning

log = logging.getLogger(__name__)

LEVELS = ("none", "topic", "concern", "immediate")
MODEL_FILE = "risk_model.npz"


@dataclass(frozen=True)
class Softmax:
    """A multinomial logistic regression: probabilities = softmax(x @ weights.T + bias)."""

    weights: np.ndarray  # (classes, dimension)
    bias: np.ndarray  # (classes,)
    classes: tuple[str, ...]

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = np.asarray(vectors, np.float32) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class RiskModel:
    levels: Softmax
    categories: Softmax
    bank_sha256: str  # of the exemplar bank it was fitted from

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            level_weights=self.levels.weights,
            level_bias=self.levels.bias,
            level_classes=np.array(self.levels.classes),
            category_weights=self.categories.weights,
            category_bias=self.categories.bias,
            category_classes=np.array(self.categories.classes),
            bank_sha256=np.array(self.bank_sha256),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> RiskModel:
        source = path or Path(str(files("assistant.safety").joinpath(MODEL_FILE)))
        try:
            with np.load(source, allow_pickle=False) as z:
                levels = Softmax(
                    z["level_weights"], z["level_bias"], tuple(str(c) for c in z["level_classes"])
                )
                cats = Softmax(
                    z["category_weights"],
                    z["category_bias"],
                    tuple(str(c) for c in z["category_classes"]),
                )
                sha = str(z["bank_sha256"])
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"risk classifier unreadable at {source}: {exc}") from exc
        if not {"none", "concern", "immediate"} <= set(levels.classes) <= set(LEVELS):
            raise ConfigError(f"risk classifier at {source} has levels {levels.classes}")
        return cls(levels, cats, sha)


@dataclass(frozen=True)
class Reading:
    """The classifier's reading of one text (the riskiest window for a long one)."""

    risk: float  # P(concern) + P(immediate)
    immediate: float
    topic: float
    category: str  # most likely risk category


class RiskClassifier:
    """`read(text) -> Reading`. The model loads on first use; the embedder is shared with
    retrieval, so a short message's vector is the one retrieval computes anyway."""

    def __init__(self, embedder: Embedder, tuning: SafetyTuning, model_file: Path | None) -> None:
        self._embedder = embedder
        self._tuning = tuning
        self._model_file = model_file
        self._model: RiskModel | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> RiskModel:
        with self._lock:
            if self._model is None:
                self._model = RiskModel.load(self._model_file)
        return self._model

    def vector(self, text: str) -> np.ndarray:
        return np.asarray(self._embedder.embed_query(text), np.float32)

    def read(self, text: str) -> Reading:
        vectors = [self.vector(text)]
        extra = windows(text, self._tuning)
        if extra:
            vectors.extend(np.asarray(self._embedder.embed_documents(extra), np.float32))
        return self.read_vectors(np.stack(vectors))

    def read_vectors(self, vectors: np.ndarray) -> Reading:
        """The reading of the riskiest of several vectors (a text and its windows)."""
        model = self.model
        probs = model.levels.probabilities(vectors)
        col = {c: i for i, c in enumerate(model.levels.classes)}
        risk = probs[:, col["concern"]] + probs[:, col["immediate"]]
        worst = int(np.argmax(risk))
        cats = model.categories.probabilities(vectors[worst : worst + 1])[0]
        return Reading(
            risk=float(risk[worst]),
            immediate=float(probs[:, col["immediate"]].max()),
            topic=float(probs[0, col["topic"]]) if "topic" in col else 0.0,
            category=model.categories.classes[int(np.argmax(cats))],
        )


def windows(text: str, tuning: SafetyTuning) -> list[str]:
    """Overlapping windows of words of a long text (none for a short one), spread over the
    whole text and always including its end."""
    words = text.split()
    size, stride = tuning.window_words, tuning.window_stride
    if len(words) <= size:
        return []
    starts = list(range(0, len(words) - size + 1, stride))
    if starts[-1] != len(words) - size:
        starts.append(len(words) - size)
    if len(starts) > tuning.max_windows:
        picks = np.linspace(0, len(starts) - 1, tuning.max_windows).round().astype(int)
        starts = [starts[i] for i in sorted(set(picks.tolist()))]
    return [" ".join(words[s : s + size]) for s in starts]


def bank_files(folder: Path | None = None) -> list[Path]:
    """The exemplar bank's files, in name order."""
    base = folder or Path(str(files("assistant.safety").joinpath("exemplars")))
    return sorted(base.glob("*.jsonl"))


def texts_sha256(paths: Sequence[Path]) -> str:
    import hashlib

    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()
