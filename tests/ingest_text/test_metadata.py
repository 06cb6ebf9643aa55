"""The metadata table and masthead reading."""

from __future__ import annotations

import os
import time

import pytest

from assistant.errors import ConfigError
from assistant.ingest.metadata import MetadataTable, read_masthead


def test_metadata_missing_file_gives_empty_table(tmp_path):
    assert "x.txt" not in MetadataTable.load(tmp_path / "metadata.toml")
    assert "x.txt" not in MetadataTable.load(None)


def test_metadata_invalid_toml_raises_config_error(tmp_path):
    path = tmp_path / "metadata.toml"
    path.write_text('["a.txt"\ntitle = ', encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        MetadataTable.load(path)


def test_metadata_bad_date_raises_config_error(tmp_path):
    path = tmp_path / "metadata.toml"
    path.write_text('["a.txt"]\ndate = "March 2022"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="YYYY-MM"):
        MetadataTable.load(path)


def test_metadata_unknown_field_raises_config_error(tmp_path):
    path = tmp_path / "metadata.toml"
    path.write_text('["a.txt"]\nissu = "3"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown fields"):
        MetadataTable.load(path)


def test_metadata_table_overrides_masthead(tmp_path):
    path = tmp_path / "metadata.toml"
    path.write_text(
        '["n.txt"]\ntitle = "Safeguarding Matters"\nissue = "29"\ndate = "2022-09"\n'
        'publisher = "LRSCP"\narea = "rutland"\n',
        encoding="utf-8",
    )
    doc = MetadataTable.load(path).resolve("n.txt", "Safeguarding NEWS\n\nIssue 28\nMarch 2022\n")
    assert (doc.title, doc.issue, doc.date) == ("Safeguarding Matters", "29", "2022-09")
    assert (doc.publisher, doc.area, doc.source) == ("LRSCP", "rutland", "n.txt")


def test_masthead_issue_then_month_year():
    head = read_masthead("\n\nSafeguarding MATTERS\n\nIssue 28\nMarch 2022\n\n- P2 Things")
    assert (head.title, head.issue, head.date) == ("Safeguarding Matters", "28", "2022-03")


def test_masthead_month_year_comma_issue():
    head = read_masthead("Safeguarding Leicester's Children\n\nNewsletter\nJuly 2017, Issue 1\n")
    assert (head.issue, head.date) == ("1", "2017-07")
    assert head.title == "Safeguarding Leicester's Children Newsletter"


def test_masthead_upper_case_month():
    head = read_masthead("Safeguarding\n\nIssue 26\nJUNE 2021\n\nMATTERS")
    assert (head.issue, head.date) == ("26", "2021-06")


def test_masthead_ignores_dates_in_body_text():
    head = read_masthead("Safeguarding MATTERS\n\nOn 6th February 2013 a half day event was held.")
    assert head.date is None and head.issue is None


def test_metadata_no_date_uses_file_modification_month(tmp_path):
    stamp = time.mktime((2020, 5, 15, 12, 0, 0, 0, 0, -1))
    path = tmp_path / "n.txt"
    path.write_text("Some newsletter\n\nBody text.", encoding="utf-8")
    os.utime(path, (stamp, stamp))
    doc = MetadataTable().resolve("n.txt", path.read_text(), mtime=path.stat().st_mtime)
    assert doc.date == "2020-05"
    assert doc.issue is None
