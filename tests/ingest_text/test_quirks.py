"""Each corpus quirk on a small snippet."""

from __future__ import annotations

from tests.ingest_text.helpers import all_text, parse_text, sections

BODY = "This paragraph is ordinary body text that carries on for a good number of words here."


def test_cleaning_dead_link_keeps_its_text(tmp_path):
    parsed = parse_text(tmp_path, "Resources\n\nRead the [Mental Health Glossary of terms](#) now.")
    assert "Read the Mental Health Glossary of terms now." in all_text(parsed)
    assert "](#)" not in all_text(parsed)


def test_cleaning_autolinks_and_links_keep_readable_text(tmp_path):
    text = "See <https://lrsb.org.uk/a> and [www.x.org/](http://www.x.org/) for more."
    assert "See https://lrsb.org.uk/a and www.x.org/ for more." in all_text(
        parse_text(tmp_path, text)
    )


def test_cleaning_escapes_tags_bold_and_latex_go(tmp_path):
    text = (
        "A \\(SUMH\\) note on register\\\\_updates with <u>Referrals</u> and **bold** text.\n\n"
        "- \\mathbf{N} = Never, ever shake a baby"
    )
    out = all_text(parse_text(tmp_path, text))
    assert "A (SUMH) note on register_updates with Referrals and bold text." in out
    assert "N = Never, ever shake a baby" in out


def test_cleaning_curly_apostrophes_normalised_raw_kept(tmp_path):
    parsed = parse_text(tmp_path, "The Children’s Duty and the ‘front door’ changed today.")
    chunk = parsed.chunks[0]
    assert chunk.text == "The Children's Duty and the 'front door' changed today."
    assert "’" in chunk.source_text


def test_cleaning_bullets_not_in_raw_spans(tmp_path):
    parsed = parse_text(
        tmp_path, "Intro line here:\n\n- First point is here\n- Second point is here"
    )
    spans = [parsed.source_text[s[2] : s[3]] for c in parsed.chunks for s in c.spans]
    assert "First point is here" in spans and "Second point is here" in spans


def test_sections_contents_list_dropped(tmp_path):
    text = (
        "Safeguarding MATTERS\n\nIssue 28\nMarch 2022\n\n- P2 Building Confidence\n"
        "- P3 Basic Awareness\n\nBuilding Confidence\n\n" + BODY
    )
    parsed = parse_text(tmp_path, text)
    assert "P2" not in all_text(parsed) and "Issue 28" not in all_text(parsed)
    assert sections(parsed) == ["Building Confidence"]


def test_sections_cyrillic_page_marker_contents_dropped(tmp_path):
    text = (
        "Safeguarding\n\nCONTENTS\n\nр3\tResponding to peer\n\tto peer abuse\n"
        "p4\tICON - Safeguarding Infant\n\nDomestic Abuse Act 2021\n\n"
        "p5 Safeguarding Procedures\n\n"
        "Welcome to this edition\n\n" + BODY
    )
    out = all_text(parse_text(tmp_path, text))
    assert "Responding" not in out and "Domestic Abuse Act" not in out
    assert out == BODY


def test_sections_broken_sentence_joined(tmp_path):
    text = "News\n\nPlease signpost families and members\n\nof the public to the duty team."
    parsed = parse_text(tmp_path, text)
    assert "Please signpost families and members of the public to the duty team." in all_text(
        parsed
    )
    span = parsed.chunks[0].spans[0]
    assert parsed.source_text[span[2] : span[3]] == text[6:]


def test_sections_box_not_joined_into_sentence(tmp_path):
    text = (
        "News\n\nThe duty team is open every weekday.\n\nContact us\n\n"
        "The Business Office, County Hall, Glenfield. Telephone: 0116 305 7130\n\n"
        "Later the article goes on with more text about the duty team and its work."
    )
    parsed = parse_text(tmp_path, text)
    assert "0116 305 7130 Later" not in all_text(parsed)
    assert "Contact us" in sections(parsed)


def test_sections_plain_text_headings_carry_to_chunks(tmp_path):
    text = f"Harmful Sexual Behaviour\n\n{BODY}\n\nWhy act now?\n\n{BODY} And more besides this."
    assert sections(parse_text(tmp_path, text)) == [
        "Harmful Sexual Behaviour",
        "Harmful Sexual Behaviour – Why act now?",
    ]


