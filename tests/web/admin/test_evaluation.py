"""The quality check (`assistant eval`) run from /admin in the background."""

from __future__ import annotations

import sys
import time

import pytest

from tests.web.admin.conftest import form_token, wait_for_job
from web.admin.audit import AuditLog
from web.admin.evaluation import EvalRunner
from web.admin.jobs import Board

FAKE_EVAL = r"""
import json, pathlib, sys
out = pathlib.Path(sys.argv[sys.argv.index("--report") + 1])
(out / "report.html").write_text("<html><style>p{}</style><p>report</p></html>")
check = [{"metric": "risk_recall", "value": 1.0, "bound": 1.0, "passed": True},
         {"metric": "hit@5", "value": 0.5, "bound": 0.95, "passed": False}]
print(json.dumps({"counts": {"total": 7, "failed": 2}, "check": check}))
sys.exit(int(sys.argv[-1]))
"""


class FakeRunner(EvalRunner):
    """Runs a tiny script in place of `python -m evals`, with the same arguments."""

    def command(self, out_dir):
        real = super().command(out_dir)
        return [sys.executable, "-c", FAKE_EVAL, *real[3:]]


def _runner(tmp_path, code: int) -> EvalRunner:
    audit = AuditLog(tmp_path / "audit.jsonl")
    board = Board(tmp_path / "admin", "eval")
    return FakeRunner(tmp_path / "eval", tmp_path, board, audit, 60, [str(code)])


def _finish(runner: EvalRunner) -> object:
    deadline = time.time() + 60
    while (job := runner.board.current()).state == "running" and time.time() < deadline:
        time.sleep(0.05)
    return job


def test_eval_runner_publishes_report_and_summary(tmp_path):
    runner = _runner(tmp_path, 1)
    runner.start("office")
    job = _finish(runner)
    assert job.state == "done" and "some checks missed" in job.message
    summary = runner.latest()
    assert (summary.cases, summary.failed_cases) == (7, 2)
    verdicts = {h.title: h.passed for h in summary.headlines}
    assert verdicts["Routes always shown"] is True
    assert verdicts["Answers grounded"] is False
    assert runner.report_html().read_text().endswith("</html>")


def test_eval_runner_failure_keeps_the_last_report(tmp_path):
    good = _runner(tmp_path, 0)
    good.start("office")
    _finish(good)
    bad = _runner(tmp_path, 3)
    bad.start("office")
    job = _finish(bad)
    assert job.state == "failed" and "could not run" in job.message
    assert bad.latest().cases == 7


def test_admin_report_is_served_with_its_style_hashed(admin_client, site, monkeypatch):
    evals = site.app.state.admin.evals
    monkeypatch.setattr(evals, "__class__", FakeRunner)
    evals.extra_args = ["0"]
    response = admin_client.post("/admin/eval", data={"token": form_token(admin_client)})
    assert response.status_code == 200  # followed the redirect back to /admin
    assert wait_for_job(admin_client, "eval")["state"] == "done"
    page = admin_client.get("/admin").text
    assert "Routes always shown: <strong>passed</strong>" in page
    report = admin_client.get("/admin/eval/report.html")
    assert report.status_code == 200
    csp = report.headers["content-security-policy"]
    assert "style-src 'sha256-" in csp and "script-src 'self'" in csp


@pytest.mark.slow
def test_admin_runs_the_real_evaluation(admin_client, site):
    site.app.state.admin.evals.extra_args = ["--limit", "4", "--no-baseline"]
    admin_client.post("/admin/eval", data={"token": form_token(admin_client)})
    job = wait_for_job(admin_client, "eval", timeout=900)
    assert job["state"] == "done", job
    assert admin_client.get("/admin/eval/report.html").status_code == 200
