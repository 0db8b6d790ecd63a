"""How a sample looks to an operator: staleness read from the quality, age from the clock given."""

from __future__ import annotations

from hmi.quality_display import DisplayState, override_word, show
from tags.address import parse_address
from tags.forcing.force import Force
from tags.model import Quality, TagDef, TagSample

TAG = TagDef(
    name="TST.LEVEL",
    source="sim://memory/TST.LEVEL",
    address=parse_address("sim://memory/TST.LEVEL"),
    unit="%",
    display_format=".1f",
)


def test_a_last_usable_value_shows_stale_with_its_age_and_keeps_its_reason_in_the_tooltip() -> None:
    sample = TagSample(56.0, Quality.UNCERTAIN_LAST_USABLE_VALUE, 100.0, 110.0, "no update")
    shown = show(TAG, sample, 130.0, unit=True)
    assert shown.state is DisplayState.STALE
    assert shown.text == "56.0 % (30 s)"
    assert shown.tooltip == "UncertainLastUsableValue: no update"


def test_a_reason_that_says_stale_does_not_make_another_uncertain_value_stale() -> None:
    sample = TagSample(56.0, Quality.UNCERTAIN_SUBSTITUTE_VALUE, 100.0, 100.0, "stale: manual")
    shown = show(TAG, sample, 100.0)
    assert shown.state is DisplayState.UNCERTAIN
    assert shown.text == "56.0 ?"


def test_an_overridden_value_shows_as_a_value_with_its_marker_word() -> None:
    tag = TAG
    by_hand = Force("T", 12.5, "erin", "why", 0.0)
    forced = TagSample(12.5, Quality.GOOD_LOCAL_OVERRIDE, 0.0, 0.0, by_hand.text)
    shown = show(tag, forced, 0.0, unit=True)
    assert shown.state is DisplayState.NORMAL and shown.marker == "FORCED"
    assert shown.text == "12.5 %"
    assert shown.tooltip == "FORCED (GoodLocalOverride): forced by erin until released: why"
    on_a_signal = Force("T", 0.0, "erin", "why", 0.0, None, "sim://signal/sine")
    simulated = forced._replace(reason=on_a_signal.text)
    assert override_word(simulated) == "SIM"
    assert override_word(forced._replace(reason="")) == "OVR"
    assert override_word(forced._replace(quality=Quality.GOOD)) == ""
    assert show(tag, forced._replace(quality=Quality.GOOD), 0.0).marker == ""
