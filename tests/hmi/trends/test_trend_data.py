"""The numbers behind trend pens: held steps, breaks at Bad, the cursor value, the min/max
pyramid, pen scales and pen sets (no display needed)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from hmi.trends.data import LiveTail, PeakPyramid, steps, value_at
from hmi.trends.pens import MAX_PENS, PenError, PenList, PenSet, PenSetStore, default_scale
from tags.address import parse_address
from tags.model import AlarmDef, AlarmKind, DataType, Priority, Quality, TagDef, TagSample


def tag(name: str, data_type: DataType = DataType.FLOAT, **fields: object) -> TagDef:
    source = f"sim://memory/{name}"
    return TagDef(name, source, parse_address(source), data_type, **fields)  # type: ignore[arg-type]


def test_steps_hold_each_value_until_the_next_point_and_break_at_nan() -> None:
    xs = np.array([0.0, 10.0, 20.0, 30.0])
    ys = np.array([1.0, 2.0, math.nan, 4.0])
    x, y = steps(xs, ys, hold_until=40.0)
    assert x.tolist() == [0, 10, 10, 20, 20, 30, 30, 40]
    assert y[:4].tolist() == [1, 1, 2, 2]
    assert math.isnan(y[4]) and math.isnan(y[5])  # Bad from 20 until the next point
    assert y[6:].tolist() == [4, 4]  # held to the live edge


def test_the_value_at_a_time_is_the_one_held_there() -> None:
    xs = np.array([0.0, 10.0, 20.0])
    ys = np.array([1.0, math.nan, 3.0])
    assert value_at(xs, ys, -1.0) is None
    assert value_at(xs, ys, 5.0) == 1.0
    assert math.isnan(value_at(xs, ys, 15.0) or 0.0)
    assert value_at(xs, ys, 25.0) == 3.0


def test_the_pyramid_draws_two_points_a_pixel_and_keeps_every_peak_and_gap() -> None:
    n = 1_000_000
    xs = np.arange(n, dtype=np.float64)
    ys = np.zeros(n)
    ys[123_457] = 9.0  # a one-sample spike
    ys[700_001] = math.nan  # a one-sample Bad period
    pyramid = PeakPyramid(xs, ys)
    x, y = pyramid.view(0.0, n - 1.0, 1000)
    assert 1000 <= len(x) <= 4200
    assert np.nanmax(y) == 9.0
    assert np.isnan(y).any()
    zoomed_x, zoomed_y = pyramid.view(123_400.0, 123_500.0, 1000)  # few points: drawn as they are
    assert len(zoomed_x) == 103 and zoomed_y.max() == 9.0


def test_the_live_tail_keeps_samples_after_the_history_and_nan_for_bad() -> None:
    tail = LiveTail()
    tail.add(TagSample(1.0, Quality.GOOD, 10.0, 10.0))
    tail.add(TagSample(2.0, Quality.BAD_NOT_CONNECTED, 11.0, 11.0))
    tail.add(TagSample(3.0, Quality.GOOD, 12.0, 12.0))
    xs, ys = tail.after(10.0)
    assert xs.tolist() == [11.0, 12.0] and math.isnan(ys[0]) and ys[1] == 3.0
    tail.drop_before(12.0)
    assert len(tail) == 1


def test_pens_have_their_own_colour_and_scale_and_at_most_eight_fit() -> None:
    pens = PenList()
    for i in range(MAX_PENS):
        pens.add(tag(f"P{i}", eng_low=0.0, eng_high=10.0 * (i + 1)))
    assert len({p.color for p in pens.pens}) == MAX_PENS
    assert [p.high for p in pens.pens][:3] == [10.0, 20.0, 30.0]
    with pytest.raises(PenError, match="at most 8"):
        pens.add(tag("P9"))
    freed = pens.remove("P3").color
    assert pens.add(tag("P9")).color == freed
    with pytest.raises(PenError, match="already"):
        pens.add(tag("P9"))
    with pytest.raises(PenError, match="text"):
        PenList().add(tag("S", DataType.STRING))


def test_a_scale_comes_from_the_range_else_the_limits_else_the_data() -> None:
    assert default_scale(tag("A", eng_low=1.2, eng_high=1.9)) == (1.2, 1.9)
    hi = AlarmDef("B", AlarmKind.HI, 80.0, Priority.HIGH)
    lo = AlarmDef("B", AlarmKind.LO, 20.0, Priority.HIGH)
    assert default_scale(tag("B", alarms=(hi, lo))) == pytest.approx((8.0, 92.0))
    assert default_scale(tag("C")) is None
    assert default_scale(tag("D", DataType.BOOL)) == (-0.25, 1.25)
    pen = PenList().add(tag("C"))
    assert pen.auto_scale
    with pytest.raises(PenError, match="above the bottom"):
        pen.set_scale(5.0, 5.0)


def test_pen_sets_are_kept_by_name_in_one_json_file(tmp_path: Path) -> None:
    store = PenSetStore.in_folder(tmp_path)
    pens = PenList()
    pens.add(tag("A", eng_low=0.0, eng_high=5.0))
    store.save(PenSet.of("Shift view", pens, 3600.0))
    store.save(PenSet("other", (("B", 1.0, 2.0),), 600.0))
    assert store.names() == ["other", "Shift view"]
    loaded = PenSetStore(tmp_path / "trend_pen_sets.json").load("Shift view")
    assert loaded == PenSet("Shift view", (("A", 0.0, 5.0),), 3600.0)
    store.delete("other")
    assert store.names() == ["Shift view"]
    with pytest.raises(PenError, match="no pen set"):
        store.load("other")
    (tmp_path / "trend_pen_sets.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(PenError, match="cannot be read"):
        store.names()
