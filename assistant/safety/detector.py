"""The lexicon detector: rules over a message, no model, no network.

Steps (see docs/safety.md):
1. normalise: lower case, text-speak and slang expanded, leetspeak undone, misspellings of
   risk words corrected (only for tokens that are not English words);
2. the message is read whole, in overlapping slices when it is long; `find_joined` reads the
   recent user turns and the message together for a follow-up ("what do I do?");
3. `live` patterns fire always; `topic` patterns fire unless the text is an informational or
   training question with nothing pointing at a live case;
4. negation is never used to switch a detection off; idioms ("I could murder a coffee") are
   removed first and only kept out when nothing else fires.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.areas import detect_area, place_words
from assistant.safety.fuzzy import FuzzyCorrector, load_dictionary, osa_distance
from assistant.safety.gloss import Glosser
from assistant.safety.lexicon import (
    CategoryPatterns,
    Lexicon,
    load_lexicon,
    load_lexicon_nouns,
    squeeze,
    tokens,
)
from assistant.settings import SafetyTuning
from assistant.types import Risk, Turn

log = logging.getLogger(__name__)

# Categories that always mean someone may be in immediate danger; a medical one only when a
# live or backstop rule fires for it ("first aid" or "sepsis" named alone is no emergency).
ALWAYS_IMMEDIATE = frozenset({"immediate_danger", "medical_emergency"})
SUBJECT_NOT_URGENT = frozenset({"medical_emergency"})
_SEPARATOR = " . "
MEMO_TEXTS = 1024  # findings remembered (the turns of recent conversations)


@dataclass(frozen=True)
class Finding:
    """One detector's reading of one text."""

    categories: tuple[str, ...] = ()  # someone may be at risk, in these categories
    immediate: bool = False
    topics: tuple[str, ...] = ()  # risk subjects named with no live case
    tiers: frozenset[str] = frozenset()  # which rules fired: live, topic, backstop
    informational: bool = False  # framed as a question about guidance, training...
    # an immediate-danger pattern matched, whether or not a category fired: when the
    # classifier finds the risk the lexicon's categories missed, the cue still puts 999 first
    cue: bool = False

    @property
    def level(self) -> str:
        if self.categories:
            return "immediate" if self.immediate else "concern"
        return "topic" if self.topics else "none"

    def merged(self, lexicon: Lexicon, other: Finding) -> Finding:
        cats = set(self.categories) | set(other.categories)
        return Finding(
            categories=tuple(n for n in lexicon.names if n in cats),
            immediate=self.immediate or other.immediate,
            topics=tuple(n for n in lexicon.names if n in set(self.topics) - cats),
            tiers=self.tiers | other.tiers,
            informational=self.informational,
            cue=self.cue or other.cue,
        )


