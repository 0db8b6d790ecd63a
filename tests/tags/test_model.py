"""Quality codes and tag definitions: what an operator reads when a value cannot be trusted."""

from __future__ import annotations

import math

import pytest

from tags.address import parse_address
from tags.model import DataType, Quality, Severity, TagDef, TagSample, initial_sample


def tag(data_type: DataType = DataType.FLOAT, **settings: object) -> TagDef:
    source = "sim://memory/X"
    return TagDef("TST.X.PV", source, parse_address(source), data_type, **settings)  # type: ignore[arg-type]


# quality codes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quality", "severity"),
    [
        (Quality.GOOD, Severity.GOOD),
        (Quality.GOOD_LOCAL_OVERRIDE, Severity.GOOD),
        (Quality.UNCERTAIN, Severity.UNCERTAIN),
        (Quality.UNCERTAIN_LAST_USABLE_VALUE, Severity.UNCERTAIN),
        (Quality.UNCERTAIN_SENSOR_NOT_ACCURATE, Severity.UNCERTAIN),
        (Quality.BAD, Severity.BAD),
        (Quality.BAD_NOT_CONNECTED, Severity.BAD),
        (Quality.BAD_CONFIGURATION_ERROR, Severity.BAD),
        (Quality.BAD_WAITING_FOR_INITIAL_DATA, Severity.BAD),
    ],
)
def test_severity_comes_from_the_top_two_bits_of_the_code(
    quality: Quality, severity: Severity
) -> None:
    assert quality.severity is severity
    assert quality.is_good == (severity is Severity.GOOD)
    assert quality.is_bad == (severity is Severity.BAD)


def test_every_quality_is_exactly_one_of_good_uncertain_or_bad() -> None:
    for quality in Quality:
        uncertain = not quality.is_good and not quality.is_bad
        assert uncertain == (quality.severity is Severity.UNCERTAIN), quality.name


@pytest.mark.parametrize(
    ("quality", "label"),
    [
        (Quality.GOOD, "Good"),
        (Quality.GOOD_LOCAL_OVERRIDE, "GoodLocalOverride"),
        (Quality.UNCERTAIN_LAST_USABLE_VALUE, "UncertainLastUsableValue"),
        (Quality.UNCERTAIN_SENSOR_NOT_ACCURATE, "UncertainSensorNotAccurate"),
        (Quality.BAD_NOT_CONNECTED, "BadNotConnected"),
        (Quality.BAD_COMMUNICATION_ERROR, "BadCommunicationError"),
        (Quality.BAD_CONFIGURATION_ERROR, "BadConfigurationError"),
        (Quality.BAD_WAITING_FOR_INITIAL_DATA, "BadWaitingForInitialData"),
        (Quality.BAD_OUT_OF_SERVICE, "BadOutOfService"),
    ],
)
def test_label_is_the_opc_ua_status_name(quality: Quality, label: str) -> None:
    assert quality.label == label


@pytest.mark.parametrize(
    ("quality", "short"),
    [
        (Quality.GOOD, "OK"),
        (Quality.GOOD_LOCAL_OVERRIDE, "OVR"),
        (Quality.UNCERTAIN_LAST_USABLE_VALUE, "OLD"),
        (Quality.UNCERTAIN_SUBSTITUTE_VALUE, "SUB"),
        (Quality.BAD_NOT_CONNECTED, "COMM"),
        (Quality.BAD_COMMUNICATION_ERROR, "COMM"),
        (Quality.BAD_TIMEOUT, "TIMEOUT"),
        (Quality.BAD_CONFIGURATION_ERROR, "CFG"),
        (Quality.BAD_OUT_OF_SERVICE, "OOS"),
        (Quality.BAD_WAITING_FOR_INITIAL_DATA, "WAIT"),
        (Quality.BAD_SENSOR_FAILURE, "SENSOR"),
    ],
)
def test_short_text_fits_a_value_readout(quality: Quality, short: str) -> None:
    assert quality.short == short


def test_short_text_falls_back_to_the_severity_for_generic_codes() -> None:
    assert Quality.UNCERTAIN.short == "UNC"
    assert Quality.UNCERTAIN_INITIAL_VALUE.short == "UNC"
    assert Quality.BAD.short == "BAD"


@pytest.mark.parametrize(
    ("code", "quality"),
    [
        (0x00000000, Quality.GOOD),
        (0x00960000, Quality.GOOD_LOCAL_OVERRIDE),
        (0x40900000, Quality.UNCERTAIN_LAST_USABLE_VALUE),
        (0x808A0000, Quality.BAD_NOT_CONNECTED),
        (0x800A0000, Quality.BAD_TIMEOUT),
        (0x80890000, Quality.BAD_CONFIGURATION_ERROR),
    ],
)
def test_from_code_returns_a_known_code(code: int, quality: Quality) -> None:
    assert Quality.from_code(code) is quality


