"""Every passage carries its own article's heading: the real newsletters, case by case."""

from __future__ import annotations

from functools import cache

import pytest

from assistant.ingest.parse import ParsedDocument
from tests.ingest_text.helpers import CORPUS, parse

ISSUE_26 = "safeguarding-matters-issue-26-2021-06.txt"
ISSUE_28 = "safeguarding-matters-issue-28-2022-03.txt"
ISSUE_01 = "safeguarding-leicesters-children-issue-01-2017-07.txt"
SPRING_2013 = "safeguarding-matters-2013-spring.txt"


@cache
def parsed(name: str) -> ParsedDocument:
    return parse(CORPUS / name)


def sections_of(name: str, phrase: str) -> set[str]:
    """The sections of every passage holding `phrase` (at least one)."""
    found = {c.section for c in parsed(name).chunks if phrase in c.text}
    assert found, phrase
    return found


@pytest.mark.parametrize(
    "phrase",
    [
        "A major legal development in Domestic Abuse legislation",
        "extends the controlling or coercive behaviour offence",
        "The Home Office has updated their factsheets on the Domestic Abuse Act",
    ],
)
def test_labels_contents_only_title_opens_its_article(phrase):
    assert sections_of(ISSUE_26, phrase) == {"Domestic Abuse Act 2021"}


def test_labels_article_before_a_contents_only_title_keeps_its_own():
    assert sections_of(ISSUE_26, "continue to operate business as usual") == {"Business as usual"}


@pytest.mark.parametrize(
    "phrase",
    ["A new guide targeting children", "Kooth Online Counselling Service", "healthforteens"],
)
def test_labels_long_title_over_running_text(phrase):
    guide = "New mental health and wellbeing guide for children, young people and families"
    assert sections_of(ISSUE_26, phrase) == {guide}


def test_labels_link_list_entries_are_not_headings():
    assert sections_of(ISSUE_01, "National Referral Mechanism (NRM)") == {
        "Further information/Resources"
    }
    titles = {c.section for c in parsed(ISSUE_01).chunks}
    assert not any(t.startswith(("National Children's Bureau", "Office of the")) for t in titles)


def test_labels_profile_table_opens_its_own_section():
    profile = "Jude Atkinson – Local Authority Designated Officer (LADO)"
    assert sections_of(ISSUE_26, "Name: Jude Atkinson") == {profile}
    assert sections_of(ISSUE_26, "via TEAMS call") == {f"{profile} – Tell us about a typical day"}


def test_labels_profile_table_names_the_profile_heading():
    assert sections_of(ISSUE_28, "Name: Drew Jagger") == {"My Role – Drew Jagger"}


@pytest.mark.parametrize(
    ("name", "phrase", "section"),
    [
        (
            ISSUE_26,
            "commissioned by the sector-led Care and Health Improvement Programme",
            "National Safeguarding Adult Review (SAR) Analysis Report – Background",
        ),
        (
            ISSUE_26,
            "Citizens Advice Consumer Service can be contacted",
            "Leicestershire Trading Standards – Rutland",
        ),
        (
            ISSUE_26,
            "Anyone can request a MHA assessment",
            "Guidance on requesting a Mental Health Act assessment – Who can request a MHA "
            "assessment?",
        ),
        (
            ISSUE_28,
            "The Panel have highlighted six key practice themes",
            "Child Safeguarding Practice Review Panel: Annual report 2020 – Key practice themes",
        ),
        (
            SPRING_2013,
            "Whilst an adult service user should be asked whether s/he wants a police",
            "Historical Abuse Allegations – What if the adult does not want the police to be "
            "involved?",
        ),
    ],
)
def test_labels_sub_heading_carries_its_article(name, phrase, section):
    assert sections_of(name, phrase) == {section}


def test_labels_welcome_box_has_its_own_label():
    assert sections_of(ISSUE_28, "to the latest edition of Safeguarding Matters") == {"Welcome"}


def test_labels_article_goes_on_after_a_box():
    (section,) = sections_of(ISSUE_28, "press an option that takes them to the duty desk")
    front_door = "LEICESTERSHIRE – Child and Family services – Changes at the 'front door'!"
    assert section.startswith(f"{front_door} – How will this impact")


def test_labels_list_after_a_box_resumes_the_article():
    peer_review = "Peer Review of Leicester Safeguarding Children Board: How are we doing?"
    assert sections_of(ISSUE_01, "Joint Strategic Needs Assessment 2016") == {peer_review}
    assert sections_of(ISSUE_01, "Beverley brings vast experience") == {
        "Welcome to the LSCB Manager"
    }


@pytest.mark.parametrize(
    ("phrase", "section"),
    [
        ("The dedicated NSPCC helpline", "Sexual abuse in schools: helpline and Ofsted review"),
        ("NSPCC Learning has published a news story", "Child safeguarding in England"),
    ],
)
def test_labels_title_over_a_source_line(phrase, section):
    assert sections_of(ISSUE_26, phrase) == {section}


def test_labels_slogan_title_heads_its_article():
    assert sections_of(ISSUE_26, "The ICON Programme is an evidenced based approach") == {
        "Babies Cry, You Can Cope! – Safeguarding Infants"
    }
    assert not any("Babies Cry" in c.text for c in parsed(ISSUE_26).chunks)