class LexiconDetector:
    """Rules over normalised text. The lexicon and word list load on first use.

    `find(text)` reads one text whole (in overlapping slices when it is long); `assess`
    reads a message with its recent user turns, for the lexicon's own tests and scoring.
    """

    def __init__(
        self,
        tuning: SafetyTuning,
        lexicon: Lexicon | None = None,
        dictionary: frozenset[str] | None = None,
        glosser: Glosser | None = None,
    ) -> None:
        self._lexicon = lexicon
        self._dictionary = dictionary
        self._tuning = tuning
        self._glosser = glosser or Glosser(tuning)
        self._fuzzy: FuzzyCorrector | None = None
        self._memo: OrderedDict[str, Finding] = OrderedDict()
        self._lock = threading.Lock()

    # -- loading -----------------------------------------------------------------------------
    def _ready(self) -> tuple[Lexicon, FuzzyCorrector]:
        if self._lexicon is None:
            self._lexicon = load_lexicon()
        if self._fuzzy is None:
            words = self._dictionary if self._dictionary is not None else load_dictionary()
            # words of the gloss tables are words of other languages, kept as written
            # ("chakk", pick up in Punjabi, is not "chaku", knife in Urdu)
            self._fuzzy = FuzzyCorrector(
                self._lexicon.vocabulary, words | protected_words() | self._glosser.words()
            )
        return self._lexicon, self._fuzzy

    def warm_up(self) -> None:
        """Load the lexicon and word list now rather than on the first message."""
        self.find("warm up")

    # -- reading -----------------------------------------------------------------------------
    def normalise(self, text: str) -> str:
        """The text as the patterns see it."""
        lexicon, fuzzy = self._ready()
        toks = tokens(text, lexicon.slang)
        names = _names(text)
        out = [_fix_name(fuzzy, tok) if tok in names else _fix(fuzzy, tok) for tok in toks]
        for i, tok in enumerate(out):
            # "debt 2 the dealers": a lone 2 between words is "to" (but "2 year old" is an age)
            if (
                tok == "2"
                and 0 < i < len(out) - 1
                and out[i - 1].isalpha()
                and out[i + 1].isalpha()
            ):
                if out[i + 1] not in _AGE_UNITS:
                    out[i] = "to"
        return " ".join(out)

    def readable(self, text: str) -> str:
        """The text as the classifier should read it: its English gloss when it is written
        mostly in a language of the gloss tables (assistant/safety/gloss.py), else the text
        with its misspelt risk words (the lexicon's `[fuzzy] words`) corrected as the lexicon
        reads them ("being abuzed" is "being abused"; everything else as written)."""
        gloss = self._glosser.gloss(text)
        if gloss is not None:
            return gloss
        lexicon, fuzzy = self._ready()
        names = _names(text)
        foreign = self._glosser.words()  # romanised words the corrector keeps as written

        def fixed(m: re.Match[str]) -> str:
            word = m.group(0)
            low = word.lower()
            new = _fix_name(fuzzy, low) if low in names else _fix(fuzzy, low)
            mended = new != low and new in lexicon.risk_words and new not in foreign
            return new if mended else word

        return _PLAIN_WORD.sub(fixed, text)

    def find(self, text: str) -> Finding:
        """The whole text, read in overlapping slices so no part is left unread, and its
        English gloss too when it has one. Findings are remembered for the last texts read,
        so earlier turns are not read again."""
        if not isinstance(text, str):
            text = str(text)
        with self._lock:
            known = self._memo.get(text)
        if known is not None:
            return known
        parts = self._slices(text)
        gloss = self._glosser.gloss(text)
        if gloss is not None:
            parts += self._slices(gloss)
        findings = [self._find_normalised(self.normalise(part)) for part in parts]
        finding = _union(self._ready()[0], findings)
        with self._lock:
            self._memo[text] = finding
            while len(self._memo) > MEMO_TEXTS:
                self._memo.popitem(last=False)
        return finding

    def find_joined(self, texts: Sequence[str]) -> Finding:
        """Several texts (earlier turns, then the message) read as one."""
        joined = _SEPARATOR.join(self.normalise(t) for t in texts if t)
        return self._find_normalised(joined)

    def assess(self, message: str, history: Sequence[Turn] = ()) -> Risk:
        """The lexicon's view of a message with its recent user turns."""
        earlier = [
            t.content[: self._tuning.history_chars] for t in _user_turns(history)
        ][-self._tuning.history_turns :] if self._tuning.history_turns else []
        finding = self.find(message)
        if earlier and not finding.categories:
            finding = self.find_joined([*earlier, message])
        return Risk(
            level=finding.level,
            categories=finding.categories or finding.topics,
            area=self.area([*earlier, message]),
            detectors=("lexicon",) if finding.categories else (),
        )

    def area(self, texts: Sequence[str]) -> str | None:
        """The LLR area the last text names, else the latest earlier one that names one."""
        for text in reversed(texts):
            found = detect_area(self.normalise(text))
            if found:
                return found
        return None

    def _slices(self, text: str) -> list[str]:
        size = self._tuning.lexicon_slice_chars
        if len(text) <= size:
            return [text]
        step = size - min(500, size // 4)  # overlap so a phrase across a cut is read whole
        return [text[i : i + size] for i in range(0, len(text) - (size - step), step)]

    def _find_normalised(self, text: str) -> Finding:
        lexicon, _ = self._ready()
        unidiomatic = lexicon.idioms.sub(" , ", text)
        found = _detect(lexicon, unidiomatic)
        if found.categories and unidiomatic != text:
            # an idiom never hides a real risk: read the full text too once something fired
            found = found.merged(lexicon, _detect(lexicon, text))
        if not found.categories:
            return replace(found, cue=bool(lexicon.immediate.search(unidiomatic)))
        cue = bool(lexicon.immediate.search(text))
        immediate = found.immediate or cue
        log.debug("risk: %s immediate=%s", ",".join(found.categories), immediate)
        return replace(found, immediate=immediate, cue=cue)


def _union(lexicon: Lexicon, findings: Sequence[Finding]) -> Finding:
    result = findings[0]
    for other in findings[1:]:
        result = result.merged(lexicon, other)
    return replace(result, informational=all(f.informational for f in findings))


# A capitalised word inside a sentence may be a name ("Year 6 are doing Macbeth"): it is
# corrected towards a risk word only one edit away ("Sucidal"), never two ("machete").
_NAME = re.compile(r"(?<![.!?:;\n]\s)(?<![.!?:;\n])(?<!^)\b[A-Z][a-z]{3,}\b")


def _names(text: str) -> frozenset[str]:
    return frozenset(m.group(0).lower() for m in _NAME.finditer(text.strip()))


def _fix_name(fuzzy: FuzzyCorrector, tok: str) -> str:
    fixed = _fix(fuzzy, tok)
    return fixed if osa_distance(tok, fixed, 2) <= 1 else tok


# a word of letters alone (not part of a longer token such as an address or a name with digits)
_PLAIN_WORD = re.compile(r"(?<![\w@./'’-])[A-Za-z]{4,}(?![\w@./'’-])")

_AGE_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days"})


def _fix(fuzzy: FuzzyCorrector, tok: str) -> str:
    """Correct a misspelt risk word; undo dropped g's ("takin") and stretched letters."""
    if not tok.isalpha() or fuzzy.is_word(tok):
        return tok
    if tok.endswith("in") and fuzzy.is_word(tok + "g"):
        return tok + "g"
    fixed = fuzzy.correct(tok)
    if fixed == tok:
        squeezed = squeeze(tok)
        if squeezed != tok and fuzzy.is_word(squeezed):
            return squeezed
    return fixed


def protected_words() -> frozenset[str]:
    """Words never corrected: place names ("Blaby" is not "baby") and people nouns."""
    return place_words() | frozenset(
        w for n in load_lexicon_nouns() for form in (n, n + "s") for w in form.split()
    )


def _detect(lexicon: Lexicon, text: str) -> Finding:
    """One pass over the categories: which fire and by which rule (live, topic, backstop),
    and which are named only as a subject (a topic pattern in an informational question)."""
    informational = _informational(lexicon, text)
    person = informational is False and bool(lexicon.person.search(text))
    found: list[str] = []
    topics: list[str] = []
    tiers: set[str] = set()
    urgent = False  # a category that is always immediate, fired by more than a subject word
    for cat in lexicon.categories:
        if cat.live.search(text):
            tier = "live"
        elif cat.topic is not None and cat.topic.search(text):
            if informational:
                topics.append(cat.name)
                continue
            tier = "topic"
        elif person and _backstop(cat, text):
            tier = "backstop"
        else:
            continue
        found.append(cat.name)
        tiers.add(tier)
        urgent = urgent or (
            cat.name in ALWAYS_IMMEDIATE
            and not (tier == "topic" and cat.name in SUBJECT_NOT_URGENT)
        )
    return Finding(
        categories=tuple(found),
        immediate=urgent,
        topics=tuple(topics),
        tiers=frozenset(tiers),
        informational=informational,
    )


def _backstop(cat: CategoryPatterns, text: str) -> bool:
    """One strong word, or two different weak words, of the category."""
    if cat.strong is not None and cat.strong.search(text):
        return True
    if cat.weak is None:
        return False
    return len({m.group(0) for m in cat.weak.finditer(text)}) >= 2


def _informational(lexicon: Lexicon, text: str) -> bool:
    """An informational or training question, with nothing that points at a live case."""
    return bool(lexicon.info.search(text)) and not lexicon.live_cue.search(text)


def _user_turns(history: Sequence[Any]) -> list[Any]:
    return [
        t
        for t in history or ()
        if getattr(t, "role", None) == "user" and isinstance(getattr(t, "content", None), str)
    ]
