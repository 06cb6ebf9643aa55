"""Does an answer say what matters? Key facts in answers, and missing terms in refusals.

**Key facts.** A labelled answerable question lists the 1-4 short facts a useful answer must
contain (a number, a name, a timescale). They are looked for in the answer text itself, not
in its citations: ``[n]`` markers and the closing emergency line are removed first (that line
would otherwise supply "999" to every answer). Both sides are normalised as evidence is
(case, whitespace, curly quotes and dashes, markdown markup), a fact must sit on word
boundaries ("p5" is not found in "p50"), and a fact that is a phone number (six or more
digits, nothing but digits, spaces, brackets, "+" and "-") is compared by its digits alone,
so "0116 3050005" is found in "0116 305 0005".

**Refusals that say what is missing.** A refusal of an unanswerable question names what is
missing when it contains at least one *lacking term*: a content word of the row's
``missing`` line or of the question that appears nowhere in the newsletters. Words are the
normalised alphanumeric runs of three or more characters, minus common function words and
chat filler ("pls", "asap") and words about the gap itself ("mentioned", "given", "none");
a plural and its singular count as the same word. A row with
no lacking term (every word of it is somewhere in the newsletters, as in many near misses)
is not measured. Words of the nearest topics a refusal lists come from the newsletters, so
only the refusal's own naming of the gap can match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from evals.cases import Question
from evals.matching import STOP_WORDS, normalise

_MARKER = re.compile(r"\[\d+\]")
_EMERGENCY_LINE = re.compile(r"in an emergency call 999\.?\s*$", re.IGNORECASE)
_PHONE_FACT = re.compile(r"^\+?[\d\s()-]+$")
_DIGIT_RUN = re.compile(r"\+?\d[\d\s()-]*\d")
_TERM = re.compile(r"[a-z0-9]+")
MIN_PHONE_DIGITS = 6
MIN_TERM_CHARS = 3
# Chat shorthand that questions use, and the words any refusal or "missing" line may use
# about the gap itself: neither ever names the missing subject.
FILLER = frozenset(
    """pls plz thx thanks asap btw lol hiya anyone someone anything something whats thing
    mention mentioned mentioning cover covered covering give given none nothing nowhere
    describe described printed state stated list listed name named specified equivalent
    instead answer answered detail information include included newsletter issue doubtful
    say said lack lacking available unavailable found neither either appear term
    description explain explained""".split()
)


def answer_text(answer: Mapping[str, Any]) -> str:
    """The answer as read for key facts: markers and the closing emergency line removed."""
    text = _MARKER.sub(" ", str(answer.get("answer") or ""))
    return _EMERGENCY_LINE.sub("", text.rstrip())


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def is_phone_fact(fact: str) -> bool:
    return bool(_PHONE_FACT.match(fact.strip())) and len(_digits(fact)) >= MIN_PHONE_DIGITS


def fact_in(fact: str, text: str) -> bool:
    """The key fact is in the text (normalised; phone numbers by their digits)."""
    if is_phone_fact(fact):
        want = _digits(fact)
        return any(want in _digits(run) for run in _DIGIT_RUN.findall(text))
    f, t = normalise(fact), normalise(text)
    if not f:
        return False
    head = r"(?<![a-z0-9])" if f[0].isalnum() else ""
    tail = r"(?![a-z0-9])" if f[-1].isalnum() else ""
    return re.search(head + re.escape(f) + tail, t) is not None


def facts_found(facts: Sequence[str], text: str) -> list[bool]:
    return [fact_in(f, text) for f in facts]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > MIN_TERM_CHARS and word.endswith("s") else word


def terms(text: str) -> set[str]:
    """Content words of a text for the refusal heuristic, stemmed (plural -> singular)."""
    out = set()
    for word in _TERM.findall(normalise(text)):
        stem = _stem(word)
        if len(word) >= MIN_TERM_CHARS and word not in STOP_WORDS and stem not in FILLER:
            out.add(stem)
    return out


class CorpusWords:
    """Every stemmed word the newsletters use, to tell which words of a row they lack."""

    def __init__(self, texts: Iterable[str]) -> None:
        words: set[str] = set()
        for text in texts:
            words.update(_stem(w) for w in _TERM.findall(normalise(text)))
        self._words = frozenset(words)

    def __len__(self) -> int:
        return len(self._words)

    def lacking(self, *texts: str) -> list[str]:
        """The terms of the texts that no newsletter uses, in name order."""
        found: set[str] = set()
        for text in texts:
            found |= terms(text)
        return sorted(w for w in found if w not in self._words)


def names_missing(refusal: str, lacking: Sequence[str]) -> bool | None:
    """The refusal names one of the lacking terms; None when there is none to name."""
    if not lacking:
        return None
    return bool(terms(_MARKER.sub(" ", refusal)) & set(lacking))


def fact_fields(
    q: Question, answer: Mapping[str, Any], words: CorpusWords | None
) -> dict[str, Any]:
    """The key-fact and refusal-naming part of a question's record."""
    refused, text = bool(answer.get("refused")), answer_text(answer)
    # a refusal holds no key fact, whatever words it shares with them
    found = [False] * len(q.key_facts) if refused else facts_found(q.key_facts, text)
    missing_facts = [f for f, ok in zip(q.key_facts, found, strict=True) if not ok]
    lacking = words.lacking(q.question, q.missing) if q.unanswerable and words else []
    return {
        "fact_kind": q.fact_kind,
        "followup": q.is_followup,
        "near_miss": q.near_miss,
        "key_facts": len(q.key_facts) if not q.unanswerable else 0,
        "key_facts_found": sum(found),
        "missing_facts": missing_facts if not q.unanswerable else [],
        "lacking_terms": lacking,
        "names_missing": names_missing(text, lacking) if q.unanswerable and refused else None,
    }


def fact_failures(rec: Mapping[str, Any]) -> list[str]:
    fails = []
    if rec["key_facts"] and not rec["refused"] and rec["missing_facts"]:
        fails.append("answer lacks key facts: " + "; ".join(rec["missing_facts"]))
    if rec["names_missing"] is False:
        fails.append("refusal does not name what is missing")
    return fails
