"""The chat's behaviour without a browser: streamed states, notices, feedback."""

from __future__ import annotations

import pytest

from web.catalog import Catalog
from web.conversation import ChatState, Conversation
from web.feedback import FeedbackStore
from web.ratelimit import RateLimiter


@pytest.fixture()
def convo(standin_assistant, standin_store, tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3", 90)
    conversation = Conversation(
        standin_assistant, Catalog(standin_store), store, RateLimiter(5), RateLimiter(3)
    )
    return conversation, store


def test_conversation_first_state_shows_routes_before_text(convo):
    conversation, _ = convo
    states = [
        s.messages[-1]["content"]
        for s in conversation.reply(
            ChatState(), "someone will hurt the Prevent duty schools", "ip:1"
        )
    ]
    assert "llr-immediate" in states[0] and "Prevent duty requires" not in states[0]
    assert states[-1].index('class="llr-routes') < states[-1].index("Prevent duty requires")


def test_conversation_final_state_has_citation_cards(convo):
    conversation, _ = convo
    *_, last = conversation.reply(ChatState(), "What is the Prevent duty for schools?", "ip:1")
    assert "llr-cite" in last.messages[-1]["content"]
    assert len(last.turns) == 2


def test_conversation_blank_question_gives_notice(convo):
    conversation, _ = convo
    (state,) = list(conversation.reply(ChatState(), "  ", "ip:1"))
    assert "type a question" in state.messages[-1]["content"]


def test_conversation_index_down_says_so(convo, standin_store):
    conversation, _ = convo
    standin_store.down = True
    *_, last = conversation.reply(ChatState(), "What is the Prevent duty?", "ip:1")
    assert "unavailable" in last.messages[-1]["content"]


def test_conversation_bad_filter_gives_notice(convo):
    conversation, _ = convo
    (state,) = list(conversation.reply(ChatState(), "Prevent duty", "ip:1", date_from="2020/01"))
    assert "YYYY-MM" in state.messages[-1]["content"]


def test_conversation_rate_limit_gives_notice(convo):
    conversation, _ = convo
    for _ in range(5):
        list(conversation.reply(ChatState(), "Prevent duty schools", "ip:9"))
    (state,) = list(conversation.reply(ChatState(), "Prevent duty schools", "ip:9"))
    assert "Too many" in state.messages[-1]["content"]


def test_conversation_feedback_without_opt_in_drops_question(convo):
    conversation, store = convo
    *_, state = conversation.reply(ChatState(), "What is the Prevent duty for schools?", "ip:1")
    conversation.rate(state, "down", "not useful", share_question=False)
    assert store.rows()[0].question is None and store.rows()[0].comment == "not useful"


def test_conversation_feedback_with_opt_in_keeps_question(convo):
    conversation, store = convo
    *_, state = conversation.reply(ChatState(), "What is the Prevent duty for schools?", "ip:1")
    conversation.rate(state, "up", share_question=True)
    assert store.rows()[0].question == "What is the Prevent duty for schools?"


def test_conversation_logs_no_question_text(convo, caplog):
    import logging

    conversation, _ = convo
    with caplog.at_level(logging.DEBUG):
        list(conversation.reply(ChatState(), "Is Jayden-Unique safe? Prevent duty schools", "ip:1"))
    assert any("chat ask" in r.getMessage() for r in caplog.records)
    assert not any("Jayden" in r.getMessage() for r in caplog.records)


def test_conversation_rate_limited_risky_message_is_still_answered_with_routes(convo):
    conversation, _ = convo
    for _ in range(6):
        list(conversation.reply(ChatState(), "Prevent duty schools", "ip:7"))
    *_, last = conversation.reply(ChatState(), "he said he will hurt her tonight", "ip:7")
    html = last.messages[-1]["content"]
    assert 'class="llr-routes' in html and "Too many" not in html


def test_conversation_bad_filter_on_a_risky_message_keeps_the_routes(convo):
    conversation, _ = convo
    (state,) = list(
        conversation.reply(ChatState(), "he will hurt the kids", "ip:1", date_from="2020/01")
    )
    html = state.messages[-1]["content"]
    assert html.index('class="llr-routes') < html.index("YYYY-MM")


def test_conversation_internal_fault_keeps_the_routes(convo, standin_assistant, monkeypatch):
    conversation, _ = convo

    def broken(*args, **kwargs):
        raise RuntimeError("something broke")

    monkeypatch.setattr(standin_assistant._retriever, "retrieve", broken)
    *_, last = conversation.reply(ChatState(), "he will hurt the kids", "ip:1")
    html = last.messages[-1]["content"]
    assert 'class="llr-routes' in html and "no answer could be given" in html


def test_conversation_broken_emoji_is_repaired(convo):
    conversation, _ = convo
    *_, last = conversation.reply(ChatState(), "What is the Prevent duty? \ud83d", "ip:1")
    assert "\ud83d" not in last.messages[-2]["content"]


def test_conversation_feedback_over_the_limit_is_refused_and_not_stored(convo):
    conversation, store = convo
    *_, state = conversation.reply(ChatState(), "What is the Prevent duty for schools?", "ip:1")
    replies = [conversation.rate(state, "up", client="ip:7") for _ in range(4)]
    assert all(r.startswith("Thank you") for r in replies[:3])
    assert "Too much feedback" in replies[3]
    assert len(store.rows()) == 3


def test_conversation_feedback_limit_is_per_client(convo):
    conversation, store = convo
    *_, state = conversation.reply(ChatState(), "What is the Prevent duty for schools?", "ip:1")
    for _ in range(3):
        conversation.rate(state, "up", client="ip:7")
    assert conversation.rate(state, "down", client="ip:8").startswith("Thank you")
