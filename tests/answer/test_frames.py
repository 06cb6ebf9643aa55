"""Question frames, candidate units, evidence of a fact's kind, refusal reasons, date notes
and key-fact matching: the answerer's rule parts, without any model."""

from __future__ import annotations

import pytest

from assistant.answer.dating import dated_statements, newer_coverage
from assistant.answer.evidence import (
    area_status,
    audience_status,
    flags,
    holds,
    missing_slots,
    slot_text,
)
from assistant.answer.facts import states
from assistant.answer.refusal import missing_reason
from assistant.answer.units import garbled, units_of
from assistant.questions import frame
from assistant.types import Chunk, Citation, DocumentMeta, Passage

DOC_26 = DocumentMeta("i26.txt", "Safeguarding Matters", "26", "2021-06", area="leicestershire")
DOC_28 = DocumentMeta("i28.txt", "Safeguarding Matters", "28", "2022-03", area="leicestershire")
DOC_2013 = DocumentMeta("s13.txt", "Safeguarding Matters", None, "2013-03", area="leicestershire")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("who do I ring in Leicestershire if a child has an injury?", "contact"),
        ("turning point number", "contact"),
        ("LADO number?", "contact"),  # the question mark once hid it
        ("what number of children were seen?", "number"),
        ("hsb support service opening hours?", "timescale"),
        ("what are the daytime hours for MHA requests?", "timescale"),
        ("how many cases were audited?", "number"),
        ("how long before it counts as private fostering?", "timescale"),
        ("when was the CSE event held?", "date"),
        # a follow-up's kind is its own, not that of the subject carried from earlier turns
        ("when is it open? (number report abuse education helpline)", "timescale"),
        ("what's their top tip? (lado number)", "other"),
        ("what is private fostering?", "definition"),
        ("what are the signs of neglect?", "list"),
        ("is there an online form for scam complaints?", "yes_no"),
        ("when did the new front door phone system go live?", "date"),  # not a contact
        ("date of the safeguarding adults conference?", "date"),
        ("when is the advice line open?", "timescale"),
        ("who is the awareness powerpoint aimed at?", "role"),  # its audience, not a name
        ("who is the chair?", "person"),
    ],
)
def test_frame_reads_the_kind_of_fact_asked(question, kind):
    assert frame(question).kind == kind


@pytest.mark.parametrize(
    "text",
    ["Open 8am to 8pm", "During daytime (8.30 - 5pm Monday - Thursday)", "available 24/7",
     "Monday to Friday, office hours"],
)
def test_clock_times_and_opening_hours_answer_a_timescale_question(text):
    assert holds("timescale", flags(text), False)


def test_anyone_answers_a_who_can_question():
    assert holds("role", flags("Anyone can request a MHA assessment."), False)


def test_a_phone_number_is_not_a_time():
    assert not flags("Call 0116 305 0005")["timescale"]


def test_a_possessive_names_the_person():
    assert frame("what's Drew Jagger's job?").names == ("Drew Jagger",)


def test_frame_reads_the_slots():
    fr = frame("How many child protection plans did Rutland have in 2019 under section 47?")
    assert fr.areas == ("rutland",) and fr.years == ("2019",) and fr.sections == ("47",)
    assert fr.audience == "children"
    assert "Rutland" not in fr.names  # an area is its own slot


def test_frame_reads_city_and_county_as_areas():
    assert frame("what about the city?").areas == ("leicester",)
    assert frame("and for the county?").areas == ("leicestershire",)


def _chunk(text: str, doc: DocumentMeta = DOC_28, section: str = "Front door") -> Chunk:
    spans, at = [], 0
    for line in text.split("\n"):
        start = text.index(line, at)
        spans.append((start, start + len(line), start, start + len(line)))
        at = start + len(line)
    return Chunk(f"{doc.source}:{section}", doc, section, text, text, 0, len(text), "h", "d",
                 spans=tuple(spans))


def _passage(text: str, **kw) -> Passage:
    return Passage(_chunk(text, **kw), 1, 1.0)


def test_units_keep_a_list_with_its_lead_in():
    p = _passage("The priorities are:\nHidden harm\nCare homes\nExploitation of adults")
    units = units_of([p], 5, 8)
    listing = [u for u in units if u.kind == "list"]
    assert listing and listing[0].text.startswith("The priorities are:")
    assert "Exploitation of adults" in listing[0].text
    assert not any(u.kind == "statement" and u.text == "The priorities are:" for u in units)


def test_a_list_ends_where_the_next_lead_in_starts():
    p = _passage(
        "Private fostering includes a child living with:\nGodparents\nFamily friends\n"
        "It does not include a child living with:\nParents\nGrandparents"
    )
    lists = [u for u in units_of([p], 5, 8) if u.kind == "list"]
    first = next(u for u in lists if u.text.startswith("Private fostering includes"))
    assert "Family friends" in first.text and "does not include" not in first.text
    second = next(u for u in lists if u.text.startswith("It does not include"))
    assert "Grandparents" in second.text


def test_units_keep_a_contact_line_with_its_label():
    p = _passage("Referrals can be made by phone.\nTelephone:\n0330 303 6000")
    contact = [u for u in units_of([p], 5, 8) if u.kind == "contact"]
    assert contact and contact[0].text == "Telephone: 0330 303 6000"


def test_units_never_offer_a_short_line_or_a_garbled_one():
    p = _passage("Welcome\n%% ¬¬ ]] qz xq ## ::\nStaff should refer concerns on the same day.")
    texts = [u.text for u in units_of([p], 5, 8)]
    assert texts == ["Staff should refer concerns on the same day."]


