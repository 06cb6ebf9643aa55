"""The reranker: the passage holding the asked detail moves up; the tail keeps its order."""

from __future__ import annotations

import pytest

from assistant.retrieval.rerank import Reranker
from assistant.settings import RerankWeights
from tests.answer.helpers import make_chunk
from tests.fakes import HashingEmbedder, production

SOURCE = (
    "Private fostering\n\n"
    "Private fostering is an arrangement made without the local authority. "
    "It applies to children under 16.\n\n"
    "A parent must notify the local authority six weeks before the arrangement starts. "
    "Notification can be made by phone.\n\n"
    "Another article about training courses and booking places.\n"
)


def chunks():
    a = make_chunk(SOURCE, ["Private fostering is an arrangement made without the local "
                            "authority.", "It applies to children under 16."],
                   section="Private fostering", cid="a")
    b = make_chunk(SOURCE, ["A parent must notify the local authority six weeks before the "
                            "arrangement starts.", "Notification can be made by phone."],
                   section="Private fostering", cid="b")
    c = make_chunk(SOURCE, ["Another article about training courses and booking places."],
                   section="Training", cid="c")
    return {x.id: x for x in (a, b, c)}


def test_the_passage_with_the_asked_detail_moves_ahead():
    by_id = chunks()
    reranker = Reranker(HashingEmbedder(), _tuning())
    order, scores = reranker.rerank(
        "how many weeks before must a parent notify the local authority",
        ["a", "b", "c"], {"a": 0.5, "b": 0.45, "c": 0.1}, by_id,
        dense={"a": 0.6, "b": 0.55}, lexical={"a": 3.0, "b": 2.5, "c": 0.5},
    )
    assert order[0] == "b"
    assert scores["b"] > scores["a"]


def test_only_the_head_is_reranked_and_the_tail_keeps_its_order():
    by_id = chunks()
    reranker = Reranker(HashingEmbedder(), _tuning(rerank_depth=1))
    order, scores = reranker.rerank(
        "training courses", ["a", "b", "c"], {"a": 0.5, "b": 0.45, "c": 0.1}, by_id,
        dense={}, lexical={},
    )
    assert order == ["a", "b", "c"]
    assert scores["a"] > scores["b"] > scores["c"]


def test_fused_weight_alone_keeps_the_fused_order():
    by_id = chunks()
    only_fused = RerankWeights(dense=0, lexical=0, sentence=0, coverage=0, heading=0)
    order, _ = Reranker(HashingEmbedder(), _tuning(rerank=only_fused)).rerank(
        "notify six weeks", ["c", "a", "b"], {"c": 0.9, "a": 0.5, "b": 0.4}, by_id, {}, {}
    )
    assert order == ["c", "a", "b"]


def test_warm_up_embeds_every_passage_sentence_once():
    emb = HashingEmbedder()
    Reranker(emb, _tuning()).warm_up(list(chunks().values()), 64)
    assert emb.texts_embedded == 5


def test_depth_must_be_positive():
    with pytest.raises(ValueError):
        Reranker(HashingEmbedder(), _tuning(rerank_depth=0))


def _tuning(**update):
    return production().retrieval.model_copy(update=update)
