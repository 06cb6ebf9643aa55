"""What a question asks for and what it pins down: the kind of fact, and its slots.

Kinds: number (a count or figure), date, timescale, person, role, organisation, contact
(phone, email, web address), place, list, steps, definition, yes_no, other. Slots: the area
(Leicester City, Leicestershire, Rutland), the audience (children or adults), a year, a
section number, a named statute, and named things (acronyms and capitalised names such as
"CAMHS" or "Turning Point"). An answer must satisfy every slot the question pins down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.areas import areas_named
from assistant.terms import content_set, fold

KINDS = (
    "number", "date", "timescale", "person", "role", "organisation", "contact", "place",
    "list", "steps", "definition", "yes_no", "other",
)

# (kind, pattern over the folded question), first match wins
_KIND_RULES = [
    # a "when did/was/will..." question asks for a date whatever it names ("when did the new
    # phone system go live?"), unless it asks when something is open (a timescale, below)
    ("date", r"^(when (did|was|were|will|does|do|is|are|has|had)\b(?!.*\bopen\b)|"
             r"(what|whats|what is|which) (the )?(date|year|month)\b|(the )?date of\b)"),
    # who a thing is for: its audience ("who is the powerpoint aimed at?")
    ("role", r"\bwho (is|are|was|were) [\w' -]{1,60} (aimed at|intended for|meant for|"
             r"targeted at|for)\W*$"),
    ("contact", r"\b(phone|telephone|tel|number (to|for) (ring|call|contact)|"
                r"(their|the|its|her|his) (phone )?number|ring|call|email|"
                r"e-mail|website|web ?site|web address|url|link|contact details|how (do|can) i "
                r"(contact|reach|get in touch)|helpline|hotline|address)\b|\bnumber\W*$"),
    ("number", r"\b(how many|how much|number of|percentage|per ?cent|%|proportion|what age|"
               r"how old|count|figure|rate of|total|how common|how often|what share|how big)\b"),
    ("timescale", r"\b(how long|how soon|how quickly|within|timescale|time ?frame|deadline|"
                  r"by when|frequency|working days|hours? (after|before|of)|what period|"
                  r"duration|how many (days|weeks|months|hours)|opening (hours|times)|"
                  r"(office|daytime|working|open) hours|what (hours|times?)|hours\W*$|"
                  r"when (is|are) [\w' -]{1,40} open)\b"),
    ("date", r"\b(when|what date|which date|what year|which year|what month|what day|"
             r"due out|published)\b"),
    ("person", r"\b(who (is|was|are|were|wrote|chairs|leads|runs|compiled|manages|heads|"
               r"presented|spoke)|whose|name of the|named)\b"),
    ("role", r"\b(what (is|was) (her|his|their) (role|job|title)|what role|which role|job "
             r"title|who should|who can|who must|who do i)\b"),
    ("organisation", r"\b(which (organisation|service|agency|team|charity|body|board)|what "
                     r"(organisation|service|agency|charity))\b|^who\b"),
    ("place", r"\b(where (is|was|were|are|did|does|will|can)|which (venue|location|building|"
              r"town)|what venue)\b"),
    ("definition", r"\b(what (is|are|was|does) (an? |the )?[\w' -]{1,40}(mean|stand for)|"
                   r"define|definition|meaning of|stand for|what does .{1,40} mean)\b|"
                   r"^what(s| is)( an?| the)? [\w'-]+( [\w'-]+){0,3}\??$"),
    ("steps", r"\b(how (do|can|should|would) (i|we|you|staff|professionals)|how to|what "
              r"(should|do|must) (i|we|staff|professionals) do|steps|process|procedure for|"
              r"refer(ral)? to)\b"),
    ("list", r"\b(what are|which are|list|types of|kinds of|examples of|signs of|themes|"
             r"priorities|key (messages|findings|points)|recommendations|factors|risks)\b"),
    ("yes_no", r"^(is|are|was|were|does|do|did|can|could|should|will|would|has|have|must)\b"),
]
_KINDS = [(kind, re.compile(p)) for kind, p in _KIND_RULES]

_AUDIENCE = (
    ("children", re.compile(r"\b(child|children|childrens|kids?|young (people|person)|"
                            r"teen\w*|pupils?|babies|baby|infants?|under 18s?|minors?)\b")),
    ("adults", re.compile(r"\b(adults?|elderly|older (people|person|adults)|vulnerable adults?|"
                          r"care home residents?|adults? at risk)\b")),
)
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_SECTION = re.compile(r"\b(?:section|s\.?)\s?(\d{1,3}[a-z]?)\b")
_STATUTE = re.compile(r"\b((?:[A-Z][a-z]+ ){1,4}Act)(?: (\d{4}))?\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{1,7}s?\b")
_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b((?:[A-Z][a-z']+ ){0,3}[A-Z][a-z']+)\b")
_CITY = re.compile(r"(?<!capital )\b(the city|city's|city council|city children|in the city)\b")
_COUNTY = re.compile(r"\b(the county|county council|in the county|county's)\b")
# Capitalised words that name nothing in particular
_COMMON_CAPS = frozenset(
    "I What When Where Who Why How Which Is Are Do Does Can Could Should Would Will The A An "
    "And Or In On At For Of To Tell Please My Our Their His Her Any Has Have Was Were Did "
    "Newsletter Newsletters Issue Safeguarding Matters Board Partnership".split()
)


@dataclass(frozen=True)
class Frame:
    """The question's kind and slots."""

    kind: str
    areas: tuple[str, ...] = ()  # local areas the question names
    audience: str | None = None  # "children" | "adults"
    years: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()  # "42", "11"
    statutes: tuple[str, ...] = ()  # "Care Act 2014"
    names: tuple[str, ...] = ()  # acronyms and capitalised names, as written
    words: frozenset[str] = frozenset()  # content words (stemmed)


