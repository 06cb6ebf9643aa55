from pathlib import Path

from evals.cases import Question
from evals.facts import CorpusWords, answer_text, fact_fields, fact_in, names_missing
from tests.evals.helpers import answer

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _corpus_words() -> CorpusWords:
    return CorpusWords(p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt"))


def test_fact_in_ignores_case_whitespace_quotes_dashes_and_markup():
    assert fact_in("Children’s Social Care", "ring **children's  social\ncare** today")
    assert fact_in("Monday – Friday", "open monday - friday, 8am to 8pm")


def test_fact_in_compares_phone_numbers_by_digits():
    assert fact_in("0116 3050005", "call 0116 305 0005, option 1")
    assert fact_in("0116 305 0005", "call (0116) 3050005")
    assert not fact_in("0116 305 0005", "call 0116 305 0006")


def test_fact_in_needs_word_boundaries():
    assert not fact_in("p5", "see p50 of the report")
    assert fact_in("p5", "see p5.")
    assert fact_in("24/7", "open 24/7 for anyone")


def test_answer_text_drops_markers_and_the_emergency_line():
    text = answer_text(answer(text="Ring the EDT [1] on 0116 255 1606 [2]."))
    assert "[1]" not in text and "999" not in text and "0116 255 1606" in text


def test_emergency_line_never_supplies_a_999_fact():
    q = Question(id="q", question="who do I call?", key_facts=("999",))
    rec = fact_fields(q, answer(text="Ring the duty team [1]."), None)
    assert rec["key_facts_found"] == 0 and rec["missing_facts"] == ["999"]


def test_fact_fields_counts_facts_found_in_the_answer():
    q = Question(id="q", question="EDT?", key_facts=("0116 2551606", "option 2/1/1", "Rutland"))
    rec = fact_fields(q, answer(), None)
    assert rec["key_facts"] == 3 and rec["key_facts_found"] == 2
    assert rec["missing_facts"] == ["Rutland"]


def test_fact_fields_refusal_holds_no_fact():
    q = Question(id="q", question="EDT?", key_facts=("Emergency Duty Team",))
    rec = fact_fields(q, answer(text="Emergency Duty Team: not covered.", refused=True), None)
    assert rec["key_facts_found"] == 0


def test_corpus_words_lacking_keeps_words_no_newsletter_uses():
    words = _corpus_words()
    lacking = words.lacking("what is the MARAC referral process pls?", "MARAC is never mentioned")
    assert lacking == ["marac"]


def test_names_missing_finds_a_lacking_term_in_the_refusal():
    refusal = 'The newsletters don\'t cover this. They never mention "MARAC".'
    assert names_missing(refusal, ["marac"]) is True
    assert names_missing("The newsletters don't cover this.", ["marac"]) is False
    assert names_missing("The newsletters don't cover this.", []) is None


def test_names_missing_matches_plural_and_singular():
    assert names_missing("Nothing on festivals here.", ["festival"]) is True


def test_fact_fields_names_missing_only_for_refused_unanswerable():
    q = Question(
        id="u", question="what is MARAC?", unanswerable=True, missing="MARAC is not covered."
    )
    words = _corpus_words()
    refused = fact_fields(q, answer(text='They never mention "MARAC".', refused=True), words)
    answered = fact_fields(q, answer(), words)
    assert refused["names_missing"] is True and refused["lacking_terms"] == ["marac"]
    assert answered["names_missing"] is None


def test_corpus_words_lacking_ignores_words_about_the_gap():
    words = _corpus_words()
    assert words.lacking("how do i spot county lines?", "the term itself does not appear") == []
