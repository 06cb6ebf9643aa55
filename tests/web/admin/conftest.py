"""An app with /admin over a real Chroma in a temp dir and the deterministic fake embedder."""

from __future__ import annotations

import base64
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CORPUS

BUNDLED = ("safeguarding-matters-issue-28-2022-03.txt", "safeguarding-matters-2013-spring.txt")
ADMIN, PRACTITIONER = ("office", "office-pass"), ("sw", "sw-pass")


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


AS_ADMIN = basic(*ADMIN)


@dataclass
class AdminSite:
    settings: object
    store: object
    app: object
    corpus: Path
    data: Path


def make_site(tmp: Path, embedder, chat: bool = False, **web) -> AdminSite:
    """Two bundled newsletters ingested, the real Assistant, /admin for `office`."""
    from assistant.composition import build_assistant, build_ingester, build_store
    from assistant.settings import Settings
    from web.server import create_app

    corpus = tmp / "corpus"
    corpus.mkdir()
    for name in BUNDLED:
        shutil.copy2(CORPUS / name, corpus / name)
    shutil.copy2(CORPUS / "metadata.toml", corpus / "metadata.toml")
    options = {
        "basic_auth_accounts": {ADMIN[0]: ADMIN[1], PRACTITIONER[0]: PRACTITIONER[1]},
        "admin_users": [ADMIN[0]],
        "admin_poll_seconds": 0.2,
    } | web
    settings = Settings(paths={"data_dir": tmp / "data", "corpus_dir": corpus}, web=options)
    store = build_store(settings)
    ingester = build_ingester(settings, embedder=embedder, store=store)
    assert not ingester.ingest([corpus]).failed
    assistant = build_assistant(settings, embedder=embedder, store=store)
    app = create_app(assistant, settings, store=store, chat=chat, ingester=ingester)
    return AdminSite(settings, store, app, corpus, tmp / "data")


@pytest.fixture()
def site(tmp_path, fake_embedder) -> AdminSite:
    return make_site(tmp_path, fake_embedder)


@pytest.fixture()
def admin_client(site):
    from fastapi.testclient import TestClient

    with TestClient(site.app, headers=AS_ADMIN) as client:
        yield client


def form_token(client, path: str = "/admin") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    match = re.search(r'name="token" value="([^"]+)"', page.text)
    assert match, "no form token on the page"
    return match.group(1)


def wait_for_job(client, kind: str = "change", timeout: float = 120) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get("/admin/status.json").json()[kind]
        if job and job["state"] != "running":
            return job
        time.sleep(0.1)
    raise AssertionError(f"the {kind} job did not finish")


def upload(client, name: str, data: bytes, **fields) -> object:
    """Posts the add form (or the replace form with source=...) and returns the response."""
    path = "/admin/replace" if "source" in fields else "/admin/add"
    form = {"token": form_token(client), "title": "Safeguarding Matters", "date": "2023-01"}
    form |= {k: v for k, v in fields.items() if v is not None}
    return client.post(
        path, data=form, files={"file": (name, data, "application/octet-stream")},
        follow_redirects=False,
    )  # fmt: skip
