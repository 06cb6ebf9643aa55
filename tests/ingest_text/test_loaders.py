"""Each loader on a real file, and each kind of bad input."""

from __future__ import annotations

import pytest

from assistant.errors import IngestError
from tests.ingest_text.helpers import MB, all_text, parse, parse_text, sections

PARA = "Professionals should share information early when a child may be at risk of harm."


def _check_offsets(parsed):
    for chunk in parsed.chunks:
        assert parsed.source_text[chunk.start : chunk.end] == chunk.source_text
        for _, _, a, b in chunk.spans:
            assert parsed.source_text[a:b].strip() == parsed.source_text[a:b] != ""


def test_loader_text_keeps_crlf_and_offsets(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(f"Heading One\r\n\r\n{PARA}\r\nSecond line of it.".encode())
    parsed = parse(path)
    assert "\r\n" in parsed.source_text
    assert parsed.source_text == path.read_bytes().decode()
    _check_offsets(parsed)


def test_loader_text_strips_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + PARA.encode())
    parsed = parse(path)
    assert parsed.source_text == PARA
    assert parsed.chunks[0].start == 0


def test_loader_cp1252_text_decodes_every_byte(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("The Children\u2019s Duty team \u2013 open 9am.".encode("cp1252"))
    parsed = parse(path)
    assert parsed.source_text == "The Children\u2019s Duty team \u2013 open 9am."
    assert parsed.chunks[0].text == "The Children's Duty team – open 9am."


def test_loader_markdown_headings(tmp_path):
    parsed = parse_text(tmp_path, f"# Title Here\n\n{PARA}", name="n.md")
    assert sections(parsed) == ["Title Here"]


def test_loader_pdf_pages_numbered(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for n in range(1, 4):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Page {n} Heading\n\nThis is the text of page number {n}. {PARA}")
    path = tmp_path / "issue.pdf"
    pdf.output(str(path))
    parsed = parse(path, chunk_tokens=32, overlap_tokens=0)
    pages = {c.page for c in parsed.chunks if "page number 3" in c.text}
    assert pages == {3}
    assert {c.page for c in parsed.chunks} == {1, 2, 3}
    _check_offsets(parsed)


def test_loader_pdf_title_lines_become_headings(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    other = "The new service gives advice on individual cases and on policy for every school."
    for title, body in (("Harmful Sexual Behaviour", PARA), ("Why act now?", other * 2)):
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "headings.pdf"
    pdf.output(str(path))
    parsed = parse(path)
    assert sections(parsed) == [
        "Harmful Sexual Behaviour",
        "Harmful Sexual Behaviour – Why act now?",
    ]
    assert parsed.chunks[0].text.startswith(PARA)
    _check_offsets(parsed)


def test_loader_docx_headings_paragraphs_and_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Private Fostering", level=1)
    document.add_paragraph(PARA)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Name", "Drew Jagger"
    table.cell(1, 0).text, table.cell(1, 1).text = "Organisation", "Turning Point"
    path = tmp_path / "issue.docx"
    document.save(str(path))
    parsed = parse(path)
    assert sections(parsed) == ["Private Fostering"]
    assert PARA in all_text(parsed)
    assert "Name: Drew Jagger\nOrganisation: Turning Point" in all_text(parsed)
    _check_offsets(parsed)


def test_loader_html_blocks_and_headings(tmp_path):
    html = (
        "<html><head><title>x</title><script>var a=1;</script></head><body>"
        f"<h2>Contact us</h2><p>{PARA}</p><ul><li>Call 0116 305 7130 today.</li></ul></body></html>"
    )
    parsed = parse_text(tmp_path, html, name="page.html")
    assert sections(parsed) == ["Contact us"]
    assert "var a" not in all_text(parsed)
    assert "Call 0116 305 7130 today." in all_text(parsed)
    _check_offsets(parsed)


def test_loader_html_table_rows_stay_together(tmp_path):
    html = (
        f"<h2>My Role</h2><p>{PARA}</p><table><tr><td>Name</td><td>Drew Jagger</td></tr>"
        "<tr><td>Organisation</td><td><p>Turning Point</p></td></tr></table>"
    )
    parsed = parse_text(tmp_path, html, name="role.html")
    assert "Name: Drew Jagger\nOrganisation: Turning Point" in all_text(parsed)
    _check_offsets(parsed)


def test_bad_input_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(IngestError, match="empty"):
        parse(tmp_path / "empty.txt")


def test_bad_input_whitespace_only_file(tmp_path):
    (tmp_path / "blank.txt").write_bytes(b"\n\n  \n")
    with pytest.raises(IngestError, match="no text"):
        parse(tmp_path / "blank.txt")


def test_bad_input_only_masthead_and_markup(tmp_path):
    (tmp_path / "cover.md").write_text("# Safeguarding MATTERS\n\n**  **\n\n[](#)", "utf-8")
    with pytest.raises(IngestError, match="nothing to index"):
        parse(tmp_path / "cover.md")


def test_bad_input_binary_named_txt(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(IngestError, match="binary"):
        parse(tmp_path / "image.txt")


def test_bad_input_corrupt_pdf(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage without end")
    with pytest.raises(IngestError, match="PDF"):
        parse(tmp_path / "broken.pdf")


def test_bad_input_corrupt_docx(tmp_path):
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(IngestError, match="Word"):
        parse(tmp_path / "broken.docx")


def test_bad_input_unsupported_extension(tmp_path):
    (tmp_path / "sheet.xlsx").write_bytes(b"anything")
    with pytest.raises(IngestError, match="unsupported file type .xlsx"):
        parse(tmp_path / "sheet.xlsx")


def test_bad_input_missing_path(tmp_path):
    with pytest.raises(IngestError, match="does not exist"):
        parse(tmp_path / "nowhere.txt")


def test_bad_input_over_size_limit_refused_with_size(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(PARA.encode() * 10)
    with pytest.raises(IngestError, match=f"{len(PARA) * 10} bytes"):
        parse(path, max_file_bytes=100)


def test_bad_input_fifty_megabyte_file_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: quick to make, 50 MB + 1 byte long
        handle.truncate(50 * MB + 1)
    from pathlib import Path

    def refuse(self):
        raise AssertionError("read the file")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(IngestError, match=r"52428801 bytes \(50\.0 MB\)"):
        parse(path, max_file_bytes=50 * MB)
