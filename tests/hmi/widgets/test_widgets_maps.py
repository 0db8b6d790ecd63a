"""Cell map, pipe, alarm counts and the critical-point chart: deviation, flow, counts and
margin follow the values; quality and alarms change the look; clicks find their target."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from hmi.widgets.alarm_counts import AlarmCounts
from hmi.widgets.cell_map import CellMap, deviation
from hmi.widgets.critical_point import (
    CO2_CRITICAL_P_MPA,
    CO2_CRITICAL_T_C,
    CriticalPointChart,
    saturation_pressure,
)
from hmi.widgets.pipe import Flow, Pipe
from tags.model import Priority, Quality
from tests.screens.widget_bench import Bench

CELLS = [f"TST.CELL.C{i:02d}" for i in range(1, 7)]


@pytest.fixture
def bench() -> Iterator[Bench]:
    b = Bench()
    yield b
    b.close()


def test_cells_are_coloured_only_by_deviation_from_their_normal_band(
    bench: Bench, qtbot: QtBot
) -> None:
    cells = CellMap(bench, [("U", CELLS[:3]), ("U", CELLS[3:])], title="series")
    qtbot.addWidget(cells)
    cells.resize(300, 80)
    cells.show()
    bench.publish(dict(zip(CELLS, [4.35, 4.6, 5.0, 3.8, 3.5, 4.3], strict=True)))
    looks = [cells.cell_look(p) for row in cells.grid for p in row]
    assert looks == ["dev+0", "dev+1", "dev+3", "dev-2", "dev-3", "dev+0"]
    bench.publish({"TST.CELL.C06": 4.3}, Quality.BAD_COMMUNICATION_ERROR)
    bench.publish({"TST.CELL.C01": 4.35}, Quality.UNCERTAIN_SENSOR_NOT_ACCURATE)
    bench.raise_alarm("TST.CELL.C03", Priority.MEDIUM)
    looks = [cells.cell_look(p) for row in cells.grid for p in row]
    assert looks == ["dev+0~", "dev+1", "alarm-3", "dev-2", "dev-3", "bad"]
    cells.grab()


def test_deviation_steps_toward_the_first_alarm_limit_on_each_side(bench: Bench) -> None:
    tag = bench.db.tags["TST.CELL.C01"]  # normal 4.2-4.5, lo 3.6, hi 4.9
    assert [deviation(tag, v) for v in (4.35, 4.55, 4.75, 4.95, 4.1, 3.8, 3.5)] == [
        0, 1, 2, 3, -1, -2, -3,
    ]  # fmt: skip


def test_a_click_on_a_cell_opens_that_cell(bench: Bench, qtbot: QtBot) -> None:
    cells = CellMap(bench, [("U", CELLS[:3]), ("U", CELLS[3:])])
    qtbot.addWidget(cells)
    cells.resize(300, 80)
    cells.show()
    qtbot.mouseClick(cells, Qt.MouseButton.LeftButton, pos=QPoint(298, 78))
    qtbot.mouseClick(cells, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))  # the row labels
    assert bench.faceplates == ["TST.CELL.C06"]
    point = cells.cell_at(298, 78)
    assert point is not None and "TST.CELL.C06" in cells._cell_tooltip(point)


def test_pipe_flow_direction_idle_and_quality(bench: Bench, qtbot: QtBot) -> None:
    pipe = Pipe(bench, [(0, 10), (100, 10), (100, 60)], (110, 70), flow="TST.POS", threshold=1.0)
    qtbot.addWidget(pipe)
    pipe.resize(110, 70)
    pipe.show()
    bench.publish({"TST.POS": 40.0})
    assert pipe.flow is Flow.FLOWING
    bench.publish({"TST.POS": 0.5})
    assert pipe.flow is Flow.IDLE
    bench.publish({"TST.POS": 40.0}, Quality.UNCERTAIN_LAST_USABLE_VALUE, "stale")
    assert pipe.flow is Flow.DOUBTFUL
    bench.publish({"TST.POS": 40.0}, Quality.BAD_NOT_CONNECTED)
    assert pipe.flow is Flow.BAD
    assert not pipe.mask().contains(QPoint(50, 50))  # clicks away from the line pass by
    assert pipe.mask().contains(QPoint(50, 10))
    pipe.grab()


def test_alarm_counts_per_priority_and_unacknowledged(bench: Bench, qtbot: QtBot) -> None:
    counts = AlarmCounts(bench, list(bench.db.tags), screen="tst")
    qtbot.addWidget(counts)
    counts.resize(330, 34)
    counts.show()
    assert sum(counts.counts().values()) == 0
    bench.raise_alarm("TST.LEVEL", Priority.HIGH)
    bench.raise_alarm("TST.T", Priority.LOW, acknowledged=True)
    bench.raise_alarm("TST.CELL.C01", Priority.LOW)
    assert counts.counts()[Priority.HIGH] == 1 and counts.counts()[Priority.LOW] == 2
    assert counts.unacknowledged() == 2
    counts.grab()
    qtbot.mouseClick(counts, Qt.MouseButton.LeftButton)
    assert bench.screens == ["tst"]


def test_critical_point_chart_gives_the_margin_above_the_critical_temperature(
    bench: Bench, qtbot: QtBot
) -> None:
    chart = CriticalPointChart(bench, temperature="TST.T", pressure="TST.P")
    qtbot.addWidget(chart)
    chart.resize(470, 300)
    chart.show()
    bench.publish({"TST.T": 33.0, "TST.P": 7.8})
    assert chart.margin == pytest.approx(33.0 - CO2_CRITICAL_T_C)
    bench.raise_alarm("TST.T", Priority.HIGH)
    chart.grab()
    assert chart.alarm is not None
    bench.publish({"TST.T": 33.0}, Quality.BAD_TIMEOUT)
    assert chart.margin is None
    chart.grab()


def test_the_saturation_line_ends_at_the_critical_point() -> None:
    assert saturation_pressure(CO2_CRITICAL_T_C) == pytest.approx(CO2_CRITICAL_P_MPA)
    assert saturation_pressure(25.0) == pytest.approx(6.434, abs=0.01)


def test_a_forced_cell_and_a_forced_pipe_wear_the_badge(bench: Bench, qtbot: QtBot) -> None:
    cells = CellMap(bench, [("U", CELLS[:3])], title="series")
    qtbot.addWidget(cells)
    cells.resize(300, 60)
    cells.show()
    pipe = Pipe(bench, [(0, 10), (100, 10), (100, 60)], (110, 70), flow="TST.POS", threshold=1.0)
    qtbot.addWidget(pipe)
    pipe.show()
    bench.publish(dict(zip(CELLS[:3], [4.35, 4.35, 4.35], strict=True)))
    bench.publish({"TST.POS": 50.0})
    plain_cells, plain_pipe = cells.grab().toImage(), pipe.grab().toImage()
    forced = "forced by erin until released: transmitter out"
    bench.publish({CELLS[1]: 4.35, "TST.POS": 50.0}, Quality.GOOD_LOCAL_OVERRIDE, forced)
    looks = [cells.cell_look(p) for row in cells.grid for p in row]
    assert looks == ["dev+0", "dev+0 FORCED", "dev+0"]
    assert pipe.override_marker == "FORCED"
    assert cells.grab().toImage() != plain_cells  # the badge is painted
    assert pipe.grab().toImage() != plain_pipe
