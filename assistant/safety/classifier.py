"""The learned risk detector over the message's MiniLM vectors and the lexicon's findings.

Fitted from the exemplar bank (`assistant/safety/exemplars/*.jsonl`) by
`python -m assistant.safety.fit` and stored as plain arrays (`risk_model.npz`, no pickle):
- the level model: a logistic regression, none / topic / concern / immediate;
- the exemplars' vectors, for a nearest-neighbour margin: how much closer the message is to
  the risk exemplars than to the harmless ones (hard negatives included);
- the combiner: a logistic regression over those scores and the lexicon's rules (which tiers
  fired, immediate cues, informational framing), fitted on out-of-fold scores, so the rules
  count as much as they prove to on text they were not written for;
- the category model: which kind of risk, so the right lines are chosen;
- the severity model: how likely immediate danger is, given that someone is at risk: a
  logistic regression over the vector fitted on the risk exemplars alone (immediate against
  concern), and a neighbour margin between the immediate and the concern exemplars, joined by
  a logistic regression fitted on out-of-fold scores.

A long message is read whole and in overlapping windows of words, so a disclosure in its last
lines is not averaged away; the highest risk of any window counts. Prediction is matrix
products and softmaxes: numpy only, no scikit-learn at run time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import numpy as np

from assistant.errors import ConfigError
from assistant.learned import Softmax
from assistant.protocols import Embedder
from assistant.safety.detector import Finding
from assistant.settings import SafetyTuning

log = logging.getLogger(__name__)

LEVELS = ("none", "topic", "concern", "immediate")
MODEL_FILE = "risk_model.npz"


FEATURES = (
    "lr_risk", "lr_immediate", "lr_topic", "margin",
    "lex_live", "lex_topic", "lex_backstop", "lex_immediate", "lex_informational", "lex_subject",
)
SEVERITY_FEATURES = ("urgency_logit", "urgency_margin")


@dataclass(frozen=True)
class Neighbours:
    """Exemplar vectors of risk and harmless messages; margin = mean cosine of the k nearest
    risk exemplars minus that of the k nearest harmless ones.

    With `dimensions` below the vectors' width, cosines are read in the span of the bank's
    leading singular vectors (an orthogonal projection, so a cosine there is the cosine of the
    two projected vectors, close to the full one): the exemplar matrix, read whole for every
    message, shrinks by the same factor (22,000 exemplars: 34 MB at 384, 11 MB at 128), and a
    read that finds it out of cache takes a third of the time. 0 keeps the full width."""

    risky: np.ndarray  # (n, dimension), L2-normalised
    safe: np.ndarray
    k: int
    immediate: np.ndarray  # (n,) bool: which risk exemplars are immediate dangers
    dimensions: int  # width the cosines are read in (0: the vectors' own)
    # the immediate, concern and harmless exemplars stacked in that order, projected and
    # transposed once, contiguous: one matrix product per read, each side a slice of it
    _stacked: np.ndarray = field(init=False, repr=False, compare=False)
    _basis: np.ndarray | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = np.vstack([self.risky[self.immediate], self.risky[~self.immediate],
                             self.safe]).astype(np.float32)
        basis = None
        if 0 < self.dimensions < ordered.shape[1]:
            # the bank's leading right singular vectors, as the top eigenvectors of its
            # 384 x 384 Gram matrix (the same span, a twentieth of the time of an SVD of the
            # whole bank; signs do not matter: only products of projected vectors are read)
            _, vectors = np.linalg.eigh(ordered.T.astype(np.float64) @ ordered)
            basis = np.ascontiguousarray(vectors[:, ::-1][:, : self.dimensions], np.float32)
            ordered = ordered @ basis
        object.__setattr__(self, "_basis", basis)
        object.__setattr__(self, "_stacked", np.ascontiguousarray(ordered.T, dtype=np.float32))

    def margins(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per vector: the risk margin (risk exemplars against harmless ones) and the urgency
        margin (immediate exemplars against concern ones), from one matrix product."""
        vectors = vectors.astype(np.float32, copy=False)
        if self._basis is not None:
            vectors = vectors @ self._basis
        sims = vectors @ self._stacked
        n_imm, n = int(self.immediate.sum()), len(self.risky)
        safe = _top(sims[:, n:], self.k).mean(axis=1)
        if n_imm in (0, n):  # a bank with one severity only
            return _top(sims[:, :n], self.k).mean(axis=1) - safe, np.zeros(len(sims))
        imm, con = _top(sims[:, :n_imm], self.k), _top(sims[:, n_imm:n], self.k)
        # the k nearest risk exemplars are among the k nearest of each severity
        risky = _top(np.hstack([imm, con]), self.k).mean(axis=1)
        return risky - safe, imm.mean(axis=1) - con.mean(axis=1)

    def margin(self, vectors: np.ndarray) -> np.ndarray:
        return self.margins(vectors)[0]


def _top(sims: np.ndarray, k: int) -> np.ndarray:
    """The k highest values of each row (fewer when a row is shorter)."""
    k = min(k, sims.shape[1])
    return np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]


