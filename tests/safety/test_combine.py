"""How the lexicon's finding and the classifier's reading make one level (`screen.combine`)."""

from __future__ import annotations

from assistant.safety.classifier import Reading
from assistant.safety.detector import Finding
from assistant.safety.screen import combine
from assistant.settings import SafetyTuning

T = SafetyTuning()
TOPIC_ONLY = Finding(categories=("domestic_abuse",), tiers=frozenset({"topic"}))
LIVE = Finding(categories=("domestic_abuse",), tiers=frozenset({"live"}))


def reading(risk: float, topic: float, immediate: float = 0.0) -> Reading:
    return Reading(risk=risk, immediate=immediate, topic=topic, category="domestic_abuse")


def test_a_topic_pattern_in_a_practice_question_is_a_topic_not_an_alarm():
    risk = combine(TOPIC_ONLY, reading(risk=0.05, topic=0.95), T)
    assert risk.level == "topic" and not risk.detected
    assert risk.categories == ("domestic_abuse",)  # the support strip knows the subject


def test_a_topic_pattern_keeps_the_routes_when_the_classifier_doubts_it_is_practice():
    doubt = reading(risk=T.veto_threshold + 0.01, topic=T.topic_threshold - 0.01)
    assert combine(TOPIC_ONLY, doubt, T).detected
    assert combine(TOPIC_ONLY, None, T).detected  # no classifier: the lexicon decides alone


def test_a_live_pattern_keeps_the_routes_unless_the_classifier_is_sure_it_is_practice():
    # the classifier reading it as nothing (a misspelt "recruted into county lines") never
    # takes the routes away from a live pattern; only a confident practice-question reading
    # ("what age can a child be left home alone?") makes it the support strip
    assert combine(LIVE, reading(risk=0.0, topic=0.0), T).level == "concern"
    below = reading(risk=0.0, topic=T.practice_threshold - 0.01)
    assert combine(LIVE, below, T).level == "concern"
    assert T.topic_threshold < T.practice_threshold < 1
    practice = combine(LIVE, reading(risk=0.0, topic=T.practice_threshold), T)
    assert practice.level == "topic" and practice.categories == ("domestic_abuse",)
    # unless the classifier is all but certain nobody is at risk, the routes stay
    assert combine(LIVE, reading(risk=T.veto_threshold, topic=1.0), T).detected
    assert combine(LIVE, reading(risk=T.risk_threshold, topic=1.0), T).detected
    assert combine(LIVE, None, T).level == "concern"  # no classifier: the lexicon alone
    backstop = Finding(categories=("neglect",), tiers=frozenset({"live", "backstop"}))
    assert combine(backstop, reading(risk=0.0, topic=0.0), T).detected


def test_the_veto_reads_a_subject_word_alone_as_a_mention_when_the_classifier_is_sure():
    assert T.veto_threshold > 0  # the production setting uses the veto
    risk = combine(TOPIC_ONLY, reading(risk=T.veto_threshold / 2, topic=0.0), T)
    assert risk.level == "topic" and not risk.detected
    assert risk.categories == ("domestic_abuse",)  # the support strip still knows the subject
    assert combine(TOPIC_ONLY, reading(risk=T.veto_threshold, topic=0.0), T).detected
    off = T.model_copy(update={"veto_threshold": 0.0})
    assert combine(TOPIC_ONLY, reading(risk=0.0, topic=0.0), off).detected


def test_an_immediate_cue_always_keeps_the_routes():
    urgent = Finding(categories=("domestic_abuse",), immediate=True, tiers=frozenset({"topic"}))
    assert combine(urgent, reading(risk=0.0, topic=1.0), T).level == "immediate"
    live = Finding(categories=("suicide_self_harm",), immediate=True, tiers=frozenset({"live"}))
    assert combine(live, reading(risk=0.0, topic=0.0), T).level == "immediate"  # no veto


def test_the_classifier_firing_overrides_the_topic_reading():
    risk = combine(TOPIC_ONLY, reading(risk=T.risk_threshold, topic=0.9), T)
    assert risk.level == "concern"


def test_a_topic_read_by_the_classifier_alone_names_no_subject_it_guessed():
    # "How do I contact First Response Children's Duty?" reads as a topic question, and the
    # category model (fitted on risky text) guesses a subject no word of it names: the
    # support strip must not offer a suicide line for a referral question
    risk = combine(Finding(), reading(risk=0.0, topic=T.topic_threshold), T)
    assert risk.level == "topic" and risk.categories == ()
    named = Finding(topics=("neglect",))
    assert combine(named, reading(risk=0.0, topic=0.9), T).categories == ("neglect",)


def test_a_danger_cue_puts_999_first_when_only_the_classifier_found_the_risk():
    # "cos ive got the tablets lined up on my desk": no category pattern fires, the lexicon
    # sees a danger cue, the classifier reads risk but not immediate danger
    cue = Finding(cue=True)
    assert combine(cue, reading(risk=T.risk_threshold, topic=0.0), T).level == "immediate"
    assert combine(Finding(), reading(risk=T.risk_threshold, topic=0.0), T).level == "concern"
    # a cue alone, with no risk read by either detector, raises nothing
    assert not combine(cue, reading(risk=0.0, topic=0.0), T).detected
