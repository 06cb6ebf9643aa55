"""Everything /admin works with, built once from Settings by `Admin.build`."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from web.admin.access import AdminPolicy, FormTokens
from web.admin.audit import AuditLog
from web.admin.changes import Changes
from web.admin.corpus import Corpus
from web.admin.evaluation import EvalRunner
from web.admin.jobs import Board

AUDIT_NAME = "admin-audit.jsonl"
FORM_MARGIN_BYTES = 256 * 1024  # room for the form's text fields around the file


@dataclass
class Admin:
    policy: AdminPolicy
    tokens: Callable[[], FormTokens]
    audit: AuditLog
    corpus: Corpus
    changes: Changes
    evals: EvalRunner
    max_upload_bytes: int
    poll_ms: int
    timezone: str
    indexed: Callable[[], list[dict[str, Any]]]

    @classmethod
    def build(
        cls,
        settings: Settings,
        documents: Callable[[], list[dict[str, Any]]],
        ingester: Callable[[], Any],
        eval_args: tuple[str, ...] = (),
    ) -> Admin:
        web, data_dir = settings.web, Path(settings.paths.data_dir)
        work = data_dir / "admin"
        audit = AuditLog(data_dir / AUDIT_NAME)
        corpus = Corpus(settings.paths.corpus_dir, work)
        policy = AdminPolicy.build(
            web.admin_users,
            web.admin_roles,
            web.trusted_roles_header,
            web.trusted_user_header,
            basic_auth=bool(web.basic_auth_user or web.basic_auth_accounts),
        )
        key_file, lifetime = work / "form-key", web.admin_form_hours * 3600
        return cls(
            policy=policy,
            # made on the first admin page, so a server without admins writes nothing
            tokens=functools.cache(lambda: FormTokens(key_file, lifetime)),
            audit=audit,
            corpus=corpus,
            changes=Changes(corpus, ingester, Board(work, "change"), audit),
            evals=EvalRunner(
                work / "eval",
                settings.paths.corpus_dir,
                Board(work, "eval"),
                audit,
                web.admin_eval_timeout_s,
                eval_args,
            ),
            max_upload_bytes=int(web.admin_max_upload_mb * 1048576),
            poll_ms=int(web.admin_poll_seconds * 1000),
            timezone=settings.safety.timezone,
            indexed=documents,
        )


def body_limit(settings: Settings) -> int:
    """The largest request /admin accepts: one upload and its form fields."""
    return int(settings.web.admin_max_upload_mb * 1048576) + FORM_MARGIN_BYTES


def lazy_ingester(settings: Settings, store: Any, given: Any = None) -> Callable[[], Any]:
    """The Ingester the app was given, or one built on first use (loading the model then)."""
    lock = threading.Lock()
    made: list[Any] = [given] if given is not None else []

    def get() -> Any:
        with lock:
            if not made:
                from assistant.composition import build_ingester

                made.append(build_ingester(settings, store=store))
            return made[0]

    return get
