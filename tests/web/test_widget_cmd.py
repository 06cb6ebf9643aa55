"""`assistant widget --origin`: the script tag and the setting for an intranet site."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main


@pytest.fixture(autouse=True)
def _own_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no assistant.toml of the repository's
    monkeypatch.delenv("ASSISTANT_WEB__ALLOWED_ORIGINS", raising=False)


def test_widget_cmd_prints_script_tag_and_setting(capsys):
    code = main(
        [
            "widget",
            "--origin",
            "https://intranet.example/news/page.html",
            "--url",
            "https://assistant.example.org/",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert '<script src="https://assistant.example.org/widget.js"' in out
    assert """ASSISTANT_WEB__ALLOWED_ORIGINS='["https://intranet.example"]'""" in out
    assert 'allowed_origins = ["https://intranet.example"]' in out


def test_widget_cmd_keeps_the_origins_already_allowed(capsys, monkeypatch):
    monkeypatch.setenv("ASSISTANT_WEB__ALLOWED_ORIGINS", '["https://a.example"]')
    assert main(["widget", "--origin", "https://b.example:8443", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["allowed_origins"] == ["https://a.example", "https://b.example:8443"]
    assert out["already_allowed"] is False


def test_widget_cmd_says_when_nothing_needs_changing(capsys, monkeypatch):
    monkeypatch.setenv("ASSISTANT_WEB__ALLOWED_ORIGINS", '["https://a.example"]')
    assert main(["widget", "--origin", "https://a.example"]) == 0
    assert "already allowed: nothing to change" in capsys.readouterr().out


def test_widget_cmd_refuses_an_address_that_is_not_http(capsys):
    assert main(["widget", "--origin", "intranet.example"]) == 2
    assert "http or https address" in capsys.readouterr().err
