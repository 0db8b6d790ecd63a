"""Signal generators for commissioning: known values at known times, clear errors."""

from __future__ import annotations

import itertools

import pytest

from tags.simulation.signals import SignalError, make_signal


def values(shape: str, times: list[float], **params: str) -> list[float]:
    signal = make_signal(shape, params)
    return [signal.value(t) for t in times]


def test_constant_is_its_value_at_any_time() -> None:
    assert values("constant", [0, 1.5, 1e9], value="42") == [42.0, 42.0, 42.0]


def test_constant_defaults_to_zero() -> None:
    assert values("constant", [10]) == [0.0]


def test_ramp_climbs_from_low_to_high_over_a_period_then_restarts() -> None:
    got = values("ramp", [0, 2.5, 5, 7.5, 10, 12.5], low="0", high="10", period="10")
    assert got == pytest.approx([0, 2.5, 5, 7.5, 0, 2.5])


def test_ramp_with_an_offset_range() -> None:
    assert values("ramp", [30], low="-20", high="20", period="60") == pytest.approx([0.0])


def test_sine_starts_mid_band_and_peaks_a_quarter_period_later() -> None:
    got = values("sine", [0, 15, 30, 45, 60], low="1", high="5", period="60")
    assert got == pytest.approx([3, 5, 3, 1, 3])


def test_sine_phase_is_in_degrees() -> None:
    got = values("sine", [0, 15], low="0", high="100", period="60", phase="90")
    assert got == pytest.approx([100, 50])


def test_square_is_high_for_the_duty_fraction_of_each_period() -> None:
    got = values("square", [0, 0.99, 1, 3.99, 4, 4.5], low="2", high="8", period="4", duty="0.25")
    assert got == [8, 8, 2, 2, 8, 8]


def test_square_defaults_to_0_and_1_with_half_duty() -> None:
    assert values("square", [0, 4.99, 5, 9.99, 10]) == [1, 1, 0, 0, 1]


def test_random_walk_starts_mid_band() -> None:
    assert values("random_walk", [0], low="20", high="30") == [25.0]


def test_random_walk_stays_inside_its_bounds() -> None:
    # steps as big as the band force the walk against both bounds many times
    got = values("random_walk", list(range(2000)), low="20", high="30", step="10", seed="3")
    assert min(got) >= 20
    assert max(got) <= 30
    assert max(got) - min(got) > 5


def test_random_walk_moves_at_most_one_step_per_sample() -> None:
    got = values("random_walk", list(range(500)), low="0", high="100", step="0.5", seed="1")
    assert all(abs(b - a) <= 0.5 + 1e-9 for a, b in itertools.pairwise(got))
    assert len(set(got)) > 400


def test_random_walk_is_reproducible_for_a_seed() -> None:
    times = [float(t) for t in range(50)]
    first = values("random_walk", times, low="0", high="10", step="1", seed="7")
    again = values("random_walk", times, low="0", high="10", step="1", seed="7")
    other = values("random_walk", times, low="0", high="10", step="1", seed="8")
    assert first == again
    assert first != other


def test_each_random_walk_keeps_its_own_state() -> None:
    a = make_signal("random_walk", {"seed": "5"})
    b = make_signal("random_walk", {"seed": "5"})
    a_values = [a.value(t) for t in range(10)]
    b_values = [b.value(t) for t in range(10)]
    assert a_values == b_values


# errors ----------------------------------------------------------------------------------


def test_unknown_shape_is_refused_listing_the_known_ones() -> None:
    with pytest.raises(SignalError) as error:
        make_signal("triangle", {})
    assert str(error.value) == (
        "unknown signal shape 'triangle' (known: constant, ramp, sine, square, random_walk)"
    )


def test_parameter_of_another_shape_is_refused() -> None:
    with pytest.raises(SignalError) as error:
        make_signal("sine", {"duty": "0.5"})
    assert str(error.value) == "sine has no parameter 'duty' (known: low, high, period, phase)"


def test_parameter_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(SignalError) as error:
        make_signal("ramp", {"period": "fast"})
    assert str(error.value) == "ramp: period 'fast' is not a number"


@pytest.mark.parametrize("period", ["0", "-5"])
def test_period_must_be_above_zero(period: str) -> None:
    with pytest.raises(SignalError) as error:
        make_signal("sine", {"period": period})
    assert str(error.value) == "sine: period must be above 0"


@pytest.mark.parametrize("shape", ["ramp", "sine", "square", "random_walk"])
def test_low_must_be_below_high(shape: str) -> None:
    with pytest.raises(SignalError) as error:
        make_signal(shape, {"low": "5", "high": "5"})
    assert str(error.value) == f"{shape}: low must be below high"


@pytest.mark.parametrize("duty", ["0", "1", "1.5"])
def test_square_duty_must_lie_between_0_and_1(duty: str) -> None:
    with pytest.raises(SignalError) as error:
        make_signal("square", {"duty": duty})
    assert str(error.value) == "square: duty must lie between 0 and 1"


def test_signal_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown signal shape"):
        make_signal("noise", {})
