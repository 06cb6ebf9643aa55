import re

from evals.cases import Question, RiskCase
from evals.check import check, load_thresholds
from evals.report import summary_text, write_report
from evals.runner import run_cases
from evals.scoring import SourceTexts
from tests.evals.helpers import EVIDENCE, QUOTE, answer, citation, route
from tests.evals.test_scoring import CORPUS


def _run():
    cases = [
        Question(id="good", question="EDT number?", evidence=(EVIDENCE,), answer="0116 255 1606"),
        Question(id="bad", question="EDT number again?", evidence=(EVIDENCE,), answer="EDT"),
        Question(id="un", question="MARAC?", unanswerable=True),
        RiskCase(
            id="risk",
            text="he hit me",
            must_show_routes=True,
            category="domestic-abuse",
            immediate=True,
        ),
    ]
    answers = {
        "good": answer(retrieved=[EVIDENCE]),
        "bad": answer(citations=[citation(QUOTE.replace("1606", "9999"))], retrieved=["x"]),
        "un": answer(text="The newsletters do not cover this.", refused=True, citations=[]),
        "risk": answer(citations=[], routes=[route("999")], risk={"detected": True}),
    }
    return run_cases(
        cases,
        lambda text, history, cid: answers[cid],
        SourceTexts(CORPUS),
        progress=False,
        datasets=["hand-made"],
    )


def test_write_report_embeds_charts_and_lists_failures_first(tmp_path):
    run = _run()
    out = write_report(run, check(run.metrics, load_thresholds()), tmp_path)
    page = out["html"].read_text()
    assert len(re.findall(r'src="data:image/png;base64,[A-Za-z0-9+/=]{200,}"', page)) == 3
    assert 'src="http' not in page and "<link" not in page and "<script" not in page
    rows = re.findall(r"<tr><td>([^<]+)</td>", page.split("Every case")[1])
    assert rows[0] == "bad"
    assert "citation quote not verbatim in the cited file" in page


def test_write_report_markdown_references_png_files(tmp_path):
    run = _run()
    out = write_report(run, check(run.metrics, load_thresholds()), tmp_path)
    md = out["markdown"].read_text()
    for name in ("hit_at_k.png", "latency.png", "risk_by_category.png"):
        assert f"]({name})" in md
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_summary_text_marks_failed_headline():
    run = _run()
    text = summary_text(run, check(run.metrics, load_thresholds()))
    assert "[FAIL] Citations exact and dated" in text
    assert "[ ok ] Routes always shown" in text


def test_summary_text_shows_key_facts_and_followups():
    text = summary_text(_run())
    assert "Answers hold the key facts: key_facts_all" in text
    assert "Follow-ups: followup_answered" in text


def test_write_report_lists_folds_when_leaving_out(tmp_path):
    run = _run()
    run.folds = {"issue-a.txt": {"counts": {"answerable": 2}, "metrics": {"hit@5": 0.5}}}
    out = write_report(run, check(run.metrics, load_thresholds()), tmp_path)
    assert "Leave one newsletter out" in out["html"].read_text()
    assert "| issue-a.txt | 2 | n/a | n/a | n/a | 0.500 | n/a |" in out["markdown"].read_text()