def test_garbled_lines_are_mostly_not_words():
    assert garbled("%% ¬¬ ]] qz9 xq ## ::")
    assert not garbled("Ring 0116 305 0005 and choose option 1.")


def test_evidence_flags_the_kinds_of_fact():
    found = flags("Call First Response on 0116 305 0005 within 24 hours.")
    assert found["phone"] and found["contact"] and found["timescale"] and found["number"]
    assert holds("contact", found, False) and not holds("place", found, False)


def test_area_status_sees_a_conflict_when_another_area_is_named():
    fr = frame("who do I ring in Rutland about a child?")
    assert area_status(fr, "Leicestershire First Response Children's Duty", "llr") == (
        False, True)
    assert area_status(fr, "Rutland children's duty team", "llr") == (True, False)


def test_audience_status_sees_adults_only_text_for_a_children_question():
    fr = frame("what training is there for children's workers?")
    assert audience_status(fr, "Safeguarding adults training for care home staff") == (
        False, True)


def test_missing_slots_lists_what_the_text_lacks():
    fr = frame("what does section 42 of the Care Act 2014 say?")
    assert missing_slots(fr, "a section 42 enquiry under the Care Act 2014") == []
    assert "section 42" in missing_slots(fr, "a section 47 enquiry")


def test_missing_slots_reads_a_statute_by_its_initials():
    fr = frame("who can request a Mental Health Act assessment?")
    assert missing_slots(fr, "Anyone can request a MHA assessment.") == []
    assert missing_slots(fr, "Anyone can request a Care Act assessment.") == ["Mental Health Act"]


def test_slot_text_holds_the_issue_year_so_a_year_slot_is_met_by_the_issue():
    fr = frame("what page is the historical abuse article on in the 2013 newsletter?")
    chunk = _chunk("Historical abuse allegations must be taken seriously.", doc=DOC_2013)
    assert missing_slots(fr, chunk.text) == ["2013"]
    assert missing_slots(fr, slot_text(chunk)) == []


def test_refusal_says_which_area_is_missing():
    fr = frame("what is the front door number in Rutland?")
    p = _passage("Leicestershire First Response Children's Duty is on 0116 305 0005.")
    units = units_of([p], 5, 8)
    reason = missing_reason(fr, units, [])
    assert "Leicestershire" in reason and "Rutland" in reason


def test_refusal_names_the_kind_of_fact_the_passages_lack_in_plain_english():
    fr = frame("when will the neglect survey be run again?")
    p = _passage("The neglect survey asked practitioners how they use the toolkit.")
    reason = missing_reason(fr, units_of([p], 5, 8), [])
    assert reason.endswith("but give no date."), reason
    assert "no a " not in reason


def test_refusal_names_terms_no_newsletter_uses():
    assert 'never mention "marac"' in missing_reason(frame("MARAC process?"), [], ["marac"])


def _citation(quote: str, doc: DocumentMeta = DOC_26, section: str = "Reviews") -> Citation:
    return Citation(1, doc, section, quote, 0, len(quote), quote)


def test_dating_flags_a_statement_of_its_own_time():
    notes = dated_statements([_citation("The review will conclude by the end of May 2021.")])
    assert notes and "June 2021" in notes[0]
    assert dated_statements([_citation("Staff should record concerns the same day.")]) == []


def test_dating_names_a_newer_issue_on_the_same_subject():
    cited = _citation("The front door number is 0116 305 0005.", section="Front door changes")
    newer = _passage("The front door number changed to 0116 305 8000.",
                     section="Front door changes")
    notes = newer_coverage([cited], [newer], 0.5)
    assert notes and "issue 28" in notes[0]


def test_facts_match_phone_numbers_by_digits():
    assert states("call 0116 3050005, option 1", "0116 305 0005")
    assert states("The **Advice** line", "advice line")
    assert not states("call 0116 305 0004", "0116 305 0005")


def test_a_year_a_day_of_the_month_or_a_phone_number_is_not_a_count():
    assert not flags("SCIE ran a webinar on 26 April 2021.")["number"]
    assert not flags("Call 0116 305 0005 between September and November 2021.")["number"]
    assert flags("A total of 10 cases were audited in 2021.")["number"]
    assert flags("In 70% of cases the perpetrator is male.")["number"]


def test_a_follow_up_keeps_the_carried_subject_s_slots():
    fr = frame("and the phone number? (lado leicestershire 2021)")
    assert fr.kind == "contact" and fr.areas == ("leicestershire",) and fr.years == ("2021",)


def test_a_start_date_answers_how_long():
    assert holds("timescale", flags("Since August 2017 I have led the team."), False)


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("What does ICON stand for? Health visitor here, want to explain it to a new dad",
         "What does ICON stand for?"),
        ("whats the number for the education helpline? got a pupil disclosing",
         "whats the number for the education helpline?"),
        # the words before the question carry its subject; a question naming too little
        # keeps the remarks after it
        ("Child in my class lives with her gran - is that private fostering?",
         "Child in my class lives with her gran - is that private fostering?"),
        ("Who do I call? I'm worried about a child in Rutland",
         "Who do I call? I'm worried about a child in Rutland"),
        # remarks that add to the question stay
        ("What's the definition of private fostering? age limit and how long",
         "What's the definition of private fostering? age limit and how long"),
        ("Why do people not report abuse? Thinking about historic disclosures",
         "Why do people not report abuse? Thinking about historic disclosures"),
        ("what is private fostering?", "what is private fostering?"),
    ],
)
def test_the_question_is_read_without_the_remarks_after_it(message, asked):
    from assistant.questions import focus

    assert focus(message) == asked
