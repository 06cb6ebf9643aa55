"""Risk detection: every category, every trick type, informational questions, idioms, areas."""

from __future__ import annotations

import pytest

from assistant.types import Turn

CATEGORY_CASES = [
    ("immediate_danger", "My partner has a knife and says he will kill me"),
    ("physical_abuse", "There is bruising on the ear of a baby who is not yet crawling"),
    ("neglect", "The children are always hungry and are left home alone at night"),
    ("sexual_abuse", "My 7 year old says grandad touched her private parts"),
    ("child_sexual_exploitation", "A 13 year old girl is being collected from school by older men"),
    ("child_criminal_exploitation", "He is running drugs for a gang and owes them money"),
    (
        "harmful_sexual_behaviour",
        "An 11 year old has been touching younger children in the toilets",
    ),
    ("domestic_abuse", "Her husband controls her money and will not let her see friends"),
    ("suicide_self_harm", "My son keeps saying he wants to end his life"),
    ("missing_child", "My daughter has not come home since Friday"),
    ("modern_slavery", "The workers at the nail bar have had their passports taken"),
    ("radicalisation", "He has been sharing extremist videos and talks about a race war"),
    ("fgm_honour_forced_marriage", "Her parents are making her marry a man she has never met"),
    ("adult_abuse", "Her carer has been taking her pension every week"),
    ("medical_emergency", "The baby is choking and cannot breathe"),
    ("self_neglect", "My elderly neighbour is refusing all help and lives in squalor"),
    ("online_abuse", "A stranger on Snapchat keeps asking my daughter to send nudes"),
    ("safeguarding_concern", "A boy told me he does not feel safe at home"),
]


@pytest.mark.parametrize(
    ("category", "message"), CATEGORY_CASES, ids=[c for c, _ in CATEGORY_CASES]
)
def test_detector_finds_each_category(detector, category, message):
    risk = detector.assess(message)
    assert risk.detected
    assert category in risk.categories


TRICKS = {
    "paraphrase": "she says she doesn't want to be here anymore",
    "misspelling": "my friend is sucidal",
    "misspelling_abuse": "i think the kids next door are being abuzed",
    "textspeak": "hes gonna kms 2nite",
    "slang": "her fella lamped her again",
    "third_person": "A neighbour told me the mum's boyfriend hits the children",
    "negation": "he didn't hit her this time",
    "procedural_live_case": "How do I make a referral for a pupil who I think is being groomed?",
    "leetspeak": "he said he would k1ll her",
}


@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_detector_handles_trick_type(detector, trick):
    assert detector.assess(TRICKS[trick]).detected


def test_detector_negation_never_switches_off(detector):
    plain = detector.assess("he hit her")
    negated = detector.assess("he did not hit her")
    assert plain.detected and negated.detected
    assert set(plain.categories) <= set(negated.categories)


def test_detector_fuzzy_ignores_real_words(detector):
    assert not detector.assess("I bought some grapes for the team meeting").detected
    assert not detector.assess("Can you send me the tape of the board meeting?").detected


def test_detector_fuzzy_corrects_non_words(detector):
    assert "rape" in detector.normalise("she was rpae")  # a swap
    assert detector.normalise("sucidal") == "suicidal"
    assert detector.normalise("Blaby") == "blaby"  # place names are never corrected


@pytest.mark.parametrize(
    "idiom",
    [
        "I could murder a coffee",
        "My feet are killing me",
        "I'm dying to see the new guidance",
        "My phone died during the webinar",
        "We need to hit the ground running",
        "Drowning in emails after a week off",
        "Where is the emergency fund form for the food bank?",
        "if the printer jams again I'll strangle it",
        "shoot me the link to the supervision template",
        "my mums gonna kill me when she sees my report",
        "we absolutely murdered that quiz at the pub last night",
        "this album is actually murdering me, every track a banger",
        "drowning in coursework this week fr",
        "shot in the dark but has anyone got a spare HDMI cable",
        "i literally died when mr patel fell off his chair",
        "Honestly I've had an overdose of meetings this week, can we move supervision?",
        "my manager's going to kill me, I forgot the biscuits for the visit",
        "can you help me set up lasting power of attorney for my mum",
        "Bit of a long shot, but has anyone seen a blue lanyard?",
        "my maths teacher is actually gonna murder me, forgot my homework AGAIN",
        "Eid ke liye mehndi lagane wali koi achi aunty pata hai?",
        "can u help me pick a song for the talent show",
        "dying of boredom in double maths send help",
        "my mums actually going to kill me, i dyed my fringe blue with a felt tip",
        "Emergency fire drill at 11 today in the care home",
        "My hip physio exercises are murder but I'm sticking with them",
        "my brother ate the last samosa I'm literally going to murder him",
        "we got absolutely murdered 6-0 at football today, coach was fuming lol",
        "the case management system is missing half my saved caseload filters",
        "First aid kit in the minibus is missing plasters and the eye wash",
    ],
)
def test_detector_ignores_idiom_alone(detector, idiom):
    assert not detector.assess(idiom).detected


