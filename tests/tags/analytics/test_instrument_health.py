"""Instrument health on synthetic signals and on the analyser-fault upset."""

from __future__ import annotations

import random

import pytest

from tags.address import parse_address
from tags.analytics.config import HealthSettings
from tags.analytics.instrument_health import (
    Check,
    InstrumentHealth,
    Severity,
    checked,
    robust_noise,
)
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.model import DataType, Quality, TagDef, TagSample
from tests.tags.analytics.plant_bench import PlantBench

START = 1_750_000_000.0


def analog(name: str, span: tuple[float, float] = (0.0, 100.0), **fields: object) -> TagDef:
    source = f"sim://memory/{name}"
    return TagDef(
        name, source, parse_address(source), unit="%", area=name.split(".")[0],
        eng_low=span[0], eng_high=span[1], **fields,  # type: ignore[arg-type]
    )  # fmt: skip


class Bench:
    """Tags published once a second on a ManualClock into an InstrumentHealth."""

    def __init__(self, *tags: TagDef, **settings: object) -> None:
        self.clock = ManualClock(START)
        self.db = TagDatabase({t.name: t for t in tags}, self.clock)
        chosen = HealthSettings(**settings)  # type: ignore[arg-type]
        self.health = InstrumentHealth(self.db.tags, chosen, self.clock)
        self.health.attach(self.db)

    def run(self, seconds: int, **signals: object) -> None:
        for i in range(seconds):
            self.clock.advance(1.0)
            now = self.clock.now()
            batch = {}
            for name, make in signals.items():
                value, quality = make(i) if callable(make) else (make, Quality.GOOD)
                batch[name.replace("_", ".")] = TagSample(value, quality, now, now)
            self.db.publish(batch)

    def checks(self) -> dict[tuple[str, Check], Severity]:
        return {(i.tag, i.check): i.severity for i in self.health.evaluate()}


def noisy(mean: float, sigma: float, seed: int = 1):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    return lambda i: (mean + rng.gauss(0, sigma), Quality.GOOD)


def test_only_analog_measurements_are_judged() -> None:
    settings = HealthSettings()
    assert checked(analog("CWP.A.PV"), settings)
    assert not checked(analog("CWP.A.SP", writable=True), settings)
    assert not checked(analog("CWP.KPI.YIELD"), settings)  # excluded: a calculation
    assert not checked(analog("CWP.A.RUN", data_type=DataType.BOOL), settings)


def test_a_reading_that_stops_moving_is_frozen_but_a_constant_one_is_not() -> None:
    bench = Bench(analog("CWP.A.PV"), analog("CWP.B.PV"), frozen_periods=60)
    moving = noisy(50.0, 0.2)
    bench.run(120, CWP_A_PV=moving, CWP_B_PV=42.0)
    assert bench.checks() == {}
    bench.run(59, CWP_A_PV=51.234, CWP_B_PV=42.0)
    assert bench.checks() == {}
    bench.run(2, CWP_A_PV=51.234, CWP_B_PV=42.0)
    (issue,) = bench.health.evaluate()
    assert (issue.tag, issue.check, issue.severity) == ("CWP.A.PV", Check.FROZEN, Severity.WARNING)
    assert issue.since == START + 121 and "51.23 % unchanged for 1 min (60 scans)" in issue.detail
    bench.run(5, CWP_A_PV=moving, CWP_B_PV=42.0)
    assert bench.checks() == {}
    assert [(i.check, cleared is not None) for i, cleared in bench.health.log] == [
        (Check.FROZEN, True)
    ]


def test_range_limits_noise_and_quality_are_each_reported_worst_first() -> None:
    tags = [
        analog("CWP.OVER.PV"), analog("CWP.LOW.PV"), analog("CWP.VALVE.POS", normal_low=0.0,
        normal_high=5.0), analog("CWP.NOISY.PV"), analog("CWP.COMM.PV"), analog("CWP.FLICK.PV"),
    ]  # fmt: skip
    bench = Bench(*tags, frozen_periods=60)

    def comm(i: int) -> tuple[float | None, Quality]:
        return (None, Quality.BAD_COMMUNICATION_ERROR) if i >= 500 else (50.0 + i % 7, Quality.GOOD)

    def flicker(i: int) -> tuple[float, Quality]:
        quality = Quality.UNCERTAIN_LAST_USABLE_VALUE if i % 10 == 0 else Quality.GOOD
        return 30.0 + (i % 5) * 0.1, quality

    bench.run(
        600,
        CWP_OVER_PV=lambda i: (50.0 + i * 0.2, Quality.GOOD),  # passes 100 % at 250 s
        CWP_LOW_PV=lambda i: (0.1 if i > 60 else 20.0 + i % 3, Quality.GOOD),
        CWP_VALVE_POS=0.0,
        CWP_NOISY_PV=noisy(50.0, 4.0),
        CWP_COMM_PV=comm,
        CWP_FLICK_PV=flicker,
    )
    issues = bench.health.evaluate()
    found = [(i.tag, i.check, i.severity) for i in issues]
    assert found == [
        ("CWP.OVER.PV", Check.OUT_OF_RANGE, Severity.FAULT),
        ("CWP.COMM.PV", Check.BAD_QUALITY, Severity.FAULT),
        ("CWP.LOW.PV", Check.STUCK_AT_LIMIT, Severity.WARNING),
        ("CWP.FLICK.PV", Check.BAD_QUALITY, Severity.ADVISORY),
        ("CWP.NOISY.PV", Check.NOISY, Severity.ADVISORY),
    ]
    assert "outside 0..100 %" in issues[0].detail
    assert "BadCommunicationError" in issues[1].detail
    assert "at the range low end" in issues[2].detail
    assert issues[3].detail.startswith("not Good 10 % of the last 10 min")
    assert robust_noise([5.0 + 0.1 * i for i in range(50)]) < 1e-9  # a ramp is not noise


@pytest.mark.slow
def test_the_analyser_fault_is_caught_and_nothing_else_at_steady_state() -> None:
    bench = PlantBench(["emm", "cwp", "sco2"])
    health = InstrumentHealth(bench.tags, HealthSettings(), bench.clock)
    health.attach(bench.db)
    bench.run(300)
    assert health.evaluate() == []  # 305 measurements of the three plants, none suspect
    bench.sim.start_scenario("cwp-analyser-fault")
    started = bench.clock.now()
    bench.run(150)
    issues = health.evaluate()
    found = {(i.tag, i.check): i for i in issues}
    assert {i.tag for i in issues} == {"CWP.CLEAN.ASH"}
    quality = found["CWP.CLEAN.ASH", Check.BAD_QUALITY]
    assert quality.severity is Severity.WARNING and "UncertainSensorNotAccurate" in quality.detail
    assert quality.since - started < 40  # 5 % of the 10 min window
    frozen = found["CWP.CLEAN.ASH", Check.FROZEN]
    assert frozen.since - started <= 1.0  # frozen from the fault on, reported after 120 scans
