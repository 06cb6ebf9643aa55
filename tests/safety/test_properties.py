"""assess() never raises on arbitrary text and is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.types import Turn

TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=400)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(message=TEXT, earlier=st.lists(TEXT, max_size=3))
def test_properties_assess_never_raises_and_is_deterministic(detector, message, earlier):
    history = [Turn("user", t) for t in earlier]
    first = detector.assess(message, history)
    assert first == detector.assess(message, history)
    assert not first.detected or first.categories


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chunk=st.text(min_size=1, max_size=50), repeat=st.integers(1000, 5000))
def test_properties_assess_huge_text(detector, chunk, repeat):
    detector.assess(chunk * repeat)


def test_properties_control_characters(detector):
    nasty = "".join(chr(i) for i in range(32)) + "\u200b\ufeff\u202e" + "he hit her" + "\x00" * 100
    assert detector.assess(nasty).detected


def test_properties_odd_history(detector):
    assert detector.assess("hello", [Turn("system", "x"), Turn("user", "")]).detected is False
