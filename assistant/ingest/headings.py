"""Recognising headings in plain text, tables of contents, and "7 minute briefing" blocks."""

from __future__ import annotations

import difflib
import re

from assistant.ingest.blocks import Para
from assistant.ingest.cleaning import normalise_for_compare

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MASTHEAD = re.compile(
    rf"safeguarding|matters|newsletter|issue\s*\d+|contents|(?:{_MONTHS})\s*,?\s*\d{{4}}",
    re.IGNORECASE,
)
_TOC_LINE = re.compile(r"^(?:[-*•]\s*)?(?:\*\*)?[pPрР]\s?\d{1,2}\b|^#*\s*CONTENTS\s*$")
_BRIEFING_NO = re.compile(r"^(?:0|O)([1-7])\.?\s+(\S.*)$")
_BRIEFING_NAME = re.compile(r"\b7[\s-]*minute\s+briefing\b", re.IGNORECASE)
_GENERIC_BRIEFING = re.compile(r"^\s*7[\s-]*minute\s+briefing\s*$", re.IGNORECASE)
_TERMINAL = ".!?"
_TOPIC_QUESTION = re.compile(r"^[^:?]{8,90}: [A-Z][^:]{4,70}\?$")
_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|been|will|would|should|can|must)\b", re.I)
_LABEL_SPLIT = re.compile(r"(?::\s+|\s+[-–]\s+)")
_QUESTION = re.compile(
    r"^(?:What|Who|Whom|Why|When|Where|Which|How|Is|Are|Do|Does|Did|Can|Could|Should|Will|"
    r"Would|Has|Have)\b[^?]*\?$"
)
_BYLINE = re.compile(r"^(?:Source|Authors?):\s")
_LINK = re.compile(r"^(?:https?://|www\.)\S+$")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def is_masthead_line(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and bool(_MASTHEAD.search(text))


def is_toc_line(raw_line: str) -> bool:
    return bool(_TOC_LINE.match(raw_line.strip()))


def mentions_briefing(text: str) -> bool:
    return bool(_BRIEFING_NAME.search(text))


def is_generic_briefing(text: str) -> bool:
    return bool(_GENERIC_BRIEFING.match(text))


def briefing_number(text: str) -> tuple[int, str] | None:
    """(n, label) for a numbered briefing block line like "O7 Finding 5: ..." or "01. Purpose"."""
    match = _BRIEFING_NO.match(text.strip())
    if not match:
        return None
    return int(match.group(1)), match.group(2)


def split_label(label: str) -> tuple[int, int] | None:
    """Where a long numbered line splits into a short label and body text, if it does."""
    if len(label) <= 60:
        return None
    match = _LABEL_SPLIT.search(label, 0, 45)
    return match.span() if match else None


def title_ratio(text: str) -> float:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if len(w) >= 4]
    if not words:
        return 1.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def is_heading_candidate(text: str, toc: list[str]) -> bool:
    """A short, title-like line: no final full stop, no address, not a list."""
    text = text.strip()
    if not text or not any(ch.isalpha() for ch in text):
        return False
    if matches_toc(text, toc):
        return True
    first = text[0]
    if not (first.isupper() or first in "\"'" or _BRIEFING_NAME.match(text)):
        return False
    lowered = text.lower()
    if "http" in lowered or "www." in lowered or "@" in text or len(re.findall(r"\d", text)) >= 8:
        return False
    if re.search(r"\bpages? \d|\w\.(?:com|org|uk|net)\b", lowered):
        return False
    if text.count(":") >= 2:
        return False  # "Source: NSPCC Learning Date: 24 May 2021"
    if is_question(text) and len(text.split()) <= 16:
        return True  # "What if the adult does not want the police to be involved?"
    long_words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if len(w) >= 4]
    if text.endswith(":") and 2 <= len(text.split()) <= 6 and long_words:
        if all(w[0].isupper() for w in long_words):
            return True  # "Safeguarding Training and Learning:"
    if text.endswith((",", ";", ":")) or (text.endswith(".") and not text.endswith("..")):
        return False
    words = text.split()
    if len(text) > 120 or len(words) > 18:
        return False
    if len(words) <= 10:
        return True
    if title_ratio(text) >= 0.5 and (text.endswith("?") or not _VERB.search(text)):
        return True
    if _TOPIC_QUESTION.match(text):  # "Key messages from the audits: What do we need to do?"
        return True
    lead = _LABEL_SPLIT.split(text, maxsplit=1)[0]  # "Modern Slavery – The effects on ..."
    return lead != text and len(lead.split()) <= 6 and title_ratio(lead) >= 0.5


def matches_toc(text: str, toc: list[str]) -> bool:
    norm = normalise_for_compare(text)
    if len(norm) < 8:
        return False
    for entry in toc:
        if abs(len(entry) - len(norm)) > 0.3 * max(len(entry), len(norm)):
            continue  # cannot reach the ratio; skip the costly comparison
        matcher = difflib.SequenceMatcher(None, norm, entry, autojunk=False)
        if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85:
            if matcher.ratio() >= 0.85:
                return True
    return False


