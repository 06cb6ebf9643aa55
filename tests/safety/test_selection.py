"""Route selection: order, area, out of hours (fixed clock), categories."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.safety.hours import bank_holidays, is_out_of_hours
from assistant.types import Risk
from tests.safety.conftest import IN_HOURS, LONDON, OUT_OF_HOURS

FRONT_DOORS = {"leicestershire-first-response", "leicester-children-duty", "rutland-children-duty"}


def ids(routes):
    return [r.id for r in routes]


def test_selection_no_risk_no_routes(selector):
    assert selector.select(Risk(), IN_HOURS) == []


def test_selection_999_first_when_immediate(selector):
    got = ids(selector.select(Risk(True, ("immediate_danger",), immediate=True), IN_HOURS))
    assert got[:2] == ["emergency-999", "silent-999"]


def test_selection_999_included_and_first_for_any_risk(selector):
    got = ids(selector.select(Risk(True, ("neglect",), immediate=False), IN_HOURS))
    assert got[0] == "emergency-999"


def test_selection_silent_999_guidance_goes_with_999(selector):
    routes = selector.select(Risk(True, ("domestic_abuse",)), IN_HOURS)
    silent = routes[1]
    assert silent.id == "silent-999" and "55" in silent.contacts[0].label


def test_selection_unknown_area_shows_all_three_front_doors(selector):
    got = set(ids(selector.select(Risk(True, ("physical_abuse",)), IN_HOURS)))
    assert FRONT_DOORS <= got


@pytest.mark.parametrize(
    ("area", "door"),
    [
        ("leicester", "leicester-children-duty"),
        ("leicestershire", "leicestershire-first-response"),
        ("rutland", "rutland-children-duty"),
    ],
)
def test_selection_area_shows_only_its_front_door(selector, area, door):
    got = set(ids(selector.select(Risk(True, ("neglect",), area=area), IN_HOURS)))
    assert got & FRONT_DOORS == {door}


def test_selection_default_area_used_when_message_names_none(routes):
    from assistant.safety.routes import RouteSelector

    sel = RouteSelector(routes=routes, default_area="rutland")
    got = set(ids(sel.select(Risk(True, ("neglect",)), IN_HOURS)))
    assert got & FRONT_DOORS == {"rutland-children-duty"}


def test_selection_local_lines_before_national(selector):
    got = ids(selector.select(Risk(True, ("suicide_self_harm",), area="leicester"), IN_HOURS))
    assert got.index("leicester-children-duty") < got.index("samaritans")


def test_selection_out_of_hours_line_first_after_999(selector):
    got = ids(selector.select(Risk(True, ("neglect",), area="leicestershire"), OUT_OF_HOURS))
    assert got[:3] == ["emergency-999", "silent-999", "edt-out-of-hours"]


def test_selection_no_out_of_hours_line_in_office_hours(selector):
    assert "edt-out-of-hours" not in ids(selector.select(Risk(True, ("neglect",)), IN_HOURS))


@pytest.mark.parametrize(
    ("when", "out"),
    [
        (datetime(2026, 11, 23, 8, 29, tzinfo=LONDON), True),  # Monday before 08:30
        (datetime(2026, 11, 23, 8, 30, tzinfo=LONDON), False),
        (datetime(2026, 11, 26, 16, 59, tzinfo=LONDON), False),  # Thursday
        (datetime(2026, 11, 26, 17, 0, tzinfo=LONDON), True),
        (datetime(2026, 11, 27, 16, 29, tzinfo=LONDON), False),  # Friday
        (datetime(2026, 11, 27, 16, 30, tzinfo=LONDON), True),
        (datetime(2026, 11, 28, 12, 0, tzinfo=LONDON), True),  # Saturday
        (datetime(2026, 12, 25, 12, 0, tzinfo=LONDON), True),  # Christmas Day (Friday)
        (datetime(2026, 12, 28, 12, 0, tzinfo=LONDON), True),  # Boxing Day substitute (Monday)
        (datetime(2026, 7, 1, 7, 45, tzinfo=UTC), False),  # 08:45 in London (BST)
        (datetime(2026, 1, 7, 7, 45, tzinfo=UTC), True),  # 07:45 in London (GMT)
    ],
)
def test_selection_out_of_hours_clock(when, out):
    assert is_out_of_hours(when, "Europe/London") is out


def test_selection_bank_holidays_2026():
    days = {d.isoformat() for d in bank_holidays(2026)}
    assert {
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
        "2026-12-25",
        "2026-12-28",
    } == days


@pytest.mark.parametrize(
    ("category", "route"),
    [
        ("suicide_self_harm", "samaritans"),
        ("missing_child", "missing-people"),
        ("harmful_sexual_behaviour", "hsb-support-service"),
        ("fgm_honour_forced_marriage", "nspcc-fgm-helpline"),
        ("online_abuse", "ceop"),
        ("modern_slavery", "modern-slavery-helpline"),
        ("domestic_abuse", "national-domestic-abuse-helpline"),
        ("physical_abuse", "childline"),
        ("physical_abuse", "nspcc-helpline"),
        ("medical_emergency", "nhs-111"),
    ],
)
def test_selection_national_line_by_category(selector, category, route):
    assert route in ids(selector.select(Risk(True, (category,)), IN_HOURS))


def test_selection_adult_abuse_shows_adult_social_care(selector):
    got = ids(selector.select(Risk(True, ("adult_abuse",), area="leicestershire"), IN_HOURS))
    assert "leicestershire-adult-social-care" in got
    assert not set(got) & FRONT_DOORS


def test_selection_advice_line_never_shown(selector):
    for cat in ("neglect", "physical_abuse", "safeguarding_concern", "domestic_abuse"):
        for when in (IN_HOURS, OUT_OF_HOURS):
            got = ids(selector.select(Risk(True, (cat,), area="leicestershire"), when))
            assert "leicestershire-advice-guidance" not in got


def test_selection_panel_is_short(selector):
    risk = Risk(True, ("physical_abuse", "sexual_abuse", "domestic_abuse", "suicide_self_harm"))
    assert len(selector.select(risk, OUT_OF_HOURS)) <= 10


def test_selection_order_emergency_then_local_then_national(selector):
    routes = selector.select(Risk(True, ("neglect",), area="leicester"), IN_HOURS)
    kinds = [
        "emergency" if r.emergency else "local" if r.area != "national" else "national"
        for r in routes
    ]
    assert kinds == sorted(kinds, key=["emergency", "local", "national"].index)


@pytest.mark.parametrize(
    ("message", "door"),
    [
        ("my neighbour in Oakham leaves her kids home alone", "rutland-children-duty"),
        ("a boy in Belgrave has bruises on his face", "leicester-children-duty"),
        ("a girl in Market Harborough is being groomed", "leicestershire-first-response"),
    ],
)
def test_selection_message_area_reaches_its_front_door(detector, selector, message, door):
    got = set(ids(selector.select(detector.assess(message), IN_HOURS)))
    assert got & FRONT_DOORS == {door}
