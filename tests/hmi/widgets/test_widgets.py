"""Process widgets: quality and alarm state change what they show, the same way everywhere;
clicks open the faceplate; unknown tags show a configuration marker; watches end with them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hmi.alarms.watch import watched_count
from hmi.quality_display import DisplayState
from hmi.widgets.analog import AnalogIndicator
from hmi.widgets.context import StandaloneContext
from hmi.widgets.controller import ControllerBlock
from hmi.widgets.kpi_tile import KpiTile
from hmi.widgets.link import ScreenLink
from hmi.widgets.paint import MARKER_SHAPES
from hmi.widgets.pump import Pump
from hmi.widgets.sparkline import Sparkline
from hmi.widgets.tank import Tank
from hmi.widgets.value_readout import ValueReadout
from hmi.widgets.valve import Valve
from tags.model import Priority, Quality, TagSample
from tests.screens.widget_bench import Bench
from tests.waiting import GENEROUS_MS


@pytest.fixture
def bench() -> Iterator[Bench]:
    b = Bench()
    yield b
    b.close()


def show(qtbot: QtBot, widget: QWidget, w: int = 260, h: int = 50) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(w, h)
    widget.show()
    widget.grab()  # paint once: no state may break painting
    return widget


def test_every_priority_has_its_own_marker_shape() -> None:
    assert set(MARKER_SHAPES) == set(Priority)
    assert len(set(MARKER_SHAPES.values())) == len(Priority)


def test_analog_indicator_shows_band_limits_setpoint_and_pointer(
    bench: Bench, qtbot: QtBot
) -> None:
    widget = AnalogIndicator(bench, "TST.DENS", label="Density")
    show(qtbot, widget)
    bench.publish({"TST.DENS": 1.431, "TST.DENS_SP": 1.430})
    view = widget.scale_view()
    assert widget.points["sp"].name == "TST.DENS_SP"  # from the deviation alarms
    assert view.band == (1.40, 1.46)
    assert view.value == pytest.approx(1.431) and view.setpoint == pytest.approx(1.430)
    assert sorted(round(lim.value, 3) for lim in view.limits) == [1.41, 1.45]
    assert view.lo <= 1.39 and view.hi >= 1.47  # the span holds band and limits
    assert widget.value_text() == "1.431 g/cm³"
    assert widget.quality_state is DisplayState.NORMAL and not view.greyed


def test_analog_indicator_bad_value_has_no_pointer_and_says_why(bench: Bench, qtbot: QtBot) -> None:
    widget = AnalogIndicator(bench, "TST.LEVEL", label="Level")
    show(qtbot, widget)
    bench.publish({"TST.LEVEL": 55.0})
    bench.publish({"TST.LEVEL": 55.0}, Quality.BAD_NOT_CONNECTED, "plc-1: connection refused")
    widget.grab()
    assert widget.quality_state is DisplayState.BAD
    assert widget.scale_view().value is None
    assert widget.value_text() == "COMM"
    assert "connection refused" in widget.tooltip_text()
    bench.publish({"TST.LEVEL": 56.0}, Quality.UNCERTAIN_LAST_USABLE_VALUE, "stale: no update")
    assert widget.quality_state is DisplayState.STALE
    assert widget.scale_view().greyed and widget.scale_view().value == 56.0
    assert "(0 s)" in widget.value_text()


def test_alarm_state_reaches_the_widget_as_priority_and_acknowledgement(
    bench: Bench, qtbot: QtBot
) -> None:
    widget = AnalogIndicator(bench, "TST.LEVEL", label="Level")
    show(qtbot, widget)
    bench.publish({"TST.LEVEL": 15.0})
    assert widget.alarm is None
    bench.raise_alarm("TST.LEVEL", Priority.LOW)
    assert widget.alarm is not None
    assert (widget.alarm.priority, widget.alarm.unacknowledged) == (Priority.LOW, True)
    assert "priority 4, unacknowledged" in widget.tooltip_text()
    widget.grab()
    bench.raise_alarm("TST.LEVEL", Priority.HIGH, acknowledged=True)
    assert widget.alarm.priority is Priority.HIGH and not widget.alarm.unacknowledged
    bench.clear("TST.LEVEL")
    assert widget.alarm is None


def test_pump_running_stopped_tripped_and_manual(bench: Bench, qtbot: QtBot) -> None:
    pump = Pump(bench, "TST.RUN", cmd="TST.CMD", trip="TST.TRIP", mode="TST.MODE", label="P1")
    show(qtbot, pump, 70, 80)
    bench.publish({"TST.RUN": True, "TST.CMD": True, "TST.TRIP": False, "TST.MODE": 1})
    assert pump.state_text == "RUN"
    bench.publish({"TST.RUN": False, "TST.CMD": False})
    assert pump.state_text == "STOP"
    bench.publish({"TST.CMD": True})  # commanded on, not running: failed to start
    assert pump.state_text == "TRIP"
    bench.publish({"TST.CMD": False, "TST.TRIP": True})
    assert pump.state_text == "TRIP"
    bench.publish({"TST.TRIP": False, "TST.RUN": True, "TST.MODE": 0})
    assert pump.state_text == "RUN MAN"
    bench.publish({"TST.RUN": True}, Quality.BAD_TIMEOUT, "plc: timeout")
    assert pump.state_text == "TIMEOUT" and pump.quality_state is DisplayState.BAD
    pump.grab()


def test_valve_open_closed_and_unknown(bench: Bench, qtbot: QtBot) -> None:
    valve = Valve(bench, "TST.POS", mode="TST.MODE", label="FV-1")
    show(qtbot, valve, 70, 74)
    bench.publish({"TST.POS": 0.0, "TST.MODE": 1})
    assert valve.is_open is False and not valve.manual
    bench.publish({"TST.POS": 35.0, "TST.MODE": 0})
    assert valve.is_open is True and valve.manual
    bench.publish({"TST.POS": 35.0}, Quality.BAD_DEVICE_FAILURE)
    assert valve.is_open is None and valve.quality_state is DisplayState.BAD
    valve.grab()


def test_tank_fill_follows_the_level_and_disappears_when_bad(bench: Bench, qtbot: QtBot) -> None:
    tank = Tank(bench, "TST.LEVEL", setpoint="TST.LEVEL_SP", label="Sump", cone=True)
    show(qtbot, tank, 160, 220)
    bench.publish({"TST.LEVEL": 62.5, "TST.LEVEL_SP": 60.0})
    assert tank.fill_fraction() == pytest.approx(0.625)
    bench.publish({"TST.LEVEL": 62.5}, Quality.BAD_SENSOR_FAILURE)
    assert tank.fill_fraction() is None
    tank.grab()


def test_controller_block_shows_mode_and_opens_the_loop_faceplate(
    bench: Bench, qtbot: QtBot
) -> None:
    block = ControllerBlock(
        bench, pv="TST.LEVEL", sp="TST.LEVEL_SP", op="TST.OP", mode="TST.MODE", label="LIC-1"
    )
    show(qtbot, block, 210, 104)
    bench.publish({"TST.LEVEL": 50.0, "TST.LEVEL_SP": 50.0, "TST.OP": 20.0, "TST.MODE": 1})
    assert block.mode_text == "AUTO"
    bench.publish({"TST.MODE": 0})
    assert block.mode_text == "MAN"
    block.grab()
    qtbot.mouseClick(block, Qt.MouseButton.LeftButton)
    assert bench.faceplates == ["TST.LEVEL"]


def test_sparkline_keeps_recent_history_with_gaps_for_bad_values(
    bench: Bench, qtbot: QtBot
) -> None:
    line = Sparkline(bench, "TST.LEVEL", minutes=2.0)
    show(qtbot, line, 200, 40)
    for i in range(30):
        bench.clock.advance(5.0)
        quality = Quality.BAD_TIMEOUT if i == 20 else Quality.GOOD
        bench.publish({"TST.LEVEL": 50.0 + i}, quality)
    values = [v for _, v in line.history]
    assert None in values  # the gap
    times = [t for t, _ in line.history]
    assert times[-1] - times[0] <= 120.0  # only the window is kept
    assert len(times) < 30
    assert values[-1] == 79.0
    line.grab()


def test_kpi_tile_against_target_limit_and_reference(bench: Bench, qtbot: QtBot) -> None:
    tile = KpiTile(bench, "TST.LEVEL", label="Level", limit="hi")
    show(qtbot, tile, 250, 130)
    bench.publish({"TST.LEVEL": 70.0})
    assert tile.target_text() == "limit 80.0 %   margin 10.0"
    margin = KpiTile(
        bench, "TST.T", label="Above critical", reference=31.0, unit="K", reference_label="x"
    )
    show(qtbot, margin, 250, 130)
    bench.publish({"TST.T": 33.25})
    assert margin.value == pytest.approx(2.25) and margin.value_text() == "2.25"
    assert margin.target_text().startswith("target 1.50–3.00 K")
    read_at = bench.clock.now()
    bench.clock.advance(30.0)
    stale = TagSample(33.25, Quality.UNCERTAIN_LAST_USABLE_VALUE, read_at, bench.clock.now(),
                      "stale: no update")  # fmt: skip
    bench.db.publish({"TST.T": stale})
    bench.bridge.flush()
    assert margin.value_text() == "2.25" and margin.quality_state is DisplayState.STALE
    assert margin.target_text().startswith("STALE 30 s")


def test_value_readout_on_a_screen_shows_alarm_and_opens_the_faceplate(
    bench: Bench, qtbot: QtBot
) -> None:
    readout = ValueReadout(bench, "TST.LEVEL", label="Level")
    show(qtbot, readout, 220, 24)
    readout.set_pixel_size(15)
    bench.publish({"TST.LEVEL": 12.0})
    bench.raise_alarm("TST.LEVEL", Priority.MEDIUM)
    assert readout.alarm is not None and readout.alarm.priority is Priority.MEDIUM
    readout.grab()
    qtbot.mouseClick(readout, Qt.MouseButton.LeftButton)
    assert bench.faceplates == ["TST.LEVEL"]


@pytest.mark.parametrize(
    "make",
    [
        lambda b: AnalogIndicator(b, "TST.NOPE"),
        lambda b: Pump(b, "TST.NOPE"),
        lambda b: Valve(b, "TST.NOPE"),
        lambda b: Tank(b, "TST.NOPE"),
        lambda b: ControllerBlock(b, pv="TST.NOPE"),
        lambda b: Sparkline(b, "TST.NOPE"),
        lambda b: KpiTile(b, "TST.NOPE", label="x"),
    ],
)
@pytest.mark.slow
def test_a_widget_bound_to_an_unknown_tag_shows_a_configuration_marker(
    bench: Bench, qtbot: QtBot, make: object
) -> None:
    widget = make(bench)  # type: ignore[operator]
    show(qtbot, widget)
    assert widget.config_error == "unknown tag 'TST.NOPE'"
    assert widget.property("state") == "config"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    assert bench.faceplates == []


def test_watches_end_with_the_widget(bench: Bench, qtbot: QtBot) -> None:
    widgets = [
        AnalogIndicator(bench, "TST.LEVEL"),
        Pump(bench, "TST.RUN", cmd="TST.CMD"),
        Sparkline(bench, "TST.T"),
    ]
    assert bench.bridge.watch_count() == 5 and watched_count(bench.alarms) == 4
    for widget in widgets:
        widget.deleteLater()
    qtbot.waitUntil(lambda: bench.bridge.watch_count() == 0, timeout=GENEROUS_MS)
    assert watched_count(bench.alarms) == 0


def test_outside_a_screen_a_widget_shows_only_what_its_context_offers(
    bench: Bench, qtbot: QtBot
) -> None:
    context = StandaloneContext(bench.bridge)  # no alarm state, no navigation
    tank = show(qtbot, Tank(context, "TST.LEVEL"), 80, 120)
    link = show(qtbot, ScreenLink(context, "Area", "tst"))
    bench.publish({"TST.LEVEL": 5.0})
    bench.raise_alarm("TST.LEVEL", Priority.HIGH)
    assert tank.alarm is None and watched_count(bench.alarms) == 0
    assert tank.cursor().shape() is not Qt.CursorShape.PointingHandCursor
    qtbot.mouseClick(tank, Qt.MouseButton.LeftButton)
    assert bench.faceplates == [] and not link.isEnabled()