def toc_entry(text: str) -> str:
    """The title part of a contents line: "- P2 Building Confidence ..." -> normalised title."""
    return normalise_for_compare(toc_title(text))


def toc_title(text: str) -> str:
    """The title of a cleaned contents line, as printed: "P2 Building Confidence" -> "Building
    Confidence"."""
    return re.sub(r"^(?:[-*•]\s*)?[pPрР]\s?\d{1,2}\s*", "", text.strip()).strip()


def is_plain_words(text: str) -> bool:
    """No address, link or number: what a line in a list of names or titles looks like."""
    return not re.search(r"@|www\.|http|\d", text)


def is_body(text: str) -> bool:
    """Enough running text that a line before it can be its heading."""
    words = text.split()
    if text.endswith("?") and len(words) <= 10:
        return False  # a short question is a prompt, not running text
    return len(words) >= 8 or (len(words) >= 4 and text.rstrip()[-1:] in _TERMINAL)


def ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in _TERMINAL + ":;\"')”’"


def word_overlap(a: str, b: str) -> float:
    wa = set(normalise_for_compare(a).split())
    wb = set(normalise_for_compare(b).split())
    return len(wa & wb) / max(1, len(wa))


def is_heading(
    paras: list[Para], i: int, toc: list[str], depth: int = 0, prev_heading: bool = False
) -> bool:
    """A title-like line followed by body text, a list, a table or another heading."""
    text = paras[i].text
    if not is_heading_candidate(text, toc):
        return depth == 0 and not prev_heading and _long_title_here(paras, i)
    if depth == 0 and _in_link_list(paras, i):
        return False
    prev = paras[i - 1] if i and depth == 0 and not prev_heading else None
    if prev is not None and _introduces(prev, text) and not matches_toc(text, toc):
        return False
    if prev is not None and prev.kind == "text" and _short_line(prev.text) and _short_line(text):
        if is_plain_words(prev.text) and not matches_toc(text, toc):
            return False
    if i + 1 >= len(paras):
        return False
    nxt = paras[i + 1]
    if text.endswith("?"):
        return nxt.kind == "text" and len(nxt.text.split()) >= 12 and not nxt.text.endswith("?")
    if nxt.kind in ("item", "table") or briefing_number(nxt.text):
        return True
    if nxt.kind == "text" and nxt.text.endswith(":") and len(nxt.text.split()) <= 6:
        return True  # a heading over a profile's field labels ("Job title:")
    if nxt.kind == "text" and (is_body(nxt.text) or is_byline(nxt.text)):
        return True
    if ("," in text or ": " in text) and not (matches_toc(text, toc) or text.endswith("!")):
        return False  # a heading over a heading is short: no lists of places (but a slogan)
    return nxt.kind == "text" and depth < 3 and is_heading(paras, i + 1, toc, depth + 1)


def _short_line(text: str) -> bool:
    return len(text.split()) <= 10 and not ends_sentence(text)


def _introduces(prev: Para, text: str) -> bool:
    """A line ending with a colon, or a short question: what follows is its list or answer
    (unless the line after a question is a proper Title Case name)."""
    if prev.text.endswith(":"):
        return True
    question = prev.kind == "text" and prev.text.endswith("?") and len(prev.text.split()) <= 16
    return question and not _titled(text)


def _titled(text: str) -> bool:
    """Title Case with no figures ("Social Care Institute for Excellence (SCIE) - Home page")."""
    return len(text.split()) >= 3 and title_ratio(text) >= 0.75 and not re.search(r"\d", text)


def is_byline(text: str) -> bool:
    """A news item's source or authors line, printed under its title."""
    return bool(_BYLINE.match(text))


def is_link(text: str) -> bool:
    """A bare web address on its own line."""
    return bool(_LINK.match(text.strip()))


def _in_link_list(paras: list[Para], i: int) -> bool:
    """An entry of a list of links ("Name - what it offers", then its address): after one
    address and before the next, with at most one sentence between, it is not a heading."""
    if i == 0 or i + 2 >= len(paras) or not is_link(paras[i - 1].text):
        return False
    nxt = paras[i + 1].text
    short = len(nxt.split()) <= 40 and len(_SENTENCE_END.findall(nxt)) <= 1
    return paras[i + 1].kind == "text" and short and is_link(paras[i + 2].text)


def _long_title_here(paras: list[Para], i: int) -> bool:
    """A longer title (11 to 14 words, no verb, no final stop) over running text: "New mental
    health and wellbeing guide for children, young people and families"."""
    text = paras[i].text
    words = text.split()
    if not 10 < len(words) <= 14 or not text[0].isupper() or text[-1] in ".,;:?":
        return False
    if _VERB.search(text) or re.search(r"@|http|www\.", text) or len(re.findall(r"\d", text)) > 3:
        return False
    if i + 1 >= len(paras) or (i and paras[i - 1].text.endswith(":")):
        return False
    nxt = paras[i + 1]
    return nxt.kind == "text" and is_body(nxt.text) and not nxt.text.endswith("?")


def is_question(text: str) -> bool:
    """A question opening with a question word ("Who can request a MHA assessment?")."""
    return bool(_QUESTION.match(text.strip()))
