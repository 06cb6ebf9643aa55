"""Where a heading sits in a newsletter's outline, and headings the body text never prints.

A plain-text newsletter marks its headings only by short lines, so every heading looks alike.
Three roles tell them apart:

- an *article* heading opens a new article (most headings);
- a *sub-heading* opens a part of the current article and is labelled with it
  ("National Safeguarding Adult Review (SAR) Analysis Report – Background"): a generic word
  ("Background", "Report summary", "Who to call"), a bare place ("Rutland"), a prompt ("See
  also on NSPCC Learning", "Tell us about a typical day"), a question without a topic before
  it ("Who can request a MHA assessment?"), or a short sentence-case line among such parts;
- a *box* dropped into an article (a welcome note) has its own label but does not end the
  article around it: the article's sub-headings after the box still belong to the article.

Some articles print their title only in the contents list ("Domestic Abuse Act 2021" in issue
26); `contents_anchors` finds the paragraph where such an article starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.ingest import headings as hd
from assistant.ingest.blocks import Para
from assistant.ingest.cleaning import normalise_for_compare

ARTICLE, SUB, BOX = "article", "sub", "box"
_GENERIC = {
    "background", "summary", "report summary", "introduction", "conclusion", "conclusions",
    "recommendations", "findings", "key findings", "key messages", "key practice themes",
    "resources", "further information", "who to call", "contact details", "what we do",
    "next steps", "purpose", "how to refer",
}  # fmt: skip
_PROMPT = re.compile(r"^(?:see also|tell us)\b", re.IGNORECASE)
_PLACE = re.compile(r"^(?:leicester(?:shire)?(?: city)?|rutland|llr)$", re.IGNORECASE)
_TOPIC = re.compile(r": |\s[-–]\s")
_BOX = re.compile(r"^welcome\b", re.IGNORECASE)
_STOP = {"the", "and", "of", "to", "for", "in", "a", "an", "on", "with", "at", "by"}
_BYLINE_SPLIT = re.compile(r"\s(?=(?:Source|Date): )")


def heading_role(text: str, toc: list[str], after_sub: bool) -> str:
    """ARTICLE, SUB or BOX for a heading line (`after_sub`: the section before was a SUB)."""
    text = text.strip()
    if _BOX.match(text):
        return BOX
    if hd.is_question(text) and not _TOPIC.search(text):
        return SUB
    if hd.matches_toc(text, toc):
        return ARTICLE
    plain = text.lower().rstrip(" :.?!")
    if plain in _GENERIC or _PROMPT.match(plain) or _PLACE.match(plain):
        return SUB
    if after_sub and len(text.split()) <= 8 and hd.title_ratio(text) < 0.5:
        return SUB
    return ARTICLE


def is_box_opener(text: str) -> bool:
    """A lone "Welcome" line: the start of a welcome box, never joined to what follows."""
    return bool(re.fullmatch(r"Welcome\W*", text.strip()))


def nest(article: str, sub: str) -> str:
    """A sub-heading labelled with its whole article title (`LEICESTERSHIRE – Child and
    Family services – Changes at the 'front door'! – How will this impact ...?`)."""
    return f"{article} – {sub}" if article else sub


def split_bylines(paras: list[Para]) -> list[Para]:
    """A title and its byline printed on one line ("Sexual abuse in schools: helpline and
    Ofsted review Source: Department for Education") become a title line and a byline."""
    out: list[Para] = []
    for para in paras:
        found = _BYLINE_SPLIT.search(para.text) if para.kind == "text" else None
        mapped = para.mapped if found is not None else None  # built only when needed
        match = _BYLINE_SPLIT.search(mapped.text) if mapped is not None else None
        if mapped is None or match is None or not _byline_title(mapped.text[: match.start()]):
            out.append(para)
            continue
        out.append(Para("text", [("", mapped.slice(0, match.start()).strip())]))
        out.append(Para("text", [("", mapped.slice(match.end(), len(mapped.text)).strip())]))
    return out


def _byline_title(head: str) -> bool:
    return len(head.split()) >= 3 and hd.is_heading_candidate(head, [])


def contents_anchors(paras: Sequence[Para], titles: Sequence[str]) -> dict[int, str]:
    """Paragraph index -> title, for contents titles that no heading in the body carries.

    The article starts at the first short paragraph of running text (not a list item) that
    has most of the title's words ("A major legal development in Domestic Abuse legislation
    was passed into law in April 2021" for "Domestic Abuse Act 2021").
    """
    headings = [_words(p.text) for p in paras if p.kind == "heading" or _title_like(p)]
    anchors: dict[int, str] = {}
    for title in titles:
        words = _words(title)
        need = max(2, -(-3 * len(words) // 5))  # 60%, rounded up, at least two words
        if len(words) < 2 or len(words) > 6 or any(len(words & h) >= need for h in headings):
            continue
        for i, para in enumerate(paras):
            if para.kind == "text" and len(para.text.split()) <= 25 and i not in anchors:
                if len(words & _words(para.text)) >= need:
                    anchors[i] = title
                    break
    return anchors


def _title_like(para: Para) -> bool:
    return (
        para.kind == "text"
        and len(para.text.split()) <= 18
        and hd.is_heading_candidate(para.text, [])
    )


def _words(text: str) -> set[str]:
    """Content words, lower-cased, a final "s" dropped ("Infants" meets "Infant")."""
    words = normalise_for_compare(text).split()
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _STOP}
