"""The severity model: how likely immediate danger is once someone may be at risk, from an
urgency regression over the vector and a neighbour margin between immediate and concern
exemplars (`classifier.py`), and messages in other languages read through their gloss."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.safety.classifier import Neighbours, RiskModel


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, np.float32)
    return v / np.linalg.norm(v)


def test_the_urgency_margin_leans_to_the_nearer_severity():
    risky = np.stack([_unit(1, 0, 0), _unit(0.9, 0.1, 0), _unit(0, 1, 0), _unit(0.1, 0.9, 0)])
    safe = np.stack([_unit(0, 0, 1)])
    n = Neighbours(risky, safe, 2, np.array([True, True, False, False]), 0)
    risk, urgency = n.margins(np.stack([_unit(1, 0.05, 0), _unit(0.05, 1, 0)]))
    assert urgency[0] > 0 > urgency[1]
    assert (risk > 0).all()  # both are nearer the risk exemplars than the harmless one
    one = np.stack([_unit(1, 0, 0)])
    assert np.allclose(n.margin(one), n.margins(one)[0])


def test_a_bank_with_one_severity_gives_no_urgency_margin():
    risky = np.stack([_unit(1, 0), _unit(0, 1)])
    n = Neighbours(risky, np.stack([_unit(1, 1)]), 1, np.array([False, False]), 0)
    _, urgency = n.margins(np.stack([_unit(1, 0)]))
    assert urgency.tolist() == [0.0]


def test_the_shipped_model_carries_its_severity_parts():
    model = RiskModel.load()
    assert model.urgency.classes == ("concern", "immediate")
    assert model.severity.classes == ("concern", "immediate")
    assert model.neighbours.immediate.dtype == bool
    assert 0 < model.neighbours.immediate.sum() < len(model.neighbours.immediate)


@pytest.mark.parametrize(
    "message",
    [
        "he's kicking the door in and he's got a knife, the kids are upstairs",
        "my mum took all her tablets an hour ago and now I can't wake her up",
    ],
)
def test_danger_now_leads_with_999(screen, message):
    assert screen.assess(message).level == "immediate"


@pytest.mark.parametrize(
    "message",
    [
        "I'm worried about a boy in my class, he's always hungry and his uniform is filthy",
        "my neighbour's carer keeps taking money from her purse, what should I do?",
    ],
)
def test_a_worry_without_danger_now_is_a_concern(screen, message):
    assert screen.assess(message).level == "concern"


@pytest.mark.parametrize(
    "message",
    [
        "Ammi aaj shaam ko khane mein kya ban raha hai? Main 6 baje tak ghar aa jaunga",
        "Czy ktoś wie, o której w niedzielę otwierają basen? Dzieci chcą popływać.",
        "Hooyo, berri waxaan u socdaa dukaanka, ma rabtaa caano?",
        "kem cho, aaje jamvanu shu che?",
    ],
)
def test_everyday_messages_in_other_languages_raise_no_alarm(screen, message):
    assert not screen.assess(message).detected


@pytest.mark.parametrize(
    "message",
    [
        "mujhe lagta hai mera shohar mujhe maar dalega aaj raat, bachay ghar mein hain",
        "Szef zabrał mi paszport i mówi, że muszę spłacić dług. Nie wolno mi wychodzić.",
    ],
)
def test_risk_in_other_languages_shows_the_routes(screen, message):
    assert screen.assess(message).detected


def test_both_margins_equal_their_definition_on_a_random_bank():
    rng = np.random.default_rng(7)
    unit = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)  # noqa: E731
    risky, safe = unit(rng.normal(size=(40, 8))), unit(rng.normal(size=(30, 8)))
    immediate = rng.random(40) < 0.3
    vectors = unit(rng.normal(size=(5, 8))).astype(np.float32)
    k = 4

    def top_mean(sims):
        return np.sort(sims, axis=1)[:, -k:].mean(axis=1)

    r, s = vectors @ risky.T, vectors @ safe.T
    risk, urgency = Neighbours(risky, safe, k, immediate, 0).margins(vectors)
    assert np.allclose(risk, top_mean(r) - top_mean(s), atol=1e-6)
    assert np.allclose(urgency, top_mean(r[:, immediate]) - top_mean(r[:, ~immediate]), atol=1e-6)


def test_margins_read_in_the_banks_leading_directions_match_the_full_ones_on_its_span():
    # exemplars and messages in a 3-dimensional subspace of 8: a projection onto the bank's
    # 3 leading directions keeps every cosine, so the margins are the full-width ones
    rng = np.random.default_rng(1)
    span = np.linalg.qr(rng.normal(size=(8, 3)))[0].T  # 3 orthonormal rows
    unit = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)  # noqa: E731
    risky = unit(rng.normal(size=(30, 3)) @ span)
    safe = unit(rng.normal(size=(20, 3)) @ span)
    immediate = rng.random(30) < 0.4
    vectors = unit(rng.normal(size=(6, 3)) @ span).astype(np.float32)
    full = Neighbours(risky, safe, 4, immediate, 0).margins(vectors)
    projected = Neighbours(risky, safe, 4, immediate, 3).margins(vectors)
    assert np.allclose(full[0], projected[0], atol=1e-5)
    assert np.allclose(full[1], projected[1], atol=1e-5)
    # fewer directions than the span: the cosines change (the projection is really used)
    narrow = Neighbours(risky, safe, 4, immediate, 1).margins(vectors)
    assert not np.allclose(full[0], narrow[0], atol=1e-3)


def test_the_shipped_model_reads_its_neighbours_in_the_configured_width():
    from assistant.settings import load_settings

    wanted = load_settings().safety.tuning.neighbour_dimensions
    assert RiskModel.load().neighbours.dimensions == wanted
