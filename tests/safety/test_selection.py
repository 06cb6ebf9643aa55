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
    got = ids(selector.select(Risk("immediate", ("immediate_danger",)), IN_HOURS))
    assert got[:2] == ["emergency-999", "silent-999"]


def test_selection_999_in_every_concern_panel_after_the_fitting_lines(selector):
    got = ids(selector.select(Risk("concern", ("neglect",)), IN_HOURS))
    assert "emergency-999" in got
    assert got[0] in FRONT_DOORS


@pytest.mark.parametrize("level", ["immediate", "concern"])
def test_selection_silent_999_guidance_goes_with_999(selector, level):
    routes = selector.select(Risk(level, ("domestic_abuse",)), IN_HOURS)
    at = ids(routes).index("emergency-999")
    silent = routes[at + 1]
    assert silent.id == "silent-999" and "55" in silent.contacts[0].label


@pytest.mark.parametrize("level", ["none", "topic"])
def test_selection_no_routes_below_concern(selector, level):
    assert selector.select(Risk(level, ("suicide_self_harm",)), IN_HOURS) == []


def test_selection_unknown_area_shows_all_three_front_doors(selector):
    got = set(ids(selector.select(Risk("concern", ("physical_abuse",)), IN_HOURS)))
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
    got = set(ids(selector.select(Risk("concern", ("neglect",), area=area), IN_HOURS)))
    assert got & FRONT_DOORS == {door}


def test_selection_default_area_used_when_message_names_none(routes, tuning):
    from assistant.safety.routes import RouteSelector

    sel = RouteSelector(
        routes=routes, tuning=tuning, default_area="rutland", timezone="Europe/London"
    )
    got = set(ids(sel.select(Risk("concern", ("neglect",)), IN_HOURS)))
    assert got & FRONT_DOORS == {"rutland-children-duty"}


def test_selection_concern_puts_the_category_line_first(selector):
    got = ids(selector.select(Risk("concern", ("suicide_self_harm",), area="leicester"), IN_HOURS))
    assert got[0] == "samaritans"
    assert got.index("leicester-children-duty") < got.index("emergency-999")


def test_selection_immediate_local_lines_before_national(selector):
    risk = Risk("immediate", ("suicide_self_harm",), area="leicester")
    got = ids(selector.select(risk, IN_HOURS))
    assert got[:2] == ["emergency-999", "silent-999"]
    assert got.index("leicester-children-duty") < got.index("samaritans")


def test_selection_out_of_hours_line_first_after_999_when_immediate(selector):
    risk = Risk("immediate", ("neglect",), area="leicestershire")
    got = ids(selector.select(risk, OUT_OF_HOURS))
    assert got[:3] == ["emergency-999", "silent-999", "edt-out-of-hours"]


def test_selection_out_of_hours_line_first_for_a_concern(selector):
    got = ids(selector.select(Risk("concern", ("neglect",), area="leicestershire"), OUT_OF_HOURS))
    assert got[0] == "edt-out-of-hours"


def test_selection_concern_shows_three_slots_first(selector):
    risk = Risk("concern", ("physical_abuse",))  # area unknown: three front doors, one slot
    routes = selector.select(risk, IN_HOURS)
    shown = ids(routes[: selector.visible(risk, routes)])
    assert FRONT_DOORS <= set(shown)
    assert 3 < len(shown) < len(routes)


def test_selection_immediate_shows_every_route(selector):
    risk = Risk("immediate", ("domestic_abuse",))
    routes = selector.select(risk, IN_HOURS)
    assert selector.visible(risk, routes) == len(routes)


def test_selection_support_strip_for_a_topic(selector):
    support = selector.support(Risk("topic", ("suicide_self_harm",)), IN_HOURS)
    assert "999" in support.text and "116 123" in support.text
    assert [r.id for r in support.routes] == ["emergency-999", "samaritans"]


def test_selection_support_strip_with_no_subject_names_999_alone(selector):
    support = selector.support(Risk("topic", ()), IN_HOURS)
    assert support.text == "If this is about someone at risk now: In an emergency call 999."
    assert [r.id for r in support.routes] == ["emergency-999"]


def test_selection_no_out_of_hours_line_in_office_hours(selector):
    assert "edt-out-of-hours" not in ids(selector.select(Risk("concern", ("neglect",)), IN_HOURS))


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
    days = {d.isoformat() for d in bank_holidays(2026) if d.weekday() < 5}
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
    "day",
    [
        "2020-05-08",  # VE Day: the early May bank holiday moved to a Friday
        "2022-06-02",  # Spring bank holiday moved for the Platinum Jubilee
        "2022-06-03",  # Platinum Jubilee
        "2022-09-19",  # State Funeral of Queen Elizabeth II
        "2022-12-27",  # Christmas Day substitute (Christmas on a Sunday)
        "2023-05-08",  # Coronation of King Charles III
    ],
)
def test_selection_moved_and_one_off_bank_holidays(day):
    from datetime import date

    assert date.fromisoformat(day) in bank_holidays(int(day[:4]))
    assert is_out_of_hours(datetime.fromisoformat(f"{day}T11:00").replace(tzinfo=LONDON))


@pytest.mark.parametrize("day", ["2020-05-04", "2022-05-30"])
def test_selection_days_that_were_not_bank_holidays(day):
    from datetime import date

    assert date.fromisoformat(day) not in bank_holidays(int(day[:4]))


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
    assert route in ids(selector.select(Risk("concern", (category,)), IN_HOURS))


def test_selection_adult_abuse_shows_adult_social_care(selector):
    got = ids(selector.select(Risk("concern", ("adult_abuse",), area="leicestershire"), IN_HOURS))
    assert "leicestershire-adult-social-care" in got
    assert not set(got) & FRONT_DOORS


def test_selection_advice_line_never_shown(selector):
    for cat in ("neglect", "physical_abuse", "safeguarding_concern", "domestic_abuse"):
        for when in (IN_HOURS, OUT_OF_HOURS):
            got = ids(selector.select(Risk("concern", (cat,), area="leicestershire"), when))
            assert "leicestershire-advice-guidance" not in got


def test_selection_panel_is_short(selector):
    risk = Risk(
        "concern", ("physical_abuse", "sexual_abuse", "domestic_abuse", "suicide_self_harm")
    )
    assert len(selector.select(risk, OUT_OF_HOURS)) <= 10


def test_selection_order_emergency_then_local_then_national(selector):
    routes = selector.select(Risk("immediate", ("neglect",), area="leicester"), IN_HOURS)
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
