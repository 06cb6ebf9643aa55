"""The /admin pages, built from plain data (nothing here reads files or the index)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from assistant.dates import month_label
from web.admin.changes import describe
from web.admin.evaluation import EvalSummary
from web.admin.html import (
    AREA_LABELS,
    button,
    error_summary,
    esc,
    hidden,
    notice,
    select,
)
from web.admin.html import (
    field as input_field,
)
from web.admin.jobs import DONE, FAILED, RUNNING, Job
from web.admin.uploads import SUFFIXES

ACCEPT = ",".join(SUFFIXES)
FIELD_IDS = {n: f"f-{n}" for n in ("file", "title", "issue", "date", "area", "publisher")}
FIELD_IDS["busy"] = "change-h"  # a change already running: the summary points at its panel
ACTIONS = {
    "add": "Add",
    "replace": "Replace",
    "remove": "Remove",
    "reindex": "Re-index the folder",
    "eval": "Quality check",
}
OUTCOMES = {"done": "Done", "failed": "Not done"}


@dataclass
class Overview:
    root: str
    user: str
    token: str
    documents: list[dict[str, Any]] | None  # None: the index cannot be read now
    files: dict[str, float]  # corpus file name -> modification time (seconds)
    change: Job | None
    evaluation: Job | None
    summary: EvalSummary | None
    has_report: bool
    audit: list[dict[str, Any]]
    max_mb: float
    timezone: str
    form: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def when(stamp: float | str, timezone: str) -> str:
    """'3 Dec 2025, 14:05' in the office's time zone."""
    try:
        moment = (
            datetime.fromisoformat(stamp)
            if isinstance(stamp, str)
            else datetime.fromtimestamp(stamp, UTC)
        )
    except (ValueError, OSError):
        return str(stamp)
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local.day} {local:%b %Y, %H:%M}"


def overview(o: Overview) -> str:
    return "".join(
        [
            "<h1>Newsletters</h1>",
            '<p class="lead">Add, replace or remove the newsletters the assistant answers '
            "from. Each change is indexed in the background; until it is ready the assistant "
            "keeps answering from the newsletters it already has.</p>",
            error_summary(o.errors, FIELD_IDS),
            job_panel("change", "Latest change", o.change, o.timezone),
            newsletter_table(o),
            add_form(o),
            eval_section(o),
            audit_table(o.audit, o.timezone),
        ]
    )


def job_panel(kind: str, heading: str, job: Job | None, timezone: str) -> str:
    if job is None:
        return ""
    return (
        f'<section class="job" aria-labelledby="{kind}-h" data-job="{kind}" '
        f'data-state="{esc(job.state)}"><h2 id="{kind}-h">{esc(heading)}</h2>'
        f"{job_body(job, timezone)}</section>"
    )


def job_body(job: Job, timezone: str) -> str:
    started = f"Started by {job.user} at {when(job.started, timezone)}."
    if job.state == RUNNING:
        percent = "" if job.percent is None else f"{job.percent}%"
        value = "" if job.percent is None else f' value="{job.percent}"'
        return (
            f'<p class="job-label">{esc(job.label)}</p>'
            f'<p><span role="status" class="job-phase" id="job-{esc(job.id)}">{esc(job.phase)}'
            f'</span> <span class="percent" aria-hidden="true">{esc(percent)}</span></p>'
            f'<progress max="100"{value} aria-labelledby="job-{esc(job.id)}"></progress>'
            f'<p class="hint">{esc(started)} This page updates by itself.</p>'
        )
    kind = {DONE: "success", FAILED: "error"}.get(job.state, "warning")
    heading = {DONE: "Done", FAILED: "Not done"}.get(job.state, "Interrupted")
    return (
        '<div role="status">'
        + notice(kind, f"{heading}: {job.label}", [job.message, started], job.problems)
        + "</div>"
    )


def newsletter_table(o: Overview) -> str:
    head = '<section aria-labelledby="list-h"><h2 id="list-h">Newsletters in the index</h2>'
    if o.documents is None:
        return (
            head
            + notice("error", "The index cannot be read right now", ["Try again in a minute."])
            + "</section>"
        )
    if not o.documents:
        return head + "<p>The index is empty. Add a newsletter below.</p></section>"
    rows = "".join(_row(d, o) for d in o.documents)
    return (
        head + f"<p>{len(o.documents)} newsletters, "
        f"{sum(int(d.get('chunks', 0)) for d in o.documents)} passages.</p>"
        '<table class="docs"><thead><tr><th scope="col">Title</th><th scope="col">Issue</th>'
        '<th scope="col">Date</th><th scope="col">Passages</th><th scope="col">Added</th>'
        '<th scope="col">File</th><th scope="col">Actions</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>{reindex_form(o)}</section>"
    )


