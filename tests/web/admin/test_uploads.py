"""The checks on what an admin sends: details, file kinds by content, safe names."""

from __future__ import annotations

import io
import zipfile

import pytest

from web.admin.uploads import (
    Details,
    check_details,
    check_file,
    file_label,
    safe_name,
    sniff,
)

LIMIT = 1_000_000
FORM = {"title": "Safeguarding Matters", "issue": "29", "date": "2023-01"}


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (None, "docx"),
        (b"PK\x03\x04not really a zip", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        (b"\x89PNG\r\n\x1a\n", "image"),
        (b"abc\x00def", "binary"),
        (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
        (b"Safeguarding Matters\nIssue 29", "text"),
    ],
)
def test_sniff_names_the_kind_by_content(data, kind):
    assert sniff(_docx() if data is None else data) == kind


def test_check_file_accepts_a_matching_pdf():
    assert check_file("news.pdf", b"%PDF-1.4\n", LIMIT) == ""


def test_check_file_accepts_html_tags_in_markdown():
    assert check_file("news.md", b"# Title\n\n<p>Some text</p>", LIMIT) == ""


def test_check_file_refuses_a_docx_named_pdf():
    problem = check_file("news.pdf", _docx(), LIMIT)
    assert problem.startswith("news.pdf: the name says a PDF, but the content is a Word")


def test_check_file_refuses_an_old_word_file_named_docx():
    assert "save it as .docx" in check_file("news.docx", b"\xd0\xcf\x11\xe0xxxx", LIMIT)


def test_check_file_refuses_an_empty_file():
    assert check_file("news.txt", b"", LIMIT) == "news.txt: the file is empty."


def test_check_file_refuses_a_file_over_the_limit():
    assert "the limit is 1 MB" in check_file("news.txt", b"x" * (LIMIT + 1), LIMIT)


def test_check_details_accepts_a_complete_form():
    details, errors = check_details(FORM | {"area": "Rutland"})
    assert errors == {}
    assert details == Details("Safeguarding Matters", "29", "2023-01", "rutland")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("title", "  ", "Enter the newsletter's title"),
        ("title", "x" * 121, "120 characters or fewer"),
        ("issue", "x" * 21, "20 characters or fewer"),
        ("issue", "<b>", "letters, numbers, spaces"),
        ("date", "2023", "like 2023-01"),
        ("date", "2023-13", "like 2023-01"),
        ("date", "01/2023", "like 2023-01"),
        ("date", "1890-01", "The year must be between"),
        ("area", "narnia", "Choose an area"),
    ],
)
def test_check_details_names_each_problem(field, value, words):
    _, errors = check_details(FORM | {field: value})
    assert words in errors[field]


def test_check_details_strips_control_and_direction_characters():
    details, errors = check_details(FORM | {"title": "Safe\u202eguarding\x00 Matters\n"})
    assert errors == {} and details.title == "Safe guarding Matters"


@pytest.mark.parametrize(
    ("client", "label"),
    [("../../etc/passwd", "passwd"), ("C:\\Users\\x\\news.pdf", "news.pdf"), ("", "(no name)")],
)
def test_file_label_keeps_only_the_last_name_part(client, label):
    assert file_label(client) == label


@pytest.mark.parametrize(
    ("title", "issue", "name"),
    [
        ("Safeguarding Matters", "29", "safeguarding-matters-issue-29-2023-01.pdf"),
        ("../../etc/passwd", "", "etc-passwd-2023-01.pdf"),
        ("Children – Été", "Spring 23", "children-ete-issue-spring-23-2023-01.pdf"),
        ("Безопасность", "", "newsletter-2023-01.pdf"),
    ],
)  # fmt: skip
def test_safe_name_uses_letters_digits_and_hyphens_only(title, issue, name):
    assert safe_name(Details(title, issue, "2023-01"), ".pdf") == name