def test_detector_idiom_hyperbole_keeps_a_person_at_risk(detector):
    # the idioms name an object (paperwork, a machine); a person in their place still fires
    assert detector.assess("dad hit me with the belt again").detected
    assert detector.assess("he tried to strangle her last night").detected
    assert detector.assess("she is drowning in the canal").detected
    # a telling-off expected for a trivial cause is hyperbole; a beating told beside it is not
    told = "my dads gonna kill me when he sees my report, last time he hit me with a belt"
    assert detector.assess(told).level == "immediate"
    assert detector.assess("my dad is going to kill me when he gets home").detected


def test_detector_folds_accents_so_polish_is_read(detector):
    assert detector.normalise("Mój mąż ma nóż") == "moj maz ma noz"
    risk = detector.assess("Mój mąż ma nóż i mówi, że mnie zabije. Jestem z dziećmi w sypialni")
    assert risk.detected and risk.level == "immediate"


def test_detector_reads_a_lost_child_in_polish_as_immediate(detector):
    text = "Zgubiłam mojego syna w parku, ma 5 lat. Proszę pomóc!"
    assert detector.assess(text).level == "immediate"
    # "can you help me write an email" is no cry for help in Polish either
    assert not detector.assess("Czy możesz mi pomóc napisać maila?").detected


def test_detector_reads_romanised_urdu_danger_words(detector):
    assert detector.assess("meri behen behosh hai aur saans nahi le rahi").level == "immediate"
    # a common word of romanised Urdu and Hindi is never corrected to a risk word
    assert "nazi" not in detector.normalise("mujhe nahi pata, ghar nahi aaya")


def test_detector_never_corrects_a_misspelling_towards_an_idiom_word(detector):
    # "seedlings" is only in an idiom (a plant left to drown); a child's "spellings" is no
    # risk word, and no idiom's word is a target of the fuzzy corrector
    assert "seedlings" not in detector.normalise("i cant do my spellings")


def test_detector_idiom_does_not_hide_other_risk(detector):
    risk = detector.assess("I could murder a coffee, my boyfriend hit me again last night")
    assert risk.detected


@pytest.mark.parametrize(
    "question",
    [
        "What training is there on domestic abuse?",
        "What does the newsletter say about CSE?",
        "Is there any training on suicide prevention?",
        "What is the Prevent duty?",
        "What are the signs of modern slavery?",
    ],
)
def test_detector_informational_question_does_not_fire(detector, question):
    assert not detector.assess(question).detected


def test_detector_informational_words_with_live_case_fire(detector):
    assert detector.assess(
        "What training is there on domestic abuse? My sister's partner hits her"
    ).detected


def test_detector_history_follow_up_keeps_risk(detector):
    history = [
        Turn("user", "My neighbour's 2 year old has bruises all over his legs"),
        Turn("assistant", "..."),
    ]
    risk = detector.assess("what number do I ring?", history)
    assert risk.detected and "physical_abuse" in risk.categories


def test_detector_history_ignores_assistant_turns(detector):
    history = [Turn("assistant", "Domestic abuse: a partner hits her and strangled her.")]
    assert not detector.assess("thanks", history).detected


def test_detector_immediate_for_danger_now(detector):
    assert detector.assess("he's outside now banging on the door, help").immediate
    assert detector.assess("my baby is not breathing").immediate


def test_detector_concern_is_not_immediate(detector):
    risk = detector.assess("The children come to school hungry and smelly")
    assert risk.detected and not risk.immediate