def test_sections_markdown_headings_carry_to_chunks(tmp_path):
    text = (
        f"# Children's Case Reviews\n\n{BODY}\n\n## Working with Violence\n\n"
        "**Staff** need to keep safe when faced with aggression."
    )
    parsed = parse_text(tmp_path, text, name="snippet.md")
    assert sections(parsed) == [
        "Children's Case Reviews",
        "Children's Case Reviews – Working with Violence",
    ]
    assert not any(c.text.startswith("#") for c in parsed.chunks)


def test_sections_heading_never_a_chunk_alone(tmp_path):
    parsed = parse_text(tmp_path, f"First Heading\n\nSecond Heading\n\n{BODY}")
    assert [c.text for c in parsed.chunks] == [BODY]
    assert parsed.chunks[0].section == "First Heading – Second Heading"


def test_sections_briefing_blocks_carry_briefing_title(tmp_path):
    text = (
        "Adult case review (Anna)\n\n"
        "This 7 minute briefing shares the learning from the review.\n\n"
        "7-minute briefing\n\n01 Background\n\nAnna had lived a life affected by neglect.\n\n"
        "02 Summary of Learning\n\nAgencies must agree how to communicate.\n\n"
        "O7 Resources\n\nThe guide to legal powers is useful.\n\n"
        "03 Summary of Learning\n\nLegal literacy matters for every agency."
    )
    names = sections(parse_text(tmp_path, text))
    title = "Adult case review (Anna) – 7 minute briefing"
    assert f"{title} – 03 Summary of Learning" in names
    assert f"{title} – 07 Resources" in names
    assert f"{title} – 02 Summary of Learning" in names


def test_sections_untitled_briefing_takes_matching_heading(tmp_path):
    text = (
        "Audit of waiting lists\n\nMental health is a key priority for the partnership plan.\n\n"
        "See 7 minute briefing on page 9\n\nSCP Audit on abuse\n\n"
        "01. Case file audits\n\nTen cases were audited across the area in the autumn.\n\n"
        + "".join(f"0{n} Point {n}\n\nText for point {n} of the audit.\n\n" for n in range(2, 8))
        + "01 Background\n\nMental health is a key priority for the partnership plan overall.\n\n"
        "02 Summary of Learning\n\nShare information with the waiting list team."
    )
    names = sections(parse_text(tmp_path, text))
    assert "SCP Audit on abuse – 7 minute briefing – 01 Case file audits" in names
    assert "Audit of waiting lists – 7 minute briefing – 02 Summary of Learning" in names


def test_sections_repeated_paragraph_indexed_once(tmp_path):
    para = "A total of 10 cases were audited - 4 Leicester, 4 Leicestershire and 2 Rutland cases."
    text = f"Audit\n\n{para}\n\nMore\n\n{BODY}\n\nAgain\n\n- {para.replace(' - ', ' – ')}"
    assert all_text(parse_text(tmp_path, text)).count("cases were audited") == 1


def test_sections_last_line_without_newline_kept(tmp_path):
    text = f"Contact us\n\n{BODY}\n\nSecure Email: team@example.gov.uk"
    parsed = parse_text(tmp_path, text)
    assert all_text(parsed).endswith("Secure Email: team@example.gov.uk")
    assert max(c.end for c in parsed.chunks) == len(text)


def test_tables_fostering_table_read_by_column(tmp_path):
    text = (
        "Private fostering\n\n"
        "Includes a child living with:\tDoes not include a child living with:\n"
        "godparents\tbrothers\ncousins\tsisters\n\tmother"
    )
    out = all_text(parse_text(tmp_path, text))
    assert "Includes a child living with: godparents; cousins" in out
    assert "Does not include a child living with: brothers; sisters; mother" in out


def test_tables_tab_rows_stay_together_in_one_chunk(tmp_path):
    text = (
        f"My Role\n\n{BODY}\n\nName\tDrew Jagger\nJob title\tRecovery Worker\n"
        "Organisation\tTurning Point\n\nHow long have you been in this role?\n\n5 years"
    )
    parsed = parse_text(tmp_path, text, chunk_tokens=32, overlap_tokens=0)
    holder = [c for c in parsed.chunks if "Drew Jagger" in c.text]
    assert len(holder) == 1
    assert (
        "Name: Drew Jagger\nJob title: Recovery Worker\nOrganisation: Turning Point"
        in holder[0].text
    )
