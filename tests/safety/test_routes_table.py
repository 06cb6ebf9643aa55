"""The routes table: the packaged table is valid and complete; bad tables fail at start-up."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.errors import ConfigError
from assistant.safety.routes import load_routes, parse_routes
from tests.safety.tables import EMERGENCY_999

GOOD = EMERGENCY_999


def _with(field_line: str, replace: str | None = None) -> str:
    text = GOOD
    if replace:
        text = "\n".join(line for line in text.splitlines() if not line.startswith(replace)) + "\n"
    return text + (field_line + "\n" if field_line else "")


def test_routes_packaged_table_loads(routes):
    ids = [r.id for r in routes]
    assert ids[0] == "emergency-999"
    for needed in (
        "silent-999",
        "police-101",
        "edt-out-of-hours",
        "leicestershire-first-response",
        "leicester-children-duty",
        "rutland-children-duty",
        "childline",
        "nspcc-helpline",
        "samaritans",
        "missing-people",
        "hsb-support-service",
        "nspcc-fgm-helpline",
        "ceop",
    ):
        assert needed in ids


def test_routes_packaged_table_has_sources_and_review_dates(routes):
    for r in routes:
        assert r.source and isinstance(r.reviewed, date)
        assert r.status in ("verified", "verify")


def test_routes_public_page_numbers_are_marked_verify(routes):
    by_id = {r.id: r for r in routes}
    assert by_id["edt-out-of-hours"].status == "verify"
    assert by_id["edt-out-of-hours"].out_of_hours
    assert by_id["leicester-children-duty"].status == "verify"
    assert "Issue 28, March 2022" in by_id["leicestershire-first-response"].source


def test_routes_never_include_business_office_or_early_help(routes):
    for r in routes:
        for c in r.contacts:
            assert c.value.replace(" ", "") != "01163057130"
        assert "early help" not in r.name.lower()


def test_routes_load_from_file(tmp_path):
    path = tmp_path / "routes.toml"
    path.write_text(GOOD)
    assert [r.id for r in load_routes(path)] == ["emergency-999"]


def test_routes_missing_file_is_config_error(tmp_path):
    with pytest.raises(ConfigError):
        load_routes(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (_with("", replace="source"), "source"),
        (_with("", replace="reviewed"), "reviewed"),
        (_with('source = ""', replace="source"), "source"),
        (_with('reviewed = "last year"', replace="reviewed"), "reviewed"),
        (_with('categories = ["alien_abduction"]', replace="categories"), "categories"),
        (
            _with(
                'contacts = [{ kind = "phone", value = "call us", label = "" }]', replace="contacts"
            ),
            "contacts",
        ),
        (
            _with(
                'contacts = [{ kind = "email", value = "not-an-address", label = "" }]',
                replace="contacts",
            ),
            "contacts",
        ),
        (
            _with(
                'contacts = [{ kind = "web", value = "ceop.police.uk", label = "" }]',
                replace="contacts",
            ),
            "contacts",
        ),
        (
            _with(
                'contacts = [{ kind = "fax", value = "0116 000 0000", label = "" }]',
                replace="contacts",
            ),
            "contacts",
        ),
        (_with("contacts = []", replace="contacts"), "contacts"),
        (
            _with(
                'contacts = [{ kind = "phone", value = "0116 305 7130", label = "" }]',
                replace="contacts",
            ),
            "contacts",
        ),
        (_with('status = "probably"', replace="status"), "status"),
        (_with('area = "mars"', replace="area"), "area"),
        (_with('emergency = "yes"', replace="emergency"), "emergency"),
        (_with('colour = "red"'), "colour"),
    ],
)
def test_routes_invalid_route_is_config_error_naming_route_and_field(text, field):
    with pytest.raises(ConfigError) as err:
        parse_routes(text)
    assert "emergency-999" in str(err.value)
    assert f"'{field}'" in str(err.value)


def test_routes_duplicate_id_is_config_error():
    with pytest.raises(ConfigError, match="duplicate"):
        parse_routes(GOOD + GOOD)


def test_routes_not_toml_is_config_error():
    with pytest.raises(ConfigError):
        parse_routes("[[route]\nid=")


def test_routes_selector_needs_an_emergency_route(tuning):
    from assistant.safety.routes import RouteSelector

    routes = parse_routes(GOOD.replace("emergency = true", "emergency = false"))
    with pytest.raises(ConfigError):
        RouteSelector(routes=routes, tuning=tuning, default_area=None, timezone="Europe/London")


def test_routes_selector_rejects_unknown_default_area(routes, tuning):
    from assistant.safety.routes import RouteSelector

    with pytest.raises(ConfigError):
        RouteSelector(
            routes=routes, tuning=tuning, default_area="nottingham", timezone="Europe/London"
        )
