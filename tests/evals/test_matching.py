from evals.matching import content_words, evidence_in, normalise, overlaps

EVIDENCE = "It’s a legal duty for parents or the private foster carer to notify the local authority"


def test_normalise_folds_quotes_case_markup_and_whitespace():
    assert normalise("**It’s**  a\n[Legal](#) \\_duty_") == "it's a legal duty"


def test_evidence_in_matches_cleaned_passage_text():
    passage = (
        "Intro.\nIt's a legal   duty for parents or the **private foster carer** "
        "to notify the local authority of it."
    )
    assert evidence_in(EVIDENCE, passage)


def test_evidence_in_accepts_most_of_evidence_split_across_chunks():
    head = EVIDENCE[: int(len(EVIDENCE) * 0.7)]
    assert evidence_in(EVIDENCE, "end of previous chunk. " + head)


def test_evidence_in_rejects_small_fragment():
    head = EVIDENCE[: int(len(EVIDENCE) * 0.4)]
    assert not evidence_in(EVIDENCE, "start " + head)


def test_overlaps_counts_one_sentence_quote_inside_longer_evidence():
    evidence = (
        "Procedures are updated twice a year. "
        "Recent reviews found compliance is poor across agencies."
    )
    assert overlaps("Recent reviews found compliance is poor across agencies.", evidence)


def test_overlaps_rejects_unrelated_quote():
    assert not overlaps("Kooth offers online counselling for young people.", EVIDENCE)


def test_content_words_drop_function_words():
    assert content_words("The child is at risk of harm") == ["child", "risk", "harm"]
