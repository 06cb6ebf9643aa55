"""Unknown question terms, and the refusal that names them."""

from __future__ import annotations

import pytest

from assistant.answer.vocabulary import CorpusTerms
from assistant.terms import acronyms, content_set, with_aliases
from tests.answer.helpers import CHOKING, FRONT_DOOR, FRONT_DOOR_SOURCE, make_chunk, passages
from tests.fakes import production


class Source:
    """A chunk source whose version the test moves on."""

    def __init__(self, chunks):
        self.chunks_now = list(chunks)
        self.version = "v1"

    @property
    def chunks(self):
        return self.chunks_now


COMMON = production().answer.common_words


@pytest.fixture()
def chunks():
    door = make_chunk(FRONT_DOOR_SOURCE, FRONT_DOOR, section="Front door", cid="door")
    choke = make_chunk(FRONT_DOOR_SOURCE, CHOKING, section="Choking", cid="choke")
    return [door, choke]


@pytest.fixture()
def terms(chunks):
    return CorpusTerms(Source(chunks), COMMON)


def test_a_specialist_term_missing_from_every_passage_is_unknown(terms):
    assert terms("What is the MARAC referral process?") == ["MARAC"]
    assert terms("choking risk at festivals") == ["festivals"]


def test_words_the_passages_use_are_known_in_any_inflection(terms):
    assert terms("who do families phone about referrals?") == []
    assert terms("is choking a risk at meals?") == []


def test_everyday_words_and_short_forms_are_not_judged(terms):
    assert terms("my dad wrote it straight away, yr 9 vs yr 10") == []
    assert terms("how long before it counts, dads?") == []


def test_everyday_words_no_passage_uses_are_named_only_when_asked_for(terms):
    # for a refusal's reason: "weekend" is everyday, so it never counts against answering,
    # but a refusal may name it; chat words and the US spelling of a passage word never
    assert terms("is the duty phone system live at the weekend?") == []
    assert terms("is the duty phone system live at the weekend?", everyday=True) == ["weekend"]
    assert terms("hiya, quick question: which families call?", everyday=True) == []
    source = "Partners\n\nEach partner organisation names a safeguarding lead.\n"
    chunk = make_chunk(source, ["Each partner organisation names a safeguarding lead."])
    uk = CorpusTerms(Source([chunk]), COMMON)
    assert uk("which organization names a lead?", everyday=True) == []
    assert uk("which organization names a lead at weekends?", everyday=True) == ["weekends"]


def test_a_misspelt_passage_word_is_not_unknown(terms):
    assert terms("chokking on food") == []
    assert terms("who shuold families call") == []


def test_a_longer_form_of_a_passage_word_is_known(chunks):
    source = "Historical abuse\n\nHistorical allegations must be referred.\n"
    chunk = make_chunk(source, ["Historical allegations must be referred."], cid="h")
    assert CorpusTerms(Source([chunk]), COMMON)("historic allegations") == []


def test_terms_follow_the_index_version(chunks):
    source = Source(chunks[:1])
    terms = CorpusTerms(source, COMMON)
    assert terms("risk of choking") == ["choking"]
    source.chunks_now = chunks
    source.version = "v2"
    assert terms("risk of choking") == []


def test_an_empty_index_judges_nothing():
    assert CorpusTerms(Source([]), COMMON)("what is MARAC") == []


def test_refusal_names_the_terms_no_newsletter_uses(real_embedder):
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.answer.model import ModelSource

    door = make_chunk(FRONT_DOOR_SOURCE, FRONT_DOOR, section="Front door", cid="door")
    choke = make_chunk(FRONT_DOOR_SOURCE, CHOKING, section="Choking", cid="choke")
    terms = CorpusTerms(Source([door, choke]), production().answer.common_words)
    answerer = ExtractiveAnswerer(real_embedder, ModelSource(), production().answer, terms)
    draft = answerer.answer("What is the MARAC referral process?", passages(door, choke))
    assert draft.refused and not draft.citations
    assert 'never mention "MARAC"' in draft.text and "don't answer this" in draft.text


def test_rare_words_weigh_more(chunks):
    terms = CorpusTerms(Source(chunks), COMMON)
    duty, zzz = sorted(content_set("duty zzzq"))
    idf = terms.idf(frozenset({duty, zzz}))
    assert idf[zzz] > idf[duty] >= 1.0


def test_acronyms_the_text_defines_meet_their_expansions():
    text = "The Local Authority Designated Officer (LADO) and the Mental Health Act (MHA)."
    aliases = acronyms(text)
    assert aliases["lado"] == content_set("Local Authority Designated Officer")
    assert aliases["mha"] == content_set("Mental Health Act")
    assert "mha" in with_aliases(content_set("a Mental Health Act assessment"), aliases)
    assert content_set("local authority designated officer") <= with_aliases(
        content_set("ring the LADO"), aliases)


def test_a_bracketed_word_that_is_not_an_acronym_of_the_words_before_is_ignored():
    assert acronyms("Contact the team (FRCD) today, or the helpline (NSPCC).") == {}


def test_a_hyphenated_expansion_gives_each_part_s_initial():
    assert acronyms("awaited the Multi-Agency Support Panel (MASP) to step up")["masp"] == (
        content_set("Multi-Agency Support Panel"))


def test_a_question_about_what_an_acronym_stands_for_is_answered_by_its_definition(
    real_embedder,
):
    from assistant.answer.extractive import ExtractiveAnswerer, asked_acronym
    from assistant.answer.model import ModelSource

    assert asked_acronym("What does MASP stand for?") == "MASP"
    assert asked_acronym("what's LADO short for") == "LADO"
    assert asked_acronym("What does AHT stand for in the ICON article?") == "AHT"
    assert asked_acronym("Who chairs the MASP?") is None
    source = (
        "Audits\n\nEscalation was variable. Some practitioners awaited the Multi-Agency "
        "Support Panel (MASP) to step up a case. Others escalated at once.\n"
    )
    sentences = [
        "Escalation was variable.",
        "Some practitioners awaited the Multi-Agency Support Panel (MASP) to step up a case.",
        "Others escalated at once.",
    ]
    chunk = make_chunk(source, sentences, section="Audits", cid="a")
    answerer = ExtractiveAnswerer(real_embedder, ModelSource(), production().answer, None)
    draft = answerer.answer("What does MASP stand for?", passages(chunk))
    assert not draft.refused
    assert "Multi-Agency Support Panel (MASP)" in draft.text
    assert draft.citations[0].quote in source
    # the sentence that spells it out, not a window of its neighbours
    assert "Escalation was variable" not in draft.text
