"""What kind of fact a piece of newsletter text holds, and which slots it satisfies.

Each test is a plain pattern over the text: a phone number, an email or web address, a count,
a date, a timescale, a person's name, a role, an organisation, a place, a definition, steps.
`holds(kind, text)` says whether text could answer a question of that kind.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.areas import COVERS, areas_named
from assistant.dates import month_label
from assistant.questions import Frame
from assistant.terms import fold
from assistant.types import Chunk

_MONTHS = r"(january|february|march|april|may|june|july|august|september|october|november|" \
          r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
_NUMBER_WORDS = r"(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|" \
                r"thirty|forty|fifty|hundred|thousand|million|half|quarter|third|dozen)"
_LANDLINE = r"0\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}|0\d{9,10}"
_UNITS = r"(minutes?|hours?|days?|weeks?|fortnights?|months?|years?)"

TESTS = {
    "phone": re.compile(rf"\b({_LANDLINE}|116\s?\d{{3}}|999|101|111|\d{{5}})\b"),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "web": re.compile(r"(https?://|www\.|\b[\w-]+\.(org|gov|co|com|nhs|net|ac)(\.uk)?\b|"
                      r"bit\.ly/)"),
    "number": re.compile(rf"(\b\d+(\.\d+)?\b|%|\b{_NUMBER_WORDS}\b)"),
    "date": re.compile(rf"(\b{_MONTHS}\b|\b(19|20)\d\d\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|"
                       r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)"),
    "timescale": re.compile(rf"(\b(\d+|{_NUMBER_WORDS})[\s-]+(working\s+)?{_UNITS}\b|\bwithin\b|"
                            r"\bby the end of\b|\b(daily|weekly|monthly|annually|yearly|"
                            r"quarterly)\b|\bevery\s+\w+\s+" + _UNITS + r"|\bsame day\b|"
                            r"\bnext working day\b|\bimmediately\b|\bsince\b|"
                            # clock times and opening hours ("8.30am - 5pm", "24/7")
                            r"\b\d{1,2}([.:]\d{2})?\s?(am|pm)\b|\b24/7\b|"
                            r"\b(monday|mon)\s*(-|to|–)\s*(friday|fri|thursday|thurs|sunday|sun)\b)"),
    "role": re.compile(r"\b(manager|lead|chair|officer|coordinator|co-ordinator|director|"
                       r"worker|nurse|practitioner|designated|advis[eo]r|head of|consultant|"
                       r"administrator|trainer|social worker|dsl|lado|safeguarding lead|"
                       # "who can request it?" is answered by "anyone can"
                       r"anyone|anybody|everyone|any (one|person|professional|practitioner|agency)|"
                       r"nearest relative)\b"),
    "organisation": re.compile(r"\b(service|team|board|partnership|trust|council|nhs|police|"
                               r"charity|centre|center|unit|hub|agency|network|forum|"
                               r"foundation|society|commission|panel|authority|group|"
                               r"nspcc|camhs|ofsted|cqc|barnardo)\b"),
    "place": re.compile(r"\b(at|in) (the )?[a-z]+ (centre|hall|ground|stadium|library|"
                        r"hotel|house|building|room|school|college|university|park)\b|"
                        r"\b(venue|held at|located)\b"),
    "definition": re.compile(r"\b(is|are|means?|refers? to|defined as|describes?|is when|is "
                             r"where|is the|are the|involves?|includes?)\b"),
    "steps": re.compile(r"\b(should|must|need to|needs to|contact|complete|refer|call|ring|"
                        r"email|send|fill in|submit|report|record|discuss|speak to|make a|"
                        r"follow|ensure|first|then|next|via|through|using)\b"),
}
_NOT_COUNTS = re.compile(
    rf"\b(19|20)\d\d\b|\b\d{{1,2}}(st|nd|rd|th)?\s+{_MONTHS}\b|\b{_MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?\b|"
    rf"\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b({_LANDLINE})\b"
)
_NAME_WORD = r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_PERSON = re.compile(rf"(?<![.!?:]\s)\b{_NAME_WORD} {_NAME_WORD}\b")
_NOT_NAMES = frozenset(
    "The This That These Those Safeguarding Adults Children Board Partnership Leicester "
    "Leicestershire Rutland County City Council Social Care Service Services Team Local "
    "Authority Mental Health Act National Child Review Panel Domestic Abuse Practice Case "
    "Learning Training Multi Agency Young People Trading Standards Modern Slavery".split()
)
_AUDIENCE_WORDS = {
    "children": re.compile(r"\b(child|children|childrens|young (people|person)|kids?|pupils?|"
                           r"babies|baby|infants?|teenagers?|under 18)\b"),
    "adults": re.compile(r"\b(adults?|older (people|person)|elderly|care homes?|residents?|"
                         r"vulnerable adults?|adults? at risk|carers?)\b"),
}


def flags(text: str) -> dict[str, bool]:
    """Which kinds of fact the text holds."""
    return dict(_flags(text))


@lru_cache(maxsize=16384)  # passages recur across questions; the patterns are the cost
def _flags(text: str) -> tuple[tuple[str, bool], ...]:
    low = fold(text)
    out = {name: bool(p.search(low)) for name, p in TESTS.items() if name != "organisation"}
    # a count or figure: a number that is not a year, a day of a month or a phone number
    out["number"] = bool(TESTS["number"].search(_NOT_COUNTS.sub(" ", low)))
    out["organisation"] = bool(TESTS["organisation"].search(low)) or bool(
        re.search(r"\b[A-Z]{3,}\b", text)
    )
    out["person"] = any(
        a not in _NOT_NAMES and b not in _NOT_NAMES for a, b in _PERSON.findall(text)
    )
    out["contact"] = out["phone"] or out["email"] or out["web"]
    return tuple(out.items())


def holds(kind: str, found: dict[str, bool], is_list: bool) -> bool:
    """Whether text with these flags could answer a question of `kind`."""
    if kind in ("yes_no", "other"):
        return True
    if kind == "list":
        return is_list or found["number"]
    if kind == "role":
        return found["role"] or found["person"]
    if kind == "person":
        return found["person"] or found["role"]
    return found.get(kind, False)


def area_status(fr: Frame, text: str, doc_area: str) -> tuple[bool, bool]:
    """(satisfied, conflicting) for the question's areas: the text names the asked area, or
    names another local area and not the asked one."""
    if not fr.areas:
        return True, False
    named = set(areas_named(" ".join(fold(text).split())))
    asked = set(fr.areas)
    if named & asked:
        return True, False
    if named - asked:
        return False, True
    covered = set(COVERS.get(doc_area, ()))
    return bool(asked & covered), False


def audience_status(fr: Frame, text: str) -> tuple[bool, bool]:
    """(satisfied, conflicting) for the question's audience (children or adults)."""
    if fr.audience is None:
        return True, False
    low = fold(text)
    mine = bool(_AUDIENCE_WORDS[fr.audience].search(low))
    other = "adults" if fr.audience == "children" else "children"
    theirs = bool(_AUDIENCE_WORDS[other].search(low))
    return mine, theirs and not mine


