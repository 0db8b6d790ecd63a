"""The building blocks behave as their textbook definitions at a fixed step."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tags.model import Quality
from tags.simulation.blocks import (
    PID,
    DeadTime,
    FirstOrder,
    Integrator,
    Mode,
    MovingAverage,
    Noise,
    OrnsteinUhlenbeck,
    RateLimiter,
    SensorFault,
    SensorFaultKind,
)

DT = 0.1


def test_first_order_reaches_63_percent_after_one_time_constant() -> None:
    lag = FirstOrder(30.0, DT)
    for _ in range(300):
        lag.update(1.0)
    assert lag.y == pytest.approx(1.0 - math.exp(-1.0), rel=1e-9)


def test_first_order_settles_on_its_input() -> None:
    lag = FirstOrder(5.0, DT, initial=10.0)
    for _ in range(1000):
        lag.update(2.0)
    assert lag.y == pytest.approx(2.0, abs=1e-6)


def test_first_order_with_zero_time_constant_follows_its_input() -> None:
    assert FirstOrder(0.0, DT).update(3.5) == 3.5


def test_dead_time_returns_the_input_of_exactly_delay_over_dt_steps_ago() -> None:
    delay = DeadTime(1.0, DT, initial=-1.0)
    outputs = [delay.update(float(k)) for k in range(25)]
    assert outputs[:10] == [-1.0] * 10
    assert outputs[10:] == [float(k) for k in range(15)]


def test_zero_dead_time_passes_the_input_through() -> None:
    assert DeadTime(0.0, DT).update(7.0) == 7.0


def test_moving_average_is_the_mean_of_the_last_window() -> None:
    average = MovingAverage(1.0, DT, initial=0.0)
    for k in range(40):
        out = average.update(float(k))
    assert out == pytest.approx(np.mean(np.arange(30, 40)))


def test_integrator_integrates_gain_times_input_and_clamps() -> None:
    integral = Integrator(DT, gain=2.0, high=5.0)
    for _ in range(10):
        integral.update(1.5)
    assert integral.y == pytest.approx(3.0)
    for _ in range(100):
        integral.update(1.5)
    assert integral.y == 5.0


def test_rate_limiter_rises_and_falls_at_its_rates() -> None:
    ramp = RateLimiter(1.0, DT, fall=2.0)
    for _ in range(10):
        ramp.update(100.0)
    assert ramp.y == pytest.approx(1.0)
    for _ in range(5):
        ramp.update(-100.0)
    assert ramp.y == pytest.approx(0.0)
    assert ramp.update(0.05) == pytest.approx(0.05)


def _closed_loop(pid: PID, process: FirstOrder, steps: int, gain: float = 0.5) -> None:
    for _ in range(steps):
        process.update(gain * pid.update(process.y))


def test_pid_removes_the_offset_on_a_first_order_process() -> None:
    pid = PID(kp=2.0, ti=20.0, dt=DT, sp=30.0, op=0.0)
    process = FirstOrder(20.0, DT)
    _closed_loop(pid, process, 6000)
    assert process.y == pytest.approx(30.0, abs=1e-3)
    assert pid.op == pytest.approx(60.0, abs=1e-2)


def test_direct_acting_pid_opens_when_pv_is_above_setpoint() -> None:
    pid = PID(kp=1.0, ti=10.0, dt=DT, sp=33.0, op=50.0, direct=True)
    pid.initialise(pv=33.0, op=50.0)
    assert pid.update(34.0) > 50.0


def test_pid_switch_from_manual_to_auto_is_bumpless() -> None:
    pid = PID(kp=3.0, ti=15.0, dt=DT, sp=20.0, op=40.0)
    pid.set_mode(Mode.MAN)
    pid.set_op(55.0)
    pid.update(17.0)  # in MAN the setpoint tracks the PV
    assert pid.sp == 17.0
    pid.set_mode(Mode.AUTO)
    assert pid.update(17.0) == pytest.approx(55.0)


def test_pid_switch_to_auto_with_a_new_setpoint_moves_from_the_manual_output() -> None:
    pid = PID(kp=3.0, ti=15.0, dt=DT, sp=20.0, op=40.0, sp_tracking=False)
    pid.set_mode(Mode.MAN)
    pid.set_op(55.0)
    pid.update(17.0)
    pid.set_mode(Mode.AUTO)
    first = pid.update(17.0)
    assert first == pytest.approx(55.0 + 3.0 * DT / 15.0 * 3.0)


def test_pid_refuses_a_setpoint_in_manual_and_an_output_in_auto() -> None:
    pid = PID(kp=1.0, ti=10.0, dt=DT)
    with pytest.raises(ValueError, match="output is writable in MAN only"):
        pid.set_op(10.0)
    pid.set_mode(Mode.MAN)
    with pytest.raises(ValueError, match="setpoint is writable in AUTO only"):
        pid.set_sp(10.0)
    with pytest.raises(ValueError, match=r"outside 0\.\.100"):
        pid.set_op(120.0)


def test_pid_output_saturates_without_winding_up() -> None:
    pid = PID(kp=1.0, ti=5.0, dt=DT, sp=100.0, op=0.0)
    for _ in range(2000):
        pid.update(0.0)  # an output that can never reach the setpoint
    assert pid.op == 100.0
    assert pid.integral <= 100.0 + 1e-9
    out = [pid.update(120.0) for _ in range(3)]  # the error reverses: the output leaves at once
    assert out[0] < 100.0


def test_noise_from_the_same_seed_repeats_and_from_another_seed_differs() -> None:
    a = Noise(np.random.default_rng(5))
    b = Noise(np.random.default_rng(5))
    c = Noise(np.random.default_rng(6))
    first = [a.next() for _ in range(5000)]
    assert first == [b.next() for _ in range(5000)]
    assert first != [c.next() for _ in range(5000)]
    assert np.std(first) == pytest.approx(1.0, abs=0.05)


def test_ornstein_uhlenbeck_wanders_around_its_mean_with_its_sigma() -> None:
    walk = OrnsteinUhlenbeck(Noise(np.random.default_rng(1)), 1.0, mean=5.0, sigma=0.5, tau=20.0)
    samples = [walk.update() for _ in range(20000)]
    assert np.mean(samples) == pytest.approx(5.0, abs=0.05)
    assert np.std(samples) == pytest.approx(0.5, rel=0.1)


def test_sensor_freeze_holds_the_last_reading_as_uncertain() -> None:
    fault = SensorFault()
    fault.apply(10.0, DT)
    fault.set(SensorFaultKind.FREEZE, "source fault")
    assert fault.apply(12.0, DT) == 10.0
    assert fault.quality is Quality.UNCERTAIN_SENSOR_NOT_ACCURATE
    assert fault.reason == "source fault"
    fault.clear()
    assert fault.apply(12.0, DT) == 12.0
    assert fault.quality.is_good


def test_sensor_bad_holds_the_value_with_bad_quality() -> None:
    fault = SensorFault()
    fault.apply(3.0, DT)
    fault.set(SensorFaultKind.BAD, "open circuit")
    assert fault.apply(4.0, DT) == 3.0
    assert fault.quality.is_bad


def test_sensor_drift_grows_with_time_and_bias_offsets() -> None:
    fault = SensorFault()
    fault.set(SensorFaultKind.DRIFT, "drift", amount=0.5)
    for _ in range(20):
        reading = fault.apply(1.0, DT)
    assert reading == pytest.approx(2.0)
    assert fault.quality is Quality.GOOD  # an undetected fault
    fault.set(SensorFaultKind.BIAS, "bias", amount=-0.25)
    assert fault.apply(1.0, DT) == pytest.approx(0.75)
