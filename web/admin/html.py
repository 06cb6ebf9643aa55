"""Small HTML builders for /admin: every value from outside goes through `esc`.

The pages use one stylesheet and one script, both served by the app; there is no inline
script or style, so the Content-Security-Policy forbids them all.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-store",
    # The forms post to the same origin; the origin is sent so forged posts stand out.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
AREA_LABELS = {
    "": "Not set",
    "leicester": "Leicester",
    "leicestershire": "Leicestershire",
    "rutland": "Rutland",
    "leicestershire-and-rutland": "Leicestershire and Rutland",
    "llr": "Leicester, Leicestershire and Rutland",
}


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def page(title: str, body: str, root: str, user: str = "", poll_ms: int = 0) -> str:
    signed_in = f'<p class="who">Signed in as <strong>{esc(user)}</strong></p>' if user else ""
    return (
        '<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} – LLR safeguarding assistant</title>"
        f'<link rel="stylesheet" href="{esc(root)}/webstatic/admin.css">'
        f'<script src="{esc(root)}/webstatic/admin.js" defer></script></head>'
        f'<body data-poll-ms="{poll_ms}" data-status-url="{esc(root)}/admin/status.json">'
        '<a class="skip" href="#main">Skip to main content</a>'
        '<header class="top"><div class="bar">'
        '<p class="brand">LLR safeguarding assistant: newsletter admin</p>'
        f'{signed_in}<p class="chat-link"><a href="{esc(root)}/">Open the chat</a></p>'
        "</div></header>"
        f'<main id="main" tabindex="-1">{body}</main></body></html>\n'
    )


def notice(kind: str, heading: str, paragraphs: Iterable[str], items: Iterable[str] = ()) -> str:
    """A boxed message: kind is info, success, error or warning. Items are escaped here."""
    parts = [f'<div class="notice {esc(kind)}">', f"<h3>{esc(heading)}</h3>"]
    parts += [f"<p>{esc(p)}</p>" for p in paragraphs if p]
    listed = [f"<li>{esc(i)}</li>" for i in items]
    if listed:
        parts.append(f'<ul class="problems">{"".join(listed)}</ul>')
    parts.append("</div>")
    return "".join(parts)


def error_summary(errors: dict[str, str], ids: dict[str, str]) -> str:
    if not errors:
        return ""
    links = "".join(
        f'<li><a href="#{esc(ids.get(f, f))}">{esc(msg)}</a></li>' for f, msg in errors.items()
    )
    return (
        '<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-h">'
        f'<h2 id="error-summary-h">There is a problem</h2><ul>{links}</ul></div>'
    )


def field(
    name: str,
    label: str,
    *,
    value: str = "",
    hint: str = "",
    error: str = "",
    kind: str = "text",
    required: bool = False,
    extra: str = "",
) -> str:
    """A labelled input with its hint and error tied to it by aria-describedby."""
    fid = f"f-{name}"
    described = [i for i, t in ((f"{fid}-hint", hint), (f"{fid}-error", error)) if t]
    attrs = [f'id="{fid}"', f'name="{esc(name)}"', f'type="{esc(kind)}"']
    if kind != "file":
        attrs.append(f'value="{esc(value)}"')
    if required:
        attrs.append('required aria-required="true"')
    if described:
        attrs.append(f'aria-describedby="{" ".join(described)}"')
    if error:
        attrs.append('aria-invalid="true"')
    if extra:
        attrs.append(extra)
    optional = "" if required else ' <span class="optional">(optional)</span>'
    return (
        f'<div class="field{" has-error" if error else ""}">'
        f'<label for="{fid}">{esc(label)}{optional}</label>'
        + (f'<p class="hint" id="{fid}-hint">{esc(hint)}</p>' if hint else "")
        + (f'<p class="field-error" id="{fid}-error">{esc(error)}</p>' if error else "")
        + f"<input {' '.join(attrs)}></div>"
    )


def select(name: str, label: str, options: dict[str, str], value: str, error: str = "") -> str:
    fid = f"f-{name}"
    opts = "".join(
        f'<option value="{esc(k)}"{" selected" if k == value else ""}>{esc(v)}</option>'
        for k, v in options.items()
    )
    invalid = f' aria-invalid="true" aria-describedby="{fid}-error"' if error else ""
    return (
        f'<div class="field{" has-error" if error else ""}">'
        f'<label for="{fid}">{esc(label)} <span class="optional">(optional)</span></label>'
        + (f'<p class="field-error" id="{fid}-error">{esc(error)}</p>' if error else "")
        + f'<select id="{fid}" name="{esc(name)}"{invalid}>{opts}</select></div>'
    )


def hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{esc(name)}" value="{esc(value)}">'


def button(text: str, kind: str = "primary") -> str:
    return f'<button type="submit" class="button {esc(kind)}">{esc(text)}</button>'