@dataclass(frozen=True)
class RiskModel:
    levels: Softmax
    categories: Softmax
    neighbours: Neighbours
    combiner: Softmax  # classes ("safe", "risk") over FEATURES
    urgency: Softmax  # classes ("concern", "immediate") over the vector, risk exemplars only
    severity: Softmax  # classes ("concern", "immediate") over SEVERITY_FEATURES
    bank_sha256: str  # of the exemplar bank it was fitted from

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            **self.levels.arrays("level"),
            **self.categories.arrays("category"),
            risky=self.neighbours.risky.astype(np.float16),
            safe=self.neighbours.safe.astype(np.float16),
            k=np.array(self.neighbours.k),
            immediate=self.neighbours.immediate,
            dimensions=np.array(self.neighbours.dimensions),
            **self.combiner.arrays("combiner"),
            **self.urgency.arrays("urgency"),
            **self.severity.arrays("severity"),
            features=np.array(FEATURES),
            severity_features=np.array(SEVERITY_FEATURES),
            bank_sha256=np.array(self.bank_sha256),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> RiskModel:
        source = path or Path(str(files("assistant.safety").joinpath(MODEL_FILE)))
        try:
            with np.load(source, allow_pickle=False) as z:
                model = cls(
                    Softmax.from_arrays(z, "level"),
                    Softmax.from_arrays(z, "category"),
                    Neighbours(
                        z["risky"].astype(np.float32), z["safe"].astype(np.float32),
                        int(z["k"]), z["immediate"].astype(bool), int(z["dimensions"]),
                    ),
                    Softmax.from_arrays(z, "combiner"),
                    Softmax.from_arrays(z, "urgency"),
                    Softmax.from_arrays(z, "severity"),
                    str(z["bank_sha256"]),
                )
                features = tuple(str(f) for f in z["features"])
                severity = tuple(str(f) for f in z["severity_features"])
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(
                f"risk classifier unreadable at {source}: {exc} "
                "(refit it with `python -m assistant.safety.fit`)"
            ) from exc
        if (
            features != FEATURES
            or severity != SEVERITY_FEATURES
            or set(model.levels.classes) != set(LEVELS)
        ):
            raise ConfigError(f"risk classifier at {source} does not match this code; refit it")
        return model


@dataclass(frozen=True)
class Scores:
    """The vector scores of one text: the riskiest window's, and the whole text's topic."""

    lr_risk: float
    lr_immediate: float
    lr_topic: float
    margin: float
    category: str
    urgency: float  # P(immediate | at risk), the most urgent window's


@dataclass(frozen=True)
class Reading:
    """The learned reading of one text."""

    risk: float  # the combiner's probability that someone may be at risk
    immediate: float  # the severity model's probability of immediate danger, if at risk
    topic: float
    category: str  # most likely risk category


def feature_row(scores: Scores, finding: Finding) -> np.ndarray:
    tiers = finding.tiers
    return np.array(
        [
            scores.lr_risk,
            scores.lr_immediate,
            scores.lr_topic,
            scores.margin,
            "live" in tiers,
            "topic" in tiers,
            "backstop" in tiers,
            bool(finding.categories) and finding.immediate,
            finding.informational,
            bool(finding.topics),
        ],
        np.float32,
    )


class RiskClassifier:
    """`read(text, finding) -> Reading`. The model loads on first use; the embedder is shared
    with retrieval, so a short message's vector is the one retrieval computes anyway."""

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

    def vectors(self, text: str) -> np.ndarray:
        """The text's vector, then its windows' (for a long text)."""
        vectors = [self.vector(text)]
        extra = windows(text, self._tuning)
        if extra:
            vectors.extend(np.asarray(self._embedder.embed_documents(extra), np.float32))
        return np.stack(vectors)

    def read(self, text: str, finding: Finding) -> Reading:
        return self.read_vectors(self.vectors(text), finding)

    def read_vectors(self, vectors: np.ndarray, finding: Finding) -> Reading:
        scores = score_vectors(self.model, vectors)
        combined = self.model.combiner.probabilities(feature_row(scores, finding)[None, :])[0]
        return Reading(
            risk=float(combined[self.model.combiner.classes.index("risk")]),
            immediate=scores.urgency,
            topic=scores.lr_topic,
            category=scores.category,
        )


def score_vectors(model: RiskModel, vectors: np.ndarray) -> Scores:
    """Scores of a text from its vector and its windows' vectors (the riskiest window)."""
    probs = model.levels.probabilities(vectors)
    col = {c: i for i, c in enumerate(model.levels.classes)}
    risk = probs[:, col["concern"]] + probs[:, col["immediate"]]
    worst = int(np.argmax(risk))
    cats = model.categories.probabilities(vectors[worst : worst + 1])[0]
    margin, urgency_margin = model.neighbours.margins(vectors)
    return Scores(
        lr_risk=float(risk[worst]),
        lr_immediate=float(probs[:, col["immediate"]].max()),
        lr_topic=float(probs[0, col["topic"]]),
        margin=float(margin.max()),
        category=model.categories.classes[int(np.argmax(cats))],
        urgency=float(
            model.severity.probability(severity_rows(model.urgency, vectors, urgency_margin),
                                       "immediate").max()
        ),
    )


def severity_rows(urgency: Softmax, vectors: np.ndarray, margin: np.ndarray) -> np.ndarray:
    """SEVERITY_FEATURES per vector: the urgency model's logit and the urgency margin."""
    p = np.clip(urgency.probability(vectors, "immediate"), 1e-6, 1 - 1e-6)
    return np.column_stack([np.log(p / (1 - p)), margin]).astype(np.float32)


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