def slot_text(chunk: Chunk) -> str:
    """Where a passage's slots are looked for: its newsletter's title, issue and date (a
    question about "the 2013 newsletter" or "issue 26"), its section and its text."""
    doc = chunk.doc
    issue = f"issue {doc.issue}" if doc.issue else ""
    dated = f"{doc.title} {issue} {doc.date[:4]} {month_label(doc.date)}"
    return f"{dated}\n{chunk.section}\n{chunk.text}"


def missing_slots(fr: Frame, text: str) -> list[str]:
    """The question's years, sections, statutes and names that `text` does not contain (a
    statute also counts when its initials are there: "MHA" for the Mental Health Act)."""
    low = fold(text)
    missing = [y for y in fr.years if y not in low]
    missing += [f"section {n}" for n in fr.sections
                if not re.search(rf"\b(section|s\.?)\s?{re.escape(n)}\b", low)]
    missing += [s for s in fr.statutes if not _statute_in(s, low)]
    missing += [n for n in fr.names if not _name_in(n, low)]
    return missing


def _statute_in(statute: str, low: str) -> bool:
    name = re.sub(r"\s*\d{4}$", "", fold(statute))
    initials = "".join(w[0] for w in name.split() if w not in ("of", "and", "the"))
    return name in low or (len(initials) > 1 and re.search(rf"\b{initials}\b", low) is not None)


def _name_in(name: str, low: str) -> bool:
    folded = fold(name)
    if folded in low:
        return True
    if folded.endswith("s") and folded[:-1] in low:  # "DSLs" -> "dsl"
        return True
    return False
