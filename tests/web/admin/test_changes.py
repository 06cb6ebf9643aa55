"""Adding, replacing and removing a newsletter through /admin, then asking about it."""

from __future__ import annotations

import io
import json
import stat

from tests.web.admin.conftest import upload, wait_for_job

NEW = b"""Safeguarding Matters
Issue 29
January 2023

Kinship care protocol

The partnership has published a new kinship care protocol this winter. Practitioners must
contact the kinship care team within five working days when a relative takes on the care of
a child. The protocol explains how kinship carers are assessed, supported and paid.

Learning from audits

Multi-agency audits in the autumn looked at how quickly referrals about neglect were acted
upon. Recording of the child's voice was weak in a third of the cases.
"""
REPLACED = NEW.replace(b"five working days", b"two working days").replace(
    b"this winter", b"this spring"
)
NAME = "safeguarding-matters-issue-29-2023-01.txt"
QUESTION = (
    "How quickly must practitioners contact the kinship care team when a relative takes on "
    "the care of a child?"
)
BUNDLED_QUESTION = "What is a 7 minute briefing?"


def _ask(client, question: str = QUESTION) -> dict:
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return response.json()


def _cited(answer: dict) -> set[str]:
    return {c["source"] for c in answer["citations"]}


def _add(client, data: bytes = NEW, name: str = "winter newsletter.txt", **fields) -> dict:
    response = upload(client, name, data, issue="29", **fields)
    assert response.status_code == 303, response.text
    return wait_for_job(client)


def test_admin_upload_is_answered_with_a_citation(admin_client, site):
    job = _add(admin_client)
    assert job["state"] == "done", job
    answer = _ask(admin_client)
    assert NAME in _cited(answer)
    assert "five working days" in answer["answer"]
    assert (site.corpus / NAME).read_bytes() == NEW


def test_admin_upload_lists_the_newsletter(admin_client):
    _add(admin_client)
    page = admin_client.get("/admin").text
    assert NAME in page and "January 2023" in page


def test_admin_replace_answers_from_the_new_text(admin_client):
    _add(admin_client)
    response = upload(admin_client, "spring.txt", REPLACED, issue="29", source=NAME)
    assert response.status_code == 303, response.text
    assert wait_for_job(admin_client)["state"] == "done"
    answer = _ask(admin_client)
    assert NAME in _cited(answer)
    assert "two working days" in answer["answer"]
    assert "five working days" not in answer["answer"]


def test_admin_remove_takes_the_newsletter_out(admin_client, site):
    from tests.web.admin.conftest import form_token

    _add(admin_client)
    token = form_token(admin_client, f"/admin/remove?source={NAME}")
    response = admin_client.post(
        "/admin/remove", data={"token": token, "source": NAME}, follow_redirects=False
    )
    assert response.status_code == 303
    assert wait_for_job(admin_client)["state"] == "done"
    assert NAME not in _cited(_ask(admin_client))
    sources = {d["source"] for d in admin_client.get("/api/documents").json()["documents"]}
    assert NAME not in sources
    assert not (site.corpus / NAME).exists()
    assert NAME not in (site.corpus / "metadata.toml").read_text()


def test_admin_garbage_pdf_gets_the_ingest_reason_and_index_keeps_serving(admin_client, site):
    before = _cited(_ask(admin_client, BUNDLED_QUESTION))
    response = upload(admin_client, "broken.pdf", b"%PDF-1.7\n" + b"\x13\x37 not a pdf " * 40)
    assert response.status_code == 303
    job = wait_for_job(admin_client)
    assert job["state"] == "failed"
    assert len(job["problems"]) == 1
    assert job["problems"][0].startswith("safeguarding-matters-2023-01.pdf: damaged PDF")
    assert "still answering" in job["message"]
    assert not (site.corpus / "safeguarding-matters-2023-01.pdf").exists()
    assert _cited(_ask(admin_client, BUNDLED_QUESTION)) == before


def _encrypted_pdf() -> bytes:
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Kinship care protocol. Practitioners must contact the team.")
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(bytes(pdf.output()))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_admin_encrypted_pdf_is_refused_with_the_file_named(admin_client, site):
    response = upload(admin_client, "locked.pdf", _encrypted_pdf())
    assert response.status_code == 303
    job = wait_for_job(admin_client)
    assert job["state"] == "failed"
    assert job["problems"][0].startswith("safeguarding-matters-2023-01.pdf: ")
    assert not (site.corpus / "safeguarding-matters-2023-01.pdf").exists()