# The subject a follow-up carries from earlier turns, as the follow-up rewriter appends it:
# "when is it open? (report abuse education helpline)"
_CARRIED = re.compile(r"\s*\([^()]*\)\s*$")


def frame(question: str) -> Frame:
    """Read a question's kind and slots (rules; no model). The kind is read from the
    question's own words, not from a subject carried from earlier turns (whose "number"
    would make "when is it open?" a contact question); the slots from both."""
    folded = " ".join(fold(question).split())
    asked = _CARRIED.sub("", folded) or folded
    return Frame(
        kind=kind_of(asked),
        areas=_areas(folded),
        audience=_audience(folded),
        years=tuple(dict.fromkeys(_YEAR.findall(folded))),
        sections=tuple(dict.fromkeys(_SECTION.findall(folded))),
        statutes=tuple(dict.fromkeys(_statutes(question))),
        names=tuple(dict.fromkeys(_names(question))),
        words=content_set(question),
    )


_SENTENCE_END = re.compile(r"(?<=[?!.])\s+(?=\S)")


# Remarks about the asker rather than the subject: "Health visitor here", "want to explain
# it to a new dad", "got a pupil disclosing", "thanks"
_ABOUT_ASKER = re.compile(
    r"\b(i|im|i'm|i've|ive|me|my|we|we're|our|us|here|thanks|thank you|cheers|asking|"
    r"wanting|want to|wanted to|need to|trying to|got a|have a)\b",
    re.IGNORECASE,
)


def focus(question: str) -> str:
    """The question without remarks about the asker that follow its last question sentence
    ("What does ICON stand for? Health visitor here, want to explain it to a new dad"), so
    retrieval and answering read what is asked. Words before the question stay (they often
    carry its subject), as do remarks that add to the question ("age limit and how long",
    "Thinking about historic disclosures"), and the whole message is kept when the question
    alone would name fewer than two content words ("Who do I call? I'm worried about a child
    in Rutland")."""
    parts = _SENTENCE_END.split(question.strip())
    last = max((i for i, p in enumerate(parts) if p.rstrip().endswith("?")), default=-1)
    if last < 0 or last == len(parts) - 1:
        return question
    after = " ".join(parts[last + 1 :])
    if not _ABOUT_ASKER.search(after) or len(content_set(parts[last])) < 2:
        return question
    return " ".join(parts[: last + 1])


def kind_of(folded: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(folded):
            return kind
    return "other"


def _areas(folded: str) -> tuple[str, ...]:
    found = areas_named(folded)
    if _CITY.search(folded) and "leicester" not in found:
        found.append("leicester")
    if _COUNTY.search(folded) and "leicestershire" not in found:
        found.append("leicestershire")
    return tuple(dict.fromkeys(found))


def _audience(folded: str) -> str | None:
    hits = [name for name, pattern in _AUDIENCE if pattern.search(folded)]
    return hits[0] if len(hits) == 1 else None


def _statutes(question: str) -> list[str]:
    return [" ".join(p for p in m.groups() if p) for m in _STATUTE.finditer(question)]


def _names(question: str) -> list[str]:
    """Acronyms and capitalised names, leaving out area names and statutes (their own slots)."""
    statutes = " ".join(_statutes(question))
    names = [m.group(0) for m in _ACRONYM.finditer(question) if m.group(0) not in _COMMON_CAPS]
    for m in _NAME.finditer(question):
        # a possessive names the same person: "Drew Jagger's job" is about "Drew Jagger"
        parts = [re.sub(r"'s?$", "", w) for w in m.group(1).split() if w not in _COMMON_CAPS]
        if parts and not any(p.isupper() for p in parts):
            names.append(" ".join(parts))
    return [
        n for n in names
        if not areas_named(fold(n)) and fold(n) not in ("city", "county") and n not in statutes
    ]
