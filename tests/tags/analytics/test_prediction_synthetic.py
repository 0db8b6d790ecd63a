"""Trend fit and predictive warnings on synthetic series: ramps, noise, turns, horizons."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tags.address import parse_address
from tags.analytics.config import PredictionSettings
from tags.analytics.prediction import PredictiveWarning, TrendPredictor, in_about
from tags.analytics.trend_fit import theil_sen
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.model import AlarmDef, AlarmKind, Priority, Quality, TagDef, TagSample
from tests.tags.config.config_projects import PROJECT, make_project, refused, summaries

START = 1_750_000_000.0


def level_tag(name: str = "CWP.CLEAN.ASH", **limits: float) -> TagDef:
    source = f"sim://memory/{name}"
    alarms = tuple(
        AlarmDef(name, AlarmKind(kind), limit, Priority.MEDIUM) for kind, limit in limits.items()
    )
    return TagDef(name, source, parse_address(source), unit="%", area="CWP", alarms=alarms)


def predictor(*tags: TagDef, **settings: float) -> tuple[TrendPredictor, ManualClock]:
    clock = ManualClock(START)
    chosen = PredictionSettings(**settings)  # type: ignore[arg-type]
    return TrendPredictor({t.name: t for t in tags}, chosen, clock), clock


def feed(
    p: TrendPredictor, clock: ManualClock, values: list[float], step: float = 10.0
) -> list[list[PredictiveWarning]]:
    """One value per step through add/evaluate; the warnings after each step."""
    seen = []
    for value in values:
        clock.advance(step)
        p.add("CWP.CLEAN.ASH", clock.now(), value)
        seen.append(p.evaluate(clock.now()))
    return seen


def test_theil_sen_finds_the_slope_of_a_noisy_ramp_despite_spikes() -> None:
    rng = random.Random(3)
    times = [10.0 * i for i in range(90)]
    values = [5.0 + 0.002 * t + rng.gauss(0, 0.05) for t in times]
    for i in range(0, 90, 11):  # one point in eleven is a spike
        values[i] += 5.0
    fit = theil_sen(times, values)
    assert fit is not None
    assert fit.slope == pytest.approx(0.002, rel=0.05)
    assert fit.value_at(times[-1]) == pytest.approx(5.0 + 0.002 * 890, abs=0.05)
    assert fit.confidence > 0.7
    assert fit.noise == pytest.approx(0.05, rel=0.4)
    assert theil_sen([1.0, 2.0], [1.0, 2.0]) is None


def test_a_ramp_warns_with_the_time_left_to_its_limit() -> None:
    rng = random.Random(1)
    p, clock = predictor(level_tag(hi=10.5, hihi=11.0))
    # 9.5 % rising 0.1 point per minute with 0.04 analyser noise: 10.5 after 10 minutes
    values = [9.5 + 0.1 * (i * 10) / 60 + rng.gauss(0, 0.04) for i in range(1, 55)]
    seen = feed(p, clock, values)
    first = next(i for i, w in enumerate(seen) if w)
    warning = seen[first][0]
    assert warning.alarm == "CWP.CLEAN.ASH.HI" and warning.limit == 10.5
    truth = 600.0 - (first + 1) * 10.0  # seconds the ramp still needs
    assert warning.seconds == pytest.approx(truth, rel=0.3)  # a first, short-window guess
    halfway = seen[29][0]  # after five minutes of ramp: 300 s left
    assert halfway.seconds == pytest.approx(300.0, rel=0.1)
    assert halfway.rate_per_minute == pytest.approx(0.1, rel=0.1)
    assert warning.text == f"CWP.CLEAN.ASH reaches 10.5 % {in_about(warning.seconds)}"
    assert 3 <= first <= 15  # within a few minutes of the ramp's start, well before 10.5
    last = seen[-1][0]  # at 9 minutes of ramp the value is near 10.4: about a minute left
    assert last.alarm == "CWP.CLEAN.ASH.HI" and last.seconds < 120
    assert last.since == warning.since


def test_beyond_the_first_limit_the_warning_moves_to_the_next() -> None:
    p, clock = predictor(level_tag(hi=10.5, hihi=11.0))
    seen = feed(p, clock, [10.6 + 0.001 * 10 * i for i in range(30)])
    assert seen[-1][0].alarm == "CWP.CLEAN.ASH.HIHI" and seen[-1][0].limit == 11.0


def test_a_falling_value_warns_of_its_low_limit() -> None:
    tag = level_tag("EMM.KPI.CE", lo=58.0, hi=75.0)
    clock = ManualClock(START)
    p = TrendPredictor({tag.name: tag}, PredictionSettings(), clock)
    for i in range(60):
        clock.advance(10.0)
        p.add(tag.name, clock.now(), 60.0 - 0.001 * 10 * i)
    (warning,) = p.evaluate(clock.now())
    assert (warning.kind, warning.limit) == (AlarmKind.LO, 58.0)
    assert warning.rate_per_minute == pytest.approx(-0.06)
    assert warning.seconds == pytest.approx((60.0 - 0.01 * 59 - 58.0) / 0.001, rel=0.01)
    assert warning.text.startswith("EMM.KPI.CE reaches 58 % in about ")


@pytest.mark.slow
def test_steady_noise_never_warns_even_near_a_limit() -> None:
    rng = random.Random(7)
    p, clock = predictor(level_tag(hi=10.5))
    seen = feed(p, clock, [10.2 + rng.gauss(0, 0.06) for _ in range(1500)])  # 4 h
    assert not any(seen)
    for seed in range(3):  # wandering around a steady mean (AR(1), 0.7): no trend either
        rng = random.Random(seed)
        walk, value = [], 10.0
        for _ in range(1000):
            value += 0.3 * (10.0 - value) + rng.gauss(0, 0.03)
            walk.append(value)
        assert not any(feed(p, clock, walk))


def test_a_warning_clears_itself_when_the_trend_turns() -> None:
    p, clock = predictor(level_tag(hi=10.5))
    changes: list[list[PredictiveWarning]] = []
    p.subscribe(changes.append)
    rising = [9.5 + 0.002 * 10 * i for i in range(40)]  # 0.12 %/min toward 10.5
    assert feed(p, clock, rising)[-1]
    falling = [rising[-1] - 0.002 * 10 * i for i in range(1, 60)]
    seen = feed(p, clock, falling)
    cleared = next(i for i, w in enumerate(seen) if not w)
    assert cleared * 10.0 < 5 * 60  # within five minutes of turning
    assert not any(seen[cleared:])
    assert changes[-1] == []


def test_a_limit_beyond_the_horizon_gives_no_warning() -> None:
    p, clock = predictor(level_tag(hi=10.5), horizon_minutes=30.0)
    slow = [9.0 + 0.0005 * 10 * i for i in range(90)]  # 0.03 %/min: 10.5 in over 45 min
    assert not any(feed(p, clock, slow))


def test_live_batches_are_sampled_and_bad_values_left_out() -> None:
    tag = level_tag(hi=10.5)
    clock = ManualClock(START)
    db = TagDatabase({tag.name: tag}, clock)
    p = TrendPredictor(db.tags, PredictionSettings(sample_seconds=10.0), clock)
    p.attach(db)
    for i in range(600):  # a batch a second: 60 points in ten minutes
        clock.advance(1.0)
        bad = 200 <= i < 260
        quality = Quality.BAD_NO_COMMUNICATION if bad else Quality.GOOD
        value = None if bad else 9.5 + 0.0015 * i
        db.publish({tag.name: TagSample(value, quality, clock.now(), clock.now())})
    warning = p.warning_for(tag.name)
    assert warning is not None
    assert warning.seconds == pytest.approx((10.5 - 9.5 - 0.0015 * 599) / 0.0015, abs=15)
    p.detach()
    assert p.names == [tag.name]


def test_a_project_chooses_which_tags_are_predicted(tmp_path: Path) -> None:
    ash, density = level_tag("CWP.CLEAN.ASH", hi=10.5), level_tag("CWP.DMC.DENS.PV", lo=1.3)
    tags = {t.name: t for t in (ash, density)}
    clock = ManualClock()
    chosen = PredictionSettings(tags=("CWP.*",), exclude=("CWP.DMC.*",))
    assert TrendPredictor(tags, chosen, clock).names == ["CWP.CLEAN.ASH"]
    assert TrendPredictor(tags, PredictionSettings(), clock).names == list(tags)
    text = PROJECT + '\n[plant_analytics.prediction]\ntags = ["TST.*", "XX.*"]\nexclude = ["YY"]\n'
    found = summaries(refused(make_project(tmp_path, project=text)))
    assert [line.split(": ", 1)[1] for line in found] == [
        "plant_analytics.prediction.tags: no tag matches XX.*",
        "plant_analytics.prediction.exclude: no tag matches YY",
    ]
