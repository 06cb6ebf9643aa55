"""The smaller /admin pages: replace one newsletter, confirm a removal, refusals."""

from __future__ import annotations

from typing import Any

from assistant.dates import month_label
from web.admin.html import button, error_summary, esc, hidden
from web.admin.views import FIELD_IDS, details_fields

ENABLE_HELP = (
    "To turn it on, name the people allowed in ASSISTANT_WEB__ADMIN_USERS (JSON, for example "
    '["office"]) together with a way to sign in: basic auth (ASSISTANT_WEB__BASIC_AUTH_ACCOUNTS) '
    "or the trusted reverse-proxy header (ASSISTANT_WEB__TRUSTED_USER_HEADER, and optionally "
    "ASSISTANT_WEB__TRUSTED_ROLES_HEADER with ASSISTANT_WEB__ADMIN_ROLES). docs/web.md explains."
)
REFUSALS = {
    "off": ("Newsletter admin is turned off", "Nobody is named as an admin on this server."),
    "no-sign-in": (
        "Sign-in is not set up",
        "Admins are named, but this server has no sign-in, so it cannot tell who you are.",
    ),
    "anonymous": ("Sign in to use newsletter admin", "This page is for signed-in admins only."),
    "forbidden": (
        "You do not have access to newsletter admin",
        "Your account is not one of the admin accounts. Ask whoever runs the assistant to add "
        "you if you need to manage newsletters.",
    ),
}


def refusal(verdict: str, user: str) -> tuple[str, str]:
    """(title, body) for a refused visit."""
    title, reason = REFUSALS[verdict]
    who = f"<p>You are signed in as <strong>{esc(user)}</strong>.</p>" if user else ""
    help_text = f"<p>{esc(ENABLE_HELP)}</p>" if verdict in ("off", "no-sign-in") else ""
    return title, f"<h1>{esc(title)}</h1><p>{esc(reason)}</p>{who}{help_text}"


def replace_page(
    root: str,
    token: str,
    doc: dict[str, Any],
    form: dict[str, str],
    errors: dict[str, str],
) -> str:
    label = _label(doc)
    return (
        f"<h1>Replace {esc(label)}</h1>"
        + error_summary(errors, FIELD_IDS)
        + f'<p>Upload the new version of <span class="file">{esc(doc["source"])}</span>. '
        "Correct the details below if they have changed. Until the new file is indexed the "
        "assistant keeps answering from the current one; if the new file cannot be read, "
        "nothing changes.</p>"
        f'<form method="post" action="{esc(root)}/admin/replace" enctype="multipart/form-data" '
        'class="stack">'
        + hidden("token", token)
        + hidden("source", doc["source"])
        + details_fields(form, errors, file_required=True)
        + '<div class="actions">'
        + button("Replace newsletter")
        + f' <a class="action" href="{esc(root)}/admin">Cancel</a></div></form>'
    )


def remove_page(root: str, token: str, doc: dict[str, Any]) -> str:
    label = _label(doc)
    return (
        f"<h1>Remove {esc(label)}?</h1>"
        f"<p>The assistant will stop citing it, and its file "
        f'<span class="file">{esc(doc["source"])}</span> is deleted from the newsletters '
        "folder. To bring it back later, add it again.</p>"
        f'<form method="post" action="{esc(root)}/admin/remove">'
        + hidden("token", token)
        + hidden("source", doc["source"])
        + '<div class="actions">'
        + button("Remove newsletter", "warning")
        + f' <a class="action" href="{esc(root)}/admin">Cancel</a></div></form>'
    )


def not_found(root: str) -> str:
    return (
        "<h1>Newsletter not found</h1><p>That newsletter is not in the newsletters folder "
        f'(it may have just been removed).</p><p><a href="{esc(root)}/admin">Back to the '
        "newsletters</a></p>"
    )


def _label(doc: dict[str, Any]) -> str:
    issue = f" issue {doc['issue']}" if doc.get("issue") else ""
    return f"{doc['title']}{issue} ({month_label(doc['date'], short=False)})"