def test_from_code_ignores_the_info_bits_in_the_low_word() -> None:
    assert Quality.from_code(0x808A0000 | 0x0400) is Quality.BAD_NOT_CONNECTED
    assert Quality.from_code(0x00000001) is Quality.GOOD


@pytest.mark.parametrize(
    ("code", "generic"),
    [
        (0x00A20000, Quality.GOOD),  # GoodCompletesAsynchronously
        (0x40A40000, Quality.UNCERTAIN),  # a made-up Uncertain code
        (0x80AB0000, Quality.BAD),  # BadInvalidArgument
        (0xC0000000, Quality.BAD),  # reserved severity bits 11 count as Bad
    ],
)
def test_from_code_maps_an_unknown_code_to_the_generic_code_of_its_severity(
    code: int, generic: Quality
) -> None:
    assert Quality.from_code(code) is generic


# samples ---------------------------------------------------------------------------------


def test_initial_sample_is_bad_waiting_for_data_without_a_value() -> None:
    sample = initial_sample(100.0)
    assert sample == TagSample(
        None, Quality.BAD_WAITING_FOR_INITIAL_DATA, 100.0, 100.0, "waiting for first data"
    )
    assert not sample.is_good


def test_requalified_sample_keeps_value_and_source_time() -> None:
    sample = TagSample(12.5, Quality.GOOD, 100.0, 100.0)
    stale = sample.with_quality(Quality.UNCERTAIN_LAST_USABLE_VALUE, "stale", 110.0)
    assert stale == TagSample(12.5, Quality.UNCERTAIN_LAST_USABLE_VALUE, 100.0, 110.0, "stale")
    assert stale.is_stale and not sample.is_stale


def test_staleness_is_the_last_usable_value_quality_whatever_the_reason_says() -> None:
    stale = [q for q in Quality if q.is_stale]
    assert stale == [Quality.UNCERTAIN_LAST_USABLE_VALUE]
    assert TagSample(1.0, Quality.UNCERTAIN_LAST_USABLE_VALUE, 0.0, 0.0, "").is_stale
    assert not TagSample(1.0, Quality.UNCERTAIN_SUBSTITUTE_VALUE, 0.0, 0.0, "stale: no").is_stale


# formatting ------------------------------------------------------------------------------


def test_no_value_yet_shows_dashes() -> None:
    assert tag().format_value(None) == "----"


def test_float_uses_the_display_format() -> None:
    assert tag(display_format=".2f").format_value(3.14159) == "3.14"
    assert tag(display_format=".1f").format_value(2.0) == "2.0"
    assert tag(display_format=".3e").format_value(12345.0) == "1.234e+04"


def test_float_with_an_unusable_format_falls_back_to_repr() -> None:
    assert tag(display_format="d").format_value(2.5) == "2.5"


@pytest.mark.parametrize(
    ("value", "text"), [(math.nan, "nan"), (math.inf, "inf"), (-math.inf, "-inf")]
)
def test_nan_and_infinity_are_shown_as_such_not_formatted(value: float, text: str) -> None:
    assert tag(display_format=".2f").format_value(value) == text


def test_state_names_replace_numbers() -> None:
    pump = tag(DataType.INT, states={0: "STOPPED", 1: "RUNNING", 2: "FAULT"})
    assert pump.format_value(1) == "RUNNING"
    assert pump.format_value(2) == "FAULT"


def test_state_names_apply_to_bools() -> None:
    valve = tag(DataType.BOOL, states={0: "CLOSED", 1: "OPEN"})
    assert valve.format_value(True) == "OPEN"
    assert valve.format_value(False) == "CLOSED"


def test_a_number_without_a_state_name_is_shown_as_a_number() -> None:
    pump = tag(DataType.INT, states={0: "STOPPED", 1: "RUNNING"})
    assert pump.format_value(7) == "7"


def test_bool_without_states_shows_1_or_0() -> None:
    flag = tag(DataType.BOOL, display_format="")
    assert flag.format_value(True) == "1"
    assert flag.format_value(False) == "0"


def test_int_uses_the_display_format() -> None:
    # config.py accepts a format spec for int tags (it checks format(1, spec)), so use it
    counter = tag(DataType.INT, display_format="05d")
    assert counter.format_value(7) == "00007"


def test_text_is_shown_as_it_is() -> None:
    assert tag(DataType.STRING, display_format="").format_value("BATCH-7") == "BATCH-7"