def test_admin_pdf_named_txt_is_refused_before_anything_changes(admin_client, site):
    files = sorted(p.name for p in site.corpus.iterdir())
    response = upload(admin_client, "news.txt", b"%PDF-1.4\n%binary\x00\x01\x02")
    assert response.status_code == 400
    assert "news.txt: the name says a plain text file, but the content is a PDF" in response.text
    assert sorted(p.name for p in site.corpus.iterdir()) == files
    assert admin_client.get("/admin/status.json").json()["change"] is None


def test_admin_text_named_docx_is_refused(admin_client):
    response = upload(admin_client, "news.docx", NEW)
    assert response.status_code == 400
    assert "the name says a Word document (.docx), but the content is a plain text" in (
        response.text
    )


def test_admin_unsupported_extension_is_refused(admin_client):
    response = upload(admin_client, "setup.exe", b"MZ\x90\x00")
    assert response.status_code == 400
    assert "this kind of file (.exe) is not accepted" in response.text


def test_admin_replace_with_a_bad_file_keeps_the_old_one(admin_client, site):
    _add(admin_client)
    response = upload(admin_client, "new.pdf", b"%PDF-1.4 junk junk", issue="29", source=NAME)
    assert response.status_code == 303
    assert wait_for_job(admin_client)["state"] == "failed"
    assert (site.corpus / NAME).read_bytes() == NEW
    assert not (site.corpus / NAME.replace(".txt", ".pdf")).exists()
    assert "five working days" in _ask(admin_client)["answer"]


def test_admin_same_title_issue_and_month_is_refused_as_a_duplicate(admin_client):
    _add(admin_client)
    response = upload(admin_client, "again.txt", REPLACED, issue="29")
    assert response.status_code == 400
    assert "already there" in response.text


def test_admin_path_tricks_never_reach_the_filesystem(admin_client, site, tmp_path):
    outside = sorted(p.name for p in tmp_path.iterdir())
    response = upload(
        admin_client, "../../../etc/cron.d/evil.txt", NEW,
        title="../../../../tmp/evil", issue="../..",
    )  # fmt: skip
    assert response.status_code == 400  # an issue of dots and slashes is not an issue
    response = upload(admin_client, "..\\..\\evil.txt", NEW, title="../../../../tmp/evil")
    assert response.status_code == 303
    assert wait_for_job(admin_client)["state"] == "done"
    assert (site.corpus / "tmp-evil-2023-01.txt").read_bytes() == NEW
    assert sorted(p.name for p in tmp_path.iterdir()) == outside
    for source in ("../metadata.toml", "../../etc/passwd", "metadata.toml", "/etc/passwd"):
        assert admin_client.get("/admin/remove", params={"source": source}).status_code == 404


def test_admin_audit_records_each_change_in_a_0600_file(admin_client, site):
    from tests.web.admin.conftest import form_token

    _add(admin_client)
    upload(admin_client, "spring.txt", REPLACED, issue="29", source=NAME)
    wait_for_job(admin_client)
    token = form_token(admin_client)
    admin_client.post("/admin/remove", data={"token": token, "source": NAME})
    wait_for_job(admin_client)
    audit = site.data / "admin-audit.jsonl"
    assert stat.S_IMODE(audit.stat().st_mode) == 0o600
    done = [json.loads(line) for line in audit.read_text().splitlines()]
    done = [e for e in done if e["outcome"] == "done"]
    assert [e["action"] for e in done] == ["add", "replace", "remove"]
    assert all(e["user"] == "office" and e["file"] == NAME and e["time"] for e in done)
    assert done[0]["uploaded_name"] == "winter newsletter.txt"


def test_admin_second_change_while_one_runs_is_refused(admin_client, site):
    board = site.app.state.admin.changes.board
    job = board.begin("reindex", "The newsletters folder", "someone")
    try:
        response = upload(admin_client, "winter.txt", NEW, issue="29")
    finally:
        board.end(job, "done")
    assert response.status_code == 400
    assert "Another change is being made" in response.text
