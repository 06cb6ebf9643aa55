"""`assistant routes [--check] [--json]` with a routes file written here and a fixed date."""

from __future__ import annotations

import json

from assistant.cli import main
from tests.safety.tables import EMERGENCY_999

TABLE = EMERGENCY_999 + """
[[route]]
id = "samaritans"
name = "Samaritans"
audience = "anyone"
area = "national"
hours = "24 hours"
categories = ["suicide_self_harm"]
source = "public pages, verify"
reviewed = 2025-03-01
status = "verify"
contacts = [{ kind = "phone", value = "116 123", label = "" }]
"""


def _file(tmp_path, text=TABLE):
    path = tmp_path / "routes.toml"
    path.write_text(text)
    return str(path)


def test_routes_cmd_lists_routes(tmp_path, capsys):
    assert main(["routes", "--file", _file(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Samaritans" in out and "116 123" in out and "reviewed: 2025-03-01" in out
    assert "status: verify" in out


def test_routes_cmd_check_lists_overdue_and_verify(tmp_path, capsys):
    code = main(["routes", "--check", "--file", _file(tmp_path), "--today", "2026-06-01"])
    out = capsys.readouterr().out
    assert code == 1
    assert "samaritans: review overdue" in out
    assert "samaritans: marked 'verify'" in out
    assert "emergency-999:" not in out


def test_routes_cmd_check_passes_when_all_current(tmp_path, capsys):
    text = TABLE.replace('status = "verify"', 'status = "verified"').replace(
        "2025-03-01", "2026-03-01"
    )
    assert (
        main(["routes", "--check", "--file", _file(tmp_path, text), "--today", "2026-06-01"]) == 0
    )


def test_routes_cmd_check_twelve_month_boundary(tmp_path):
    text = TABLE.replace('status = "verify"', 'status = "verified"')
    path = _file(tmp_path, text)
    assert main(["routes", "--check", "--file", path, "--today", "2026-03-01"]) == 0
    assert main(["routes", "--check", "--file", path, "--today", "2026-03-02"]) == 1


def test_routes_cmd_json(tmp_path, capsys):
    code = main(["routes", "--json", "--check", "--file", _file(tmp_path), "--today", "2026-06-01"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [r["id"] for r in data["routes"]] == ["emergency-999", "samaritans"]
    assert {p["id"] for p in data["problems"]} == {"samaritans"}


def test_routes_cmd_invalid_table_exits_3(tmp_path, capsys):
    bad = TABLE.replace('source = "general"\n', "")
    assert main(["routes", "--file", _file(tmp_path, bad)]) == 3
    err = capsys.readouterr().err
    assert "emergency-999" in err and "'source'" in err