def _row(d: dict[str, Any], o: Overview) -> str:
    name = d["source"]
    added = when(o.files[name], o.timezone) if name in o.files else "–"
    label = describe(d["title"], d.get("issue"), d["date"])
    if name in o.files:
        q = f"?source={esc(_quote(name))}"
        actions = (
            f'<span class="row-actions"><a class="action" href="{esc(o.root)}/admin/replace{q}">'
            f'Replace<span class="visually-hidden"> {esc(label)}</span></a> '
            f'<a class="action danger" href="{esc(o.root)}/admin/remove{q}">Remove'
            f'<span class="visually-hidden"> {esc(label)}</span></a></span>'
        )
    else:
        actions = '<span class="hint">Not in the newsletters folder</span>'
    cells = [
        ("Title", esc(d["title"])),
        ("Issue", esc(d["issue"]) if d.get("issue") else '<span class="hint">none</span>'),
        ("Date", esc(month_label(d["date"], short=False))),
        ("Passages", esc(d.get("chunks", ""))),
        ("Added", esc(added)),
        ("File", f'<span class="file">{esc(name)}</span>'),
        ("Actions", actions),
    ]
    tds = "".join(f'<td data-label="{lab}">{val}</td>' for lab, val in cells)
    return f"<tr>{tds}</tr>"


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def details_fields(form: dict[str, str], errors: dict[str, str], file_required: bool) -> str:
    return "".join(
        [
            input_field(
                "file", "Newsletter file", kind="file", required=file_required,
                hint="A text (.txt), Markdown (.md), PDF, Word (.docx) or web page (.html) file.",
                error=errors.get("file", ""), extra=f'accept="{ACCEPT}"',
            ),
            input_field(
                "title", "Title", value=form.get("title", ""), required=True,
                hint="As printed on the newsletter, for example Safeguarding Matters.",
                error=errors.get("title", ""), extra='maxlength="120" autocomplete="off"',
            ),
            input_field(
                "issue", "Issue", value=form.get("issue", ""),
                hint="The issue number printed on it, for example 29. Leave empty if it has none.",
                error=errors.get("issue", ""), extra='maxlength="20" autocomplete="off"',
            ),
            input_field(
                "date", "Month of the issue", value=form.get("date", ""), kind="month",
                required=True, hint="Year and month, for example 2023-01.",
                error=errors.get("date", ""), extra='placeholder="YYYY-MM" pattern="\\d{4}-\\d{2}"',
            ),
            select("area", "Area it covers", AREA_LABELS, form.get("area", ""),
                   errors.get("area", "")),
            input_field(
                "publisher", "Publisher", value=form.get("publisher", ""),
                hint="For example Leicestershire and Rutland Safeguarding Children Partnership.",
                error=errors.get("publisher", ""), extra='maxlength="200"',
            ),
        ]
    )  # fmt: skip


def add_form(o: Overview) -> str:
    return (
        '<section aria-labelledby="add-h"><h2 id="add-h">Add a newsletter</h2>'
        f"<p>Files up to {o.max_mb:g} MB. The file is checked before anything changes; a file "
        "that cannot be read is refused with the reason.</p>"
        f'<form method="post" action="{esc(o.root)}/admin/add" enctype="multipart/form-data" '
        'class="stack" data-max-bytes="'
        + str(int(o.max_mb * 1048576))
        + '">'
        + hidden("token", o.token)
        + details_fields(o.form, o.errors, file_required=True)
        + button("Add newsletter")
        + "</form></section>"
    )


def reindex_form(o: Overview) -> str:
    return (
        f'<form method="post" action="{esc(o.root)}/admin/reindex" class="inline">'
        + hidden("token", o.token)
        + "<p>Files copied into the newsletters folder by hand are indexed when you "
        + "re-index it.</p>"
        + button("Re-index the newsletters folder", "secondary")
        + "</form>"
    )


def eval_section(o: Overview) -> str:
    parts = [
        '<section aria-labelledby="eval-h"><h2 id="eval-h">Quality check</h2>',
        "<p>Asks the assistant every test question and risk message, and checks the "
        "answers, citations, refusals and emergency routes. Run it after adding an issue.</p>",
    ]
    if o.summary:
        rows = "".join(
            f"<li>{esc(h.title)}: <strong>{_verdict(h.passed)}</strong></li>"
            for h in o.summary.headlines
        )
        parts.append(
            f"<p>Last run {esc(when(o.summary.finished, o.timezone))}: {o.summary.cases} cases, "
            f'{o.summary.failed_cases} with failures.</p><ul class="checks">{rows}</ul>'
        )
    else:
        parts.append("<p>No quality check has been run from this page yet.</p>")
    if o.has_report:
        parts.append(
            f'<p><a href="{esc(o.root)}/admin/eval/report.html">Open the full report</a></p>'
        )
    parts.append(job_panel("eval", "Latest quality check", o.evaluation, o.timezone))
    parts.append(
        f'<form method="post" action="{esc(o.root)}/admin/eval">{hidden("token", o.token)}'
        f"{button('Run the quality check', 'secondary')}</form></section>"
    )
    return "".join(parts)


def _verdict(passed: bool | None) -> str:
    return {True: "passed", False: "FAILED", None: "not measured"}[passed]


def audit_table(entries: Sequence[dict[str, Any]], timezone: str) -> str:
    head = '<section aria-labelledby="log-h"><h2 id="log-h">Recent changes</h2>'
    finished = [e for e in entries if e.get("outcome") != "started"]
    if not finished:
        return head + "<p>No changes have been made from this page yet.</p></section>"
    rows = "".join(
        "<tr>"
        f'<td data-label="When">{esc(when(e.get("time", ""), timezone))}</td>'
        f'<td data-label="Who">{esc(e.get("user", ""))}</td>'
        f'<td data-label="What">{esc(ACTIONS.get(e.get("action", ""), e.get("action", "")))}'
        f"{': ' + esc(e['newsletter']) if e.get('newsletter') else ''}</td>"
        f'<td data-label="Result">{esc(OUTCOMES.get(e.get("outcome", ""), e.get("outcome")))}'
        "</td></tr>"
        for e in finished
    )
    return (
        head + '<table class="log"><thead><tr><th scope="col">When</th><th scope="col">Who</th>'
        '<th scope="col">What</th><th scope="col">Result</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )
