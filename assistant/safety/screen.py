"""The risk screen: both detectors over a message and its recent turns, then the tier, the
routes and the support strip. Runs first on every path and never raises.

Level of a message read alone: the lexicon OR the classifier says someone may be at risk
(concern); immediate when either says so; else topic when either names a risk subject; else
none. Two exceptions, when the classifier does not read risk: a lexicon finding with no
immediate-danger cue in what the classifier confidently reads as a practice question (no live
case) is a topic question; and a subject word alone that the classifier is all but certain
describes nobody at risk is a mention (the veto). Both get the support strip. An earlier risky
turn carries its level to this message only while the conversation still concerns it: the
message is a follow-up ("who do I ring?"), or its vector is close to that turn's. Otherwise
the message gets its own level, with a support strip reminding of the routes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np

from assistant.safety.classifier import Reading, RiskClassifier
from assistant.safety.detector import Finding, LexiconDetector
from assistant.safety.selection import RouteSelector
from assistant.settings import SafetyTuning
from assistant.terms import is_content, words
from assistant.types import LEVELS, Risk, Safety, Turn

log = logging.getLogger(__name__)

# When detection itself fails, the routes show: a false alarm costs screen space.
FAILSAFE = Risk(level="concern", categories=("safeguarding_concern",), detectors=("failsafe",))


class RiskScreen:
    """`screen(message, history, now) -> Safety` and `assess(message, history) -> Risk`."""

    def __init__(
        self,
        *,
        lexicon: LexiconDetector,
        classifier: RiskClassifier | None,
        selector: RouteSelector,
        is_follow_up: Callable[[str], bool],
        tuning: SafetyTuning,
    ) -> None:
        self._lexicon = lexicon
        self._classifier = classifier
        self._selector = selector
        self._is_follow_up = is_follow_up
        self._tuning = tuning

    def warm_up(self) -> None:
        self._lexicon.warm_up()
        if self._classifier is not None:
            self._classifier.model  # noqa: B018 - loads the arrays now

    def screen(
        self, message: str, history: Sequence[Turn] = (), now: datetime | None = None
    ) -> Safety:
        try:
            risk, earlier = self._assess(message, history)
        except Exception:  # never let a detector fault hide the routes
            log.exception("risk detection failed; showing the routes")
            risk, earlier = FAILSAFE, None
        routes = self._selector.select(risk, now)
        support = None
        if risk.level == "topic" or (earlier is not None and not risk.detected):
            basis = risk if risk.level == "topic" else earlier
            assert basis is not None
            support = self._selector.support(basis, now, earlier=risk.level != "topic")
        return Safety(risk, tuple(routes), support, self._selector.visible(risk, routes))

    def assess(self, message: str, history: Sequence[Turn] = ()) -> Risk:
        return self._assess(message, history)[0]

    # -- reading -----------------------------------------------------------------------------
    def _assess(self, message: str, history: Sequence[Turn]) -> tuple[Risk, Risk | None]:
        """The message's risk, and the earlier risky turn it has moved on from (if any)."""
        turns = self._earlier(history)
        area = self._lexicon.area([*turns, message])
        own = self.read(message, area)
        if not turns:
            return own, None
        prior = [self.read(t, area) for t in turns]
        risky = [(t, r) for t, r in zip(turns, prior, strict=True) if r.detected]
        if not self._continues(message, [t for t, _ in risky] or turns[-1:]):
            if own.detected or not risky:
                return own, None
            return own, max((r for _, r in risky), key=_rank)
        joint = self._lexicon.find_joined([*turns, message])
        candidates = [r for _, r in risky] + [own] * own.detected
        if joint.categories:
            candidates.append(self._risk(joint, None, area))
        if not candidates:
            return own, None
        best = max(candidates, key=_rank)
        cats = tuple(dict.fromkeys(c for r in candidates for c in r.categories))
        detectors = tuple(sorted({d for r in candidates for d in r.detectors}))
        carried = best is not own
        return (
            Risk(level=best.level, categories=cats, area=area, detectors=detectors,
                 carried=carried),
            None,
        )

    def read(self, text: str, area: str | None = None) -> Risk:
        """One text's risk, from both detectors."""
        finding = self._lexicon.find(text)
        reading = None
        if self._classifier is not None:
            try:
                reading = self._classifier.read(self._lexicon.readable(text), finding)
            except Exception:  # the lexicon still reads; say so in the log
                log.exception("risk classifier failed; the lexicon alone decides")
        return self._risk(finding, reading, area or self._lexicon.area([text]))

    def _risk(self, finding: Finding, reading: Reading | None, area: str | None) -> Risk:
        return combine(finding, reading, self._tuning, area)

    def _earlier(self, history: Sequence[Turn]) -> list[str]:
        t = self._tuning
        if not t.history_turns:
            return []
        users = [
            h.content[: t.history_chars]
            for h in history or ()
            if getattr(h, "role", None) == "user" and isinstance(getattr(h, "content", None), str)
        ]
        return [u for u in users[-t.history_turns :] if u.strip()]

    def _continues(self, message: str, turns: Sequence[str]) -> bool:
        """The message still concerns the earlier turns: a follow-up, a request for help or
        contacts that names no subject of its own, or a message close to them in meaning."""
        if self._is_follow_up(message) or asks_for_help(message):
            return True
        if self._classifier is None or not turns:
            return False
        vec = self._classifier.vector(message)
        sims = [float(np.dot(vec, self._classifier.vector(t))) for t in turns]
        return max(sims) >= self._tuning.follow_similarity


