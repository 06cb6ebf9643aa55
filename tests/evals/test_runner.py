"""The runner plays out conversations whose history holds user turns only."""

from __future__ import annotations

from evals.cases import Question
from evals.runner import ask_case, run_cases, saved_answers
from evals.scoring import SourceTexts
from tests.evals.helpers import EVIDENCE, answer
from tests.evals.test_scoring import CORPUS

FIRST = "who covers out of hours for the county?"
FOLLOW = Question(
    id="c1",
    question="what's their number?",
    history=({"role": "user", "content": FIRST},),
    evidence=(EVIDENCE,),
    key_facts=("0116 255 1606",),
    fact_kind="contact",
)


class StandIn:
    """Answers every question with a fixed text and records what it was asked."""

    def __init__(self, texts: dict[str, str], refuse: tuple[str, ...] = ()) -> None:
        self.calls: list[tuple[str, list[dict], str]] = []
        self._texts, self._refuse = texts, refuse

    def __call__(self, text, history, case_id):
        self.calls.append((text, list(history), case_id))
        if case_id == "broken#1":
            raise RuntimeError("model down")
        return answer(
            text=self._texts.get(case_id, "The Emergency Duty Team [1]."),
            refused=case_id in self._refuse,
            retrieved=[EVIDENCE],
        )


def test_ask_case_asks_the_first_turn_then_the_followup_with_the_actual_answer():
    ask = StandIn({"c1#1": "The Emergency Duty Team covers it [1]."})
    answer_, notes = ask_case(ask, FOLLOW)
    (t1, h1, id1), (t2, h2, id2) = ask.calls
    assert (t1, h1, id1) == (FIRST, [], "c1#1")
    assert (t2, id2) == ("what's their number?", "c1")
    assert h2[0] == {"role": "user", "content": FIRST}
    assert h2[1]["role"] == "assistant"
    assert h2[1]["content"].startswith("The Emergency Duty Team covers it [1].")
    assert notes[0]["refused"] is False


def test_ask_case_uses_a_written_assistant_turn_as_given():
    written = Question(
        id="w",
        question="and at night?",
        history=(
            {"role": "user", "content": FIRST},
            {"role": "assistant", "content": "The EDT."},
        ),
    )
    ask = StandIn({})
    ask_case(ask, written)
    assert len(ask.calls) == 1 and ask.calls[0][1][1]["content"] == "The EDT."


def test_run_cases_scores_the_followup_like_any_question():
    ask = StandIn({"c1": "Ring 0116 2551606, option 2/1/1 [1]."})
    run = run_cases([FOLLOW], ask, SourceTexts(CORPUS), progress=False)
    rec = run.records[0]
    assert rec["followup"] and rec["key_facts_found"] == 1 and rec["failures"] == []
    assert run.metrics["followup_key_facts_all"] == 1.0
    assert run.metrics["followup_answered"] == 1.0
    assert rec["got"].startswith("(first turn answered)")


def test_run_cases_reports_followup_refusals_separately():
    un = Question(
        id="u1",
        question="and in Rutland?",
        history=({"role": "user", "content": FIRST},),
        unanswerable=True,
        near_miss=True,
    )
    ask = StandIn({"u1": "The newsletters don't cover this."}, refuse=("u1", "c1"))
    run = run_cases([FOLLOW, un], ask, SourceTexts(CORPUS), progress=False)
    assert run.metrics["followup_refused"] == 1.0
    assert run.metrics["followup_answered"] == 0.0
    assert run.metrics["followup_key_facts_all"] == 0.0


def test_run_cases_asks_the_followup_when_the_first_turn_fails():
    broken = Question(
        id="broken", question="their number?", history=({"role": "user", "content": FIRST},)
    )
    ask = StandIn({})
    rec = run_cases([broken], ask, SourceTexts(CORPUS), progress=False).records[0]
    assert ask.calls[-1][1] == [{"role": "user", "content": FIRST}]
    assert any("turn 1 error" in f for f in rec["failures"])


def test_saved_answers_without_first_turns_score_the_followup_alone(tmp_path):
    import json

    path = tmp_path / "answers.jsonl"
    row = answer(text="Ring 0116 255 1606 [1].", retrieved=[EVIDENCE]) | {"id": "c1"}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    run = run_cases([FOLLOW], saved_answers(path), SourceTexts(CORPUS), progress=False)
    rec = run.records[0]
    assert rec["failures"] == [] and rec["key_facts_found"] == 1
    assert rec["earlier_turns"][0]["refused"] is None
