"""Follow-up rewriting and the LangChain retriever adapter."""

from __future__ import annotations

from langchain_core.retrievers import BaseRetriever

from assistant.retrieval.followup import FollowUpRewriter
from assistant.retrieval.langchain_retriever import NewsletterRetriever
from assistant.retrieval.retriever import HybridRetriever
from assistant.types import Filters, Turn
from tests.fakes import lexical_index, production

HISTORY = (
    Turn("user", "How do I contact First Response Children's Duty?"),
    Turn("assistant", "Call them [1]."),
)


def test_follow_up_rewriter_adds_the_previous_question_topic():
    query = rewriter()("and what's their number?", HISTORY)
    assert "first" in query and "response" in query and "duty" in query


def test_follow_up_rewriter_swaps_the_area_a_follow_up_names():
    history = (Turn("user", "who do I ring in Leicestershire if a child has an injury?"),)
    query = rewriter()("and in Rutland?", history)
    assert query == "who do I ring in Rutland if a child has an injury?"


def test_follow_up_rewriter_swaps_the_audience_a_follow_up_names():
    history = (Turn("user", "what training is there for children's services staff on neglect?"),)
    query = rewriter()("what about for adults?", history)
    assert "adults" in query and "children" not in query and "neglect" in query


def test_follow_up_rewriter_adds_an_area_the_first_question_left_out():
    history = (Turn("user", "who do I call about a child at risk?"),)
    assert rewriter()("what about in the city?", history).endswith("in Leicester City?")


def test_follow_up_rewriter_leaves_a_standalone_question_alone():
    question = "What is Turning Point?"
    assert rewriter()(question, HISTORY) == question


def test_follow_up_rewriter_without_history_returns_the_question():
    assert rewriter()("and their number?", ()) == "and their number?"


def test_follow_up_rewriter_ignores_assistant_turns():
    history = (Turn("assistant", "Safeguarding adults board"),)
    assert rewriter()("and their email?", history) == "and their email?"


def test_newsletter_retriever_returns_documents_with_metadata(
    small_index, fake_embedder, tmp_path
):
    store, _, _ = small_index
    hybrid = HybridRetriever(
        store, lexical_index(store, tmp_path / "lex"), fake_embedder, production().retrieval, None
    )
    lc = NewsletterRetriever(retriever=hybrid, filters=Filters(date_from="2020-01"))
    assert isinstance(lc, BaseRetriever)
    docs = lc.invoke("choking food")
    assert docs and docs[0].metadata["section"] == "Choking risks"
    assert docs[0].metadata["date"] == "2021-06" and docs[0].metadata["issue"] == "9"
    assert all(d.metadata["date"] >= "2020-01" for d in docs)


def rewriter() -> FollowUpRewriter:
    return FollowUpRewriter(production().retrieval.follow_up)
