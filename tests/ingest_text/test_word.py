"""Word files as other tools write them: content controls, tracked changes, fields, comments."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from assistant.errors import IngestError
from assistant.ingest.word import read_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(body_xml: str) -> bytes:
    """A Word file whose body is `body_xml` (w: prefixed elements)."""
    import docx

    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    fragment = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{body_xml}</w:body>')
    for i, child in enumerate(fragment):
        body.insert(i, child)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_word_xml_comment_in_table_properties_is_passed_over():
    table = (
        "<w:tbl><w:tblPr><!-- set by another tool --><w:tblW w:w='0' w:type='auto'/></w:tblPr>"
        "<!-- rows --><w:tr><w:tc>" + _p("Name:") + "</w:tc><w:tc>" + _p("Drew") + "</w:tc></w:tr>"
        "</w:tbl>"
    )
    assert read_docx(_docx(table), "t.docx") == "Name:\tDrew"


def test_word_content_control_text_is_read():
    body = "<w:sdt><w:sdtPr><w:alias w:val='Intro'/></w:sdtPr><w:sdtContent>"
    body += _p("Inside a content control.") + "</w:sdtContent></w:sdt>"
    assert read_docx(_docx(body), "c.docx") == "Inside a content control."


def test_word_tracked_changes_read_as_accepted():
    body = (
        "<w:p><w:r><w:t xml:space='preserve'>Call </w:t></w:r>"
        "<w:del w:id='1' w:author='a'><w:r><w:delText>0116 000</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='a'><w:r><w:t>0116 305 0005</w:t></w:r></w:ins></w:p>"
    )
    assert read_docx(_docx(body), "d.docx") == "Call 0116 305 0005"


def test_word_field_keeps_its_result_not_its_code():
    body = (
        "<w:p><w:r><w:t xml:space='preserve'>Page </w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText xml:space='preserve'> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>4</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:commentRangeStart w:id='0'/><w:r><w:commentReference w:id='0'/></w:r></w:p>"
    )
    assert read_docx(_docx(body), "f.docx") == "Page 4"


def test_word_with_nothing_but_empty_paragraphs_is_refused_with_a_reason():
    with pytest.raises(IngestError, match="e.docx: no text in the Word document"):
        read_docx(_docx("<w:p/><w:p><w:r/></w:p>"), "e.docx")


def test_word_text_box_is_read_once_not_from_its_fallback_copy():
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = "<w:txbxContent>" + _p("Contact the duty team.") + "</w:txbxContent>"
    body = (
        f"<w:p><w:r><mc:AlternateContent xmlns:mc='{mc}'>"
        f"<mc:Choice Requires='wps'><w:drawing>{box}</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t>Beside the box.</w:t></w:r></w:p>"
    )
    assert read_docx(_docx(body), "b.docx") == "Beside the box.\n\nContact the duty team."
