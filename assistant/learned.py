"""Small learned models shared by the stages: a softmax over features, fitted with
scikit-learn and stored as plain arrays (npz, no pickle), predicted with numpy alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Softmax:
    """A multinomial logistic regression: probabilities = softmax(x @ weights.T + bias)."""

    weights: np.ndarray  # (classes, features)
    bias: np.ndarray  # (classes,)
    classes: tuple[str, ...]

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        logits = np.asarray(rows, np.float32) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def probability(self, rows: np.ndarray, cls: str) -> np.ndarray:
        """The probability of one class for each row."""
        return self.probabilities(rows)[:, self.classes.index(cls)]

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        return {
            f"{name}_weights": self.weights,
            f"{name}_bias": self.bias,
            f"{name}_classes": np.array(self.classes),
        }

    @classmethod
    def from_arrays(cls, z: Any, name: str) -> Softmax:
        return cls(
            np.asarray(z[f"{name}_weights"], np.float32),
            np.asarray(z[f"{name}_bias"], np.float32),
            tuple(str(c) for c in z[f"{name}_classes"]),
        )


def fit_softmax(
    x: np.ndarray, y: Sequence[str], c: float, weights: np.ndarray | None = None
) -> Softmax:
    """A logistic regression with balanced classes (scikit-learn, lbfgs: deterministic)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit(x, np.asarray(y), sample_weight=weights)
    classes = tuple(str(k) for k in model.classes_)
    coef, bias = model.coef_.astype(np.float32), model.intercept_.astype(np.float32)
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: make it a softmax
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2], np.float32)
    return Softmax(coef, bias, classes)


@dataclass(frozen=True)
class Ranker:
    """A conditional logit: a linear score per candidate, softmax over one question's
    candidates. `shares(rows)` gives each candidate's share of the question (sums to 1)."""

    weights: np.ndarray  # (features,)

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(rows, np.float32) @ self.weights

    def shares(self, rows: np.ndarray) -> np.ndarray:
        s = self.scores(rows)
        e = np.exp(s - s.max())
        return e / e.sum()

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        return {f"{name}_weights": self.weights}

    @classmethod
    def from_arrays(cls, z: Any, name: str) -> Ranker:
        return cls(np.asarray(z[f"{name}_weights"], np.float32))


def fit_ranker(groups: Sequence[tuple[np.ndarray, np.ndarray]], c: float) -> Ranker:
    """Fit a conditional logit on groups of (rows, positive mask), each with a positive:
    maximise the log share of a group's positives, with an L2 penalty 1 / (2c)."""
    from scipy.optimize import minimize

    x_all = np.vstack([x for x, _ in groups]).astype(np.float64)
    mean, std = x_all.mean(axis=0), x_all.std(axis=0) + 1e-6
    scaled = [((x - mean) / std, y.astype(bool)) for x, y in groups]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, w / c
        for x, y in scaled:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = np.where(y, p, 0.0)
            q /= q.sum()
            total -= float(np.log(p[y].sum()))
            grad = grad + x.T @ (p - q)
        return total + float(w @ w) / (2 * c), grad

    w0 = np.zeros(x_all.shape[1])
    result = minimize(loss, w0, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = result.x / std  # fold the scaling into the weights (the mean shifts every score alike)
    return Ranker(w.astype(np.float32))
