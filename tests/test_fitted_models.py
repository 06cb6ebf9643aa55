"""The committed models were fitted from the committed text: a change to the exemplar bank or
to the labelled questions without a refit fails here (refit with the commands in the message)."""

from __future__ import annotations

from pathlib import Path

from assistant.answer.labelled import read_cases
from assistant.answer.model import AnswerModel
from assistant.safety.classifier import RiskModel, bank_files, texts_sha256

DATASETS = Path(__file__).resolve().parents[1] / "evals" / "datasets"


def test_fitted_risk_model_matches_the_exemplar_bank():
    assert RiskModel.load().bank_sha256 == texts_sha256(bank_files()), (
        "the exemplar bank changed: refit with `python -m assistant.safety.fit`"
    )


def test_fitted_answer_model_matches_the_labelled_questions():
    _, sha = read_cases(DATASETS)
    assert AnswerModel.load().data_sha256 == sha, (
        "the labelled questions changed: refit with `python -m assistant.answer.fit`"
    )
