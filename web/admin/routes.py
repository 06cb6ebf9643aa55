"""The /admin routes. Every route asks `_admin` first; every form post checks its token."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile

from assistant.errors import AssistantError
from web.admin import context as ctx
from web.admin import screens, views
from web.admin.changes import Change, describe
from web.admin.context import Refused
from web.admin.html import CSP, HEADERS
from web.admin.uploads import check_details, check_file, file_label, safe_name, suffix_of

log = logging.getLogger(__name__)

router = APIRouter(prefix="/admin", include_in_schema=False)


@router.get("")
def overview(request: Request) -> Response:
    try:
        user = ctx.admin(request)
    except Refused as refused:
        return refused.response
    return ctx.html("Newsletters", views.overview(ctx.overview_state(request, user)), request, user)


@router.get("/status.json")
def status(request: Request) -> Response:
    try:
        ctx.admin(request)
    except Refused as refused:
        return refused.response
    svc = ctx.svc(request)
    jobs = {"change": svc.changes.board.current(), "eval": svc.evals.board.current()}
    body = {k: (j.to_dict() if j else None) for k, j in jobs.items()}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@router.post("/add")
async def add(request: Request) -> Response:
    try:
        user, form = await ctx.posted(request)
        details, data, label, errors = await _upload(request, form)
        name = "" if errors else safe_name(details, suffix_of(label))
        if name and (name in ctx.svc(request).corpus.files() or name in ctx.indexed_names(request)):
            errors["title"] = (
                f"A newsletter with this title, issue and month is already there ({name}). "
                "To change it, use Replace in the list of newsletters."
            )
        if not errors:
            change = Change(
                "add", describe(details.title, details.issue, details.date), name,
                entry=details.entry(label), data=data, client_file=label,
            )  # fmt: skip
            errors = ctx.start(request, user, change)
        if errors:
            fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
            state = ctx.overview_state(request, user, form=fields, errors=errors)
            return ctx.html("Newsletters", views.overview(state), request, user, 400)
    except Refused as refused:
        return refused.response
    return ctx.back(request)


async def _upload(request: Request, form: Any) -> tuple[Any, bytes, str, dict[str, str]]:
    """(details, file bytes, the client's file name cleaned, {field: problem})."""
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    details, errors = check_details(fields)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return details, b"", "", {"file": "Choose the newsletter file to upload.", **errors}
    label = file_label(upload.filename)
    limit = ctx.svc(request).max_upload_bytes
    data = await upload.read(limit + 1)
    problem = check_file(label, data, limit)
    if problem:
        errors = {"file": problem, **errors}
    return details, data, label, errors


def _known(request: Request, source: object) -> dict[str, Any] | None:
    """The newsletter named `source` when its file is in the corpus folder, else None."""
    svc = ctx.svc(request)
    if not isinstance(source, str) or source not in svc.corpus.files():
        return None
    try:
        indexed = {d["source"]: d for d in svc.indexed()}
    except AssistantError:
        indexed = {}
    entry = svc.corpus.entries().get(source, {})
    doc = {"source": source, "title": entry.get("title", source), "issue": entry.get("issue"),
           "date": entry.get("date", ""), "area": entry.get("area", ""),
           "publisher": entry.get("publisher", "")}  # fmt: skip
    return doc | {k: v for k, v in indexed.get(source, {}).items() if v}


def _overview_again(request: Request, user: str, errors: dict[str, str]) -> Response:
    state = ctx.overview_state(request, user, errors=errors)
    return ctx.html("Newsletters", views.overview(state), request, user, 409)


def _not_found(request: Request, user: str) -> Response:
    return ctx.html(
        "Newsletter not found", screens.not_found(ctx.root(request)), request, user, 404
    )


@router.get("/replace")
def replace_form(request: Request, source: str = "") -> Response:
    try:
        user = ctx.admin(request)
    except Refused as refused:
        return refused.response
    doc = _known(request, source)
    if doc is None:
        return _not_found(request, user)
    token = ctx.svc(request).tokens().issue(user)
    form = {k: str(doc.get(k) or "") for k in ("title", "issue", "date", "area", "publisher")}
    body = screens.replace_page(ctx.root(request), token, doc, form, {})
    return ctx.html("Replace a newsletter", body, request, user)


@router.post("/replace")
async def replace(request: Request) -> Response:
    try:
        user, form = await ctx.posted(request)
        doc = _known(request, form.get("source"))
        if doc is None:
            return _not_found(request, user)
        details, data, label, errors = await _upload(request, form)
        name = _replacement_name(request, doc["source"], label, errors)
        if not errors:
            old = ctx.svc(request).corpus.entries().get(doc["source"], {})
            change = Change(
                "replace", describe(details.title, details.issue, details.date), name,
                drop=doc["source"] if name != doc["source"] else "",
                entry=_merged(old, details.entry(label), details.date), data=data,
                client_file=label,
            )  # fmt: skip
            errors = ctx.start(request, user, change)
        if errors:
            fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
            token = ctx.svc(request).tokens().issue(user)
            body = screens.replace_page(ctx.root(request), token, doc, fields, errors)
            return ctx.html("Replace a newsletter", body, request, user, 400)
    except Refused as refused:
        return refused.response
    return ctx.back(request)


def _replacement_name(request: Request, source: str, label: str, errors: dict[str, str]) -> str:
    """The old file's name with the new file's extension (citations keep their name)."""
    if errors:
        return ""
    name = source.rsplit(".", 1)[0] + suffix_of(label)
    if name != source and name in ctx.svc(request).corpus.files():
        errors["file"] = f"Another newsletter already uses the name {name}."
    return name


def _merged(old: dict[str, Any], new: dict[str, str], date: str) -> dict[str, str]:
    """The new details over the old entry; a note on how the old date was inferred stays
    only while the date is unchanged."""
    kept = {k: str(v) for k, v in old.items() if k == "date_note" and old.get("date") == date}
    return kept | new


@router.get("/remove")
def remove_form(request: Request, source: str = "") -> Response:
    try:
        user = ctx.admin(request)
    except Refused as refused:
        return refused.response
    doc = _known(request, source)
    if doc is None:
        return _not_found(request, user)
    token = ctx.svc(request).tokens().issue(user)
    body = screens.remove_page(ctx.root(request), token, doc)
    return ctx.html("Remove a newsletter", body, request, user)


@router.post("/remove")
async def remove(request: Request) -> Response:
    try:
        user, form = await ctx.posted(request)
        doc = _known(request, form.get("source"))
        if doc is None:
            return _not_found(request, user)
        label = describe(doc["title"], doc.get("issue"), doc["date"])
        errors = ctx.start(request, user, Change("remove", label, drop=doc["source"]))
        if errors:
            return _overview_again(request, user, errors)
    except Refused as refused:
        return refused.response
    return ctx.back(request)


@router.post("/reindex")
async def reindex(request: Request) -> Response:
    try:
        user, _ = await ctx.posted(request)
        errors = ctx.start(request, user, Change("reindex", "The newsletters folder"))
        if errors:
            return _overview_again(request, user, errors)
    except Refused as refused:
        return refused.response
    return ctx.back(request)


@router.post("/eval")
async def run_eval(request: Request) -> Response:
    try:
        user, _ = await ctx.posted(request)
        if ctx.svc(request).evals.start(user) is None:
            errors = {"eval-h": "The quality check is already running."}
            return _overview_again(request, user, errors)
    except Refused as refused:
        return refused.response
    return ctx.back(request)


@router.get("/eval/report.html")
def eval_report(request: Request) -> Response:
    try:
        ctx.admin(request)
    except Refused as refused:
        return refused.response
    path = ctx.svc(request).evals.report_html()
    if path is None:
        return JSONResponse({"error": "No report yet."}, 404)
    text = path.read_text(encoding="utf-8")
    styles = re.findall(r"<style>(.*?)</style>", text, flags=re.S)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in styles
    )
    # The report's own style block is allowed by its hash; it has no scripts at all.
    styles_src = hashes or "'none'"
    csp = CSP.replace("style-src 'self'", f"style-src {styles_src}")
    csp = csp.replace("img-src 'self'", "img-src data:")
    return HTMLResponse(text, headers=HEADERS | {"Content-Security-Policy": csp})