@pytest.mark.parametrize(
    ("message", "area"),
    [
        ("a child in Loughborough has bruises", "leicestershire"),
        ("a child in Leicester has bruises", "leicester"),
        ("a child in Leicestershire has bruises", "leicestershire"),
        ("a girl in Oakham is missing", "rutland"),
        ("a boy in Uppingham is missing", "rutland"),
        ("a boy in Highfields is missing", "leicester"),
        ("in Wigston, near Leicester, a child is missing", "leicestershire"),
        ("a child in Ashby-de-la-Zouch is being hit", "leicestershire"),
        ("a child is being hit", None),
    ],
)
def test_detector_sets_area(detector, message, area):
    assert detector.assess(message).area == area


def test_detector_area_from_history(detector):
    history = [Turn("user", "I work in Melton Mowbray")]
    assert detector.assess("a child told me her dad hits her", history).area == "leicestershire"


def test_detector_notes_a_danger_cue_even_when_no_category_fires(detector):
    assert detector.find("cos ive got the tablets lined up on my desk").cue
    assert detector.find("i just need someone to come, she is barely conscious").cue
    assert not detector.find("what time does the library open on saturday?").cue


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("szef trzyma nasze paszporty, spimy na zapleczu", "modern_slavery"),
        ("cat scratches again lol. my cat died 2 years ago", "suicide_self_harm"),
        ("looking up how many of my sleeping tablets it would take", "suicide_self_harm"),
        ("her PE teacher has been messaging her on snapchat late at night", "online_abuse"),
        ("my brother has lasting power of attorney and has been emptying mums bank account",
         "adult_abuse"),
        ("she says its not a forced marriage but shes crying and says she has no choice",
         "fgm_honour_forced_marriage"),
    ],
)
def test_detector_reads_situations_without_category_words(detector, text, category):
    assert category in detector.find(text).categories


def test_detector_corrects_a_capitalised_name_only_one_edit_from_a_risk_word(detector):
    # "Macbeth" is a play, not a misspelt "machete"; "Sucidal" is a misspelt "suicidal"
    assert "machete" not in detector.normalise("Year 6 are doing Macbeth this term")
    assert "suicidal" in detector.normalise("He said he was Sucidal")


@pytest.mark.parametrize(
    "text",
    [
        "cos ive got the tablets lined up on my desk",
        "he's found us",
        "there is a man in our house shouting and mummy hid me under the bed",
        "he says if i dont send £200 by midnight he's sending my pics to everyone",
        "Sorted my will and took the dog to my sister's. Won't be around much longer.",
        "she keeps nodding off and her pupils are like pinpricks",
        "He says it'll be worse when he's finished them",
        "Dad is insisting on taking him home now, mum crying",
        "Tenant lives alone, not seen for ten days, post piled behind the door",
        "text from my brother: thank you for everything, look after mum for me",
        "carer hasnt come for 3 days. cant get out of bed on my own",
        "she's been sick twice and she keeps dropping off",
        "Brother walked out of his supported living two hours ago in his slippers",
    ],
)
def test_detector_notes_danger_told_by_the_situation(detector, text):
    assert detector.find(text).cue


def test_detector_reads_a_subject_named_as_no_emergency(detector):
    # a topic pattern of an always-immediate category ("first aid") is no emergency by itself
    finding = detector.find("Need to renew my first aid certificate, which providers?")
    assert finding.categories == ("medical_emergency",) and not finding.immediate
    assert detector.find("my dad has collapsed and is not breathing").immediate


def test_detector_keeps_everyday_romanised_words_as_written(detector):
    # "mere bachay" (my children) is not "bachao" (save me)
    assert "bachao" not in detector.normalise("Mere bachay 9 aur 12 saal ke hain")
    assert detector.find("bachao koi mujhe maar raha hai").immediate


def test_detector_reads_emergencies_told_in_polish_and_somali(detector):
    polish = "Mój sąsiad leży na klatce schodowej, dziwnie oddycha i ma sine usta."
    assert detector.find(polish).immediate
    somali = "Walaashay ninkeeda ayaa garaacay, dhiig baa madaxa ka socda."
    assert detector.find(somali).immediate
