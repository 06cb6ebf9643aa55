"""The evaluation report: a terminal summary, report.md and a self-contained report.html."""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from evals import plots
from evals.check import Verdict
from evals.runner import EvalRun, failures_first
from evals.summary import HEADLINES, LABELS, fmt, status, summary_text, verdict_map

__all__ = ["fmt", "render_html", "render_markdown", "summary_text", "write_report"]
FOLD_METRICS = ("key_facts_all", "answered_share", "refusal_recall", "hit@5", "citation_validity")


def _charts(run: EvalRun) -> list[tuple[str, str, bytes]]:
    out = []
    for name, title, png in (
        (
            "hit_at_k.png",
            "Retrieval hit@k against the dense baseline",
            plots.hit_curve(run.metrics),
        ),
        ("latency.png", "Latency by stage", plots.latency_histogram(run.records)),
        (
            "risk_by_category.png",
            "Risk recall by category",
            plots.risk_by_category(run.by_category),
        ),
    ):
        if png:
            out.append((name, title, png))
    return out


def _headline_rows(run: EvalRun, vm: Mapping[str, Verdict]) -> list[list[str]]:
    rows = []
    for title, names in HEADLINES:
        for n in names:
            v = vm.get(n)
            rows.append(
                [
                    title,
                    LABELS.get(n, n),
                    n,
                    fmt(run.metrics.get(n)),
                    v.bound if v else "",
                    status(n, vm),
                ]
            )
            title = ""
    return rows


def _metric_rows(run: EvalRun, vm: Mapping[str, Verdict]) -> list[list[str]]:
    return [
        [k, fmt(v), fmt(run.sizes.get(k, "")), vm[k].bound if k in vm else "", status(k, vm)]
        for k, v in run.metrics.items()
    ]


def _fold_rows(run: EvalRun) -> list[list[str]]:
    rows = []
    for name, fold in run.folds.items():
        c = fold["counts"]
        asked = c.get("answerable", 0) + c.get("unanswerable", 0) + c.get("doubtful", 0)
        rows.append([name, str(asked), *(fmt(fold["metrics"].get(k)) for k in FOLD_METRICS)])
    return rows


def _case_rows(run: EvalRun) -> list[list[str]]:
    return [
        [
            r["id"],
            r["kind"],
            "FAIL" if r["failures"] else "pass",
            r["question"][:160],
            "; ".join(r["failures"]),
            r["expected"] if r["failures"] else "",
            r["got"] if r["failures"] else "",
        ]
        for r in failures_first(run.records)
    ]


CASE_HEAD = ["id", "kind", "result", "question / message", "failures", "expected", "came back"]
HEAD_HEAD = ["check", "what it measures", "metric", "value", "threshold", "result"]
METRIC_HEAD = ["metric", "value", "n", "threshold", "result"]
FOLD_HEAD = ["held-out newsletter", "questions", *FOLD_METRICS]
FOLD_NOTE = (
    "Each newsletter's questions measured with anything learned fitted without them; "
    "the metrics above are the mean over these folds."
)


def _md_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cell(s: str) -> str:
        return " ".join(str(s).split()).replace("|", "\\|")

    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def render_markdown(run: EvalRun, verdicts: Sequence[Verdict], charts: Sequence[tuple]) -> str:
    vm = verdict_map(verdicts)
    parts = [
        "# Evaluation report",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC over: {', '.join(run.datasets)}",
        "```\n" + summary_text(run, verdicts) + "\n```",
        "## At a glance",
        _md_table(HEAD_HEAD, _headline_rows(run, vm)),
        *(
            ["## Leave one newsletter out", FOLD_NOTE, _md_table(FOLD_HEAD, _fold_rows(run))]
            if run.folds
            else []
        ),
        "## Charts",
        *[f"### {title}\n\n![{title}]({name})" for name, title, _ in charts],
        "## All metrics",
        _md_table(METRIC_HEAD, _metric_rows(run, vm)),
        "## Every case (failures first)",
        _md_table(CASE_HEAD, _case_rows(run)),
    ]
    return "\n\n".join(parts) + "\n"


CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f3f7} td.FAIL{background:#fbe3e0;font-weight:bold;color:#8b1a10}
td.PASS,td.pass{color:#1d6b3c} pre{background:#f6f6f6;padding:.8rem;overflow:auto}
img{max-width:100%;border:1px solid #ddd;margin:.5rem 0}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
"""


def _html_table(head: Sequence[str], rows: Sequence[Sequence[str]], status_col: int) -> str:
    out = ["<table><thead><tr>", *[f"<th>{html.escape(h)}</th>" for h in head]]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = []
        for i, c in enumerate(row):
            cls = f' class="{html.escape(str(c))}"' if i == status_col and c else ""
            cells.append(f"<td{cls}>{html.escape(str(c))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(run: EvalRun, verdicts: Sequence[Verdict], charts: Sequence[tuple]) -> str:
    vm = verdict_map(verdicts)
    imgs = "".join(
        f'<figure><img alt="{html.escape(title)}" src="data:image/png;base64,'
        f'{base64.b64encode(png).decode()}">'
        f"<figcaption>{html.escape(title)}</figcaption></figure>"
        for _, title, png in charts
    )
    body = [
        "<h1>Evaluation report</h1>",
        f"<p>Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC over: "
        f"{html.escape(', '.join(run.datasets))}</p>",
        f"<pre>{html.escape(summary_text(run, verdicts))}</pre>",
        "<h2>At a glance</h2>",
        _html_table(HEAD_HEAD, _headline_rows(run, vm), 5),
        *(
            [
                "<h2>Leave one newsletter out</h2>",
                f"<p>{html.escape(FOLD_NOTE)}</p>",
                _html_table(FOLD_HEAD, _fold_rows(run), -1),
            ]
            if run.folds
            else []
        ),
        "<h2>Charts</h2>",
        f'<div class="charts">{imgs}</div>',
        "<h2>All metrics</h2>",
        _html_table(METRIC_HEAD, _metric_rows(run, vm), 4),
        "<h2>Every case (failures first)</h2>",
        _html_table(CASE_HEAD, _case_rows(run), 2),
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Evaluation report</title><style>{CSS}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )


def write_report(run: EvalRun, verdicts: Sequence[Verdict], out_dir: Path) -> dict[str, Path]:
    """report.md (with the charts as PNG files beside it) and a self-contained report.html."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    charts = _charts(run)
    for name, _, png in charts:
        (out_dir / name).write_bytes(png)
    md, page = out_dir / "report.md", out_dir / "report.html"
    md.write_text(render_markdown(run, verdicts, charts), encoding="utf-8")
    page.write_text(render_html(run, verdicts, charts), encoding="utf-8")
    return {"markdown": md, "html": page}