def combine(
    finding: Finding, reading: Reading | None, t: SafetyTuning, area: str | None = None
) -> Risk:
    """One text's risk from the lexicon's finding and the classifier's reading: routes when
    either says someone may be at risk, 999 first when either says immediate."""
    learned = reading is not None and reading.risk >= t.risk_threshold
    if finding.categories and not learned and (
        topic_question(finding, reading, t) or (vetoable(finding) and vetoed(reading, t))
    ):
        # a subject named in a question the classifier reads as practice, or a subject word
        # alone (no live pattern, no danger cue) in words the classifier, which saw the
        # lexicon's finding, is all but certain describe nobody at risk: the support strip
        return Risk(level="topic", categories=finding.categories, area=area)
    if finding.categories or learned:
        # 999 first when the lexicon saw danger in a category it found, or a danger cue in
        # a message whose risk only the classifier found, or the classifier reads immediate
        immediate = (
            finding.immediate
            or (learned and finding.cue)
            or (reading is not None and reading.immediate >= t.immediate_threshold)
        )
        cats = finding.categories or ()
        if learned and reading is not None and reading.category not in cats:
            cats = (*cats, reading.category)
        detectors = ("lexicon",) * bool(finding.categories) + ("classifier",) * learned
        level = "immediate" if immediate else "concern"
        return Risk(level=level, categories=cats, area=area, detectors=detectors)
    topical = reading is not None and reading.topic >= t.topic_threshold
    if finding.topics or topical:
        # the subject is the lexicon's: with no subject word the category model guesses (it
        # was fitted on risky text), so the support strip then names 999 alone
        return Risk(level="topic", categories=finding.topics, area=area)
    return Risk(area=area)


def topic_question(finding: Finding, reading: Reading | None, t: SafetyTuning) -> bool:
    """The classifier is confident the message is a question about a risk subject with no
    live case, and the lexicon saw no immediate-danger cue: the support strip, not the routes.
    A finding from topic patterns alone needs `topic_threshold`; one from live patterns (a
    practice question such as "what age can a child be left home alone?" matches the neglect
    pattern) needs the stricter `practice_threshold`, and the classifier all but certain that
    nobody is at risk (below `veto_threshold`). The caller applies this only when the
    classifier does not read risk; an immediate cue always keeps the routes."""
    if reading is None or finding.immediate:
        return False
    if finding.tiers <= {"topic"}:
        return reading.topic >= t.topic_threshold
    return reading.topic >= t.practice_threshold and vetoed(reading, t)


def vetoable(finding: Finding) -> bool:
    """A finding the classifier may overrule: no live pattern and no immediate-danger cue.
    A live pattern ("he's been recruited into county lines") always keeps the routes."""
    return not finding.immediate and "live" not in finding.tiers


def vetoed(reading: Reading | None, t: SafetyTuning) -> bool:
    """The classifier reads the message as almost certainly about nobody at risk."""
    return reading is not None and reading.risk < t.veto_threshold


# Words of a request for help or contacts ("what number do I ring?", "who do I tell?")
_HELP_WORDS = frozenset(
    "number numbers ring call phone contact contacts report referral refer tell help helpline "
    "give line lines who where ask someone person get hold speak talk email address details "
    "urgent urgently now advice advise support sort step steps next happen happens".split()
)


def asks_for_help(message: str) -> bool:
    """A request for help or contacts naming no subject of its own."""
    own = [w for w in words(message) if is_content(w)]
    return len(own) <= 6 and all(w in _HELP_WORDS for w in own)


def _rank(risk: Risk) -> int:
    return LEVELS.index(risk.level)
