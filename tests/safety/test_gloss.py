"""English glosses of messages in languages the embedding model cannot read
(`assistant/safety/gloss.py`), and how the lexicon and the classifier use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.safety.detector import LexiconDetector
from assistant.safety.gloss import Glosser, fold, load_tables, read_table
from assistant.settings import SafetyTuning

T = SafetyTuning()


def _table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "demo.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def demo(tmp_path: Path) -> Glosser:
    table = read_table(_table(tmp_path, """
[gloss]
"ammi" = "mum"
"aaj" = "today"
"khana" = "food"
"maar peet" = "beating"
"dhamki*" = "threat"
"Się" = "self"
"main" = "I"

[ambiguous]
words = ["main", "to"]

[ambiguous_gloss]
"to" = "then"
"""))
    return Glosser(T, (table,))


def test_a_message_mostly_in_the_table_is_glossed_word_for_word(demo: Glosser):
    assert demo.gloss("Ammi, aaj khana?") == "mum, today food?"
    # phrases before words, stems for inflected forms, names and numbers kept as written
    assert demo.gloss("Ammi maar peet Bilal 6") == "mum beating Bilal 6"
    assert demo.gloss("dhamkiyan ammi") == "threat mum"


def test_english_messages_and_a_stray_word_are_not_glossed(demo: Glosser):
    assert demo.gloss("I went to the main road today") is None
    assert demo.gloss("my ammi said the clinic is closed on monday") is None
    assert demo.gloss("hello there") is None


def test_english_look_alikes_never_mark_the_language_but_are_glossed_inside_it(demo: Glosser):
    # "main" and "to" are English words: alone they never make a message Urdu
    assert demo.gloss("main to") is None
    assert demo.gloss("ammi aaj to") == "mum today then"


def test_keys_fold_case_and_accents():
    assert fold("Się") == "sie" and fold("NÓŻ") == "noz" and fold("żona") == "zona"
    assert fold("ઘર") == "ઘર"  # other scripts whole


def test_glossing_can_be_turned_off(tmp_path: Path):
    table = read_table(_table(tmp_path, '[gloss]\n"ammi" = "mum"\n"aaj" = "today"\n'))
    off = Glosser(SafetyTuning(gloss_share=0), (table,))
    assert off.gloss("ammi aaj") is None


# -- the shipped tables ---------------------------------------------------------------------


def test_every_shipped_table_loads_with_many_entries():
    tables = load_tables()
    assert {t.language for t in tables} >= {"urdu_hindi", "punjabi", "gujarati", "polish", "somali"}
    for t in tables:
        assert len(t.words) + len(t.stems) >= 300, t.language
        assert all(v.strip() for v in t.words.values()), t.language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ammi aaj shaam ko khane mein kya ban raha hai?", "urdu_hindi"),
        ("Czy ktoś wie, o której w niedzielę otwierają basen?", "polish"),
        ("Hooyo, caawa waxaan rabaa inaan u tago saaxiibkay", "somali"),
    ],
)
def test_everyday_messages_are_read_in_their_language(text: str, language: str):
    assert Glosser(T).language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "Can you send me the minutes from Tuesday's strategy meeting?",
        "my mum is going to kill me when she sees my phone screen",
        "What number do I ring for the LADO in Rutland?",
    ],
)
def test_english_messages_are_never_glossed(text: str):
    assert Glosser(T).gloss(text) is None


def test_the_lexicon_reads_the_gloss_of_a_threat_in_somali():
    lexicon = LexiconDetector(T)
    message = "Walaashay ninkeedu wuu ku hanjabay inuu dili doono caawa, hadda guriga ayuu joogaa"
    assert lexicon.readable(message) != message
    finding = lexicon.find(message)
    assert finding.categories and finding.immediate
