"""The answerer's learned parts, stored as plain arrays (`answer_model.npz`, no pickle):
- the span ranker: a conditional logit over UNIT_FEATURES, each unit's share of the question
  (the shares of one question's units sum to 1);
- the answerability model: P(the newsletters answer the question) from QUESTION_FEATURES.
Both are fitted by `python -m assistant.answer.fit` on the labelled
questions in evals/datasets/ (never the first-time test files)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np

from assistant.answer.features import QUESTION_FEATURES, UNIT_FEATURES
from assistant.errors import ConfigError
from assistant.learned import Ranker, Softmax

MODEL_FILE = "answer_model.npz"


@dataclass(frozen=True)
class AnswerModel:
    ranker: Ranker  # a score per unit over UNIT_FEATURES
    answerable: Softmax  # classes ("no", "yes") over QUESTION_FEATURES
    data_sha256: str = ""  # of the labelled questions it was fitted on

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            **self.ranker.arrays("ranker"),
            **self.answerable.arrays("answerable"),
            unit_features=np.array(UNIT_FEATURES),
            question_features=np.array(QUESTION_FEATURES),
            data_sha256=np.array(self.data_sha256),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> AnswerModel:
        source = path or Path(str(files("assistant.answer").joinpath(MODEL_FILE)))
        try:
            with np.load(source, allow_pickle=False) as z:
                model = cls(
                    Ranker.from_arrays(z, "ranker"),
                    Softmax.from_arrays(z, "answerable"),
                    str(z["data_sha256"]),
                )
                unit = tuple(str(f) for f in z["unit_features"])
                question = tuple(str(f) for f in z["question_features"])
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(
                f"answer model unreadable at {source}: {exc} "
                "(refit it with `python -m assistant.answer.fit`)"
            ) from exc
        if unit != UNIT_FEATURES or question != QUESTION_FEATURES:
            raise ConfigError(f"answer model at {source} does not match this code; refit it")
        return model


class ModelSource:
    """Loads the model on first use (or holds one given, for fitting and tests)."""

    def __init__(self, path: Path | None = None, model: AnswerModel | None = None) -> None:
        self._path = path
        self._model = model
        self._lock = threading.Lock()

    def get(self) -> AnswerModel:
        with self._lock:
            if self._model is None:
                self._model = AnswerModel.load(self._path)
            return self._model
