"""Screenshots of every process screen (and L4 diagnostics) at 1920x1080, in normal
operation and during one upset per area (rectifier 1 trip on a ground fault, magnetite loss,
cooling-water pump trip), saved to artifacts/screenshots/ for review; the upsets must show
where an operator looks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hmi.canvas.builder import Canvas, layout_of
from hmi.quality_display import DisplayState
from hmi.widgets.alarm_counts import AlarmCounts
from hmi.widgets.analog import AnalogIndicator
from hmi.widgets.cell_map import CellMap
from hmi.widgets.critical_point import CriticalPointChart
from hmi.widgets.pump import MotorState, Pump
from screens import all_screens
from tests.screens.demo_plant import DemoPlant

SIZE = (1920, 1080)
UPSETS = ("emm-rectifier-trip", "cwp-magnetite-loss", "sco2-cw-pump-trip")


def shoot(pages: dict[str, QWidget], when: str, folder: Path) -> None:
    for key, page in pages.items():
        page.show()
        QApplication.processEvents()
        assert page.size().toTuple() == SIZE
        page.grab().save(str(folder / f"screen_{key}_{when}.png"))
        page.hide()


def widgets_of(page: QWidget, kind: type) -> list:  # type: ignore[type-arg]
    assert isinstance(page, Canvas)
    return [w for w in page.widgets() if isinstance(w, kind)]


@pytest.mark.slow
def test_every_screen_in_normal_operation_and_during_an_upset_per_area(
    plant: DemoPlant, qtbot: QtBot, screenshot_dir: Path
) -> None:
    specs = [s for s in all_screens() if layout_of(s) is not None or s.key == "tags"]
    pages = {spec.key: spec.build(plant.context()) for spec in specs}
    for page in pages.values():
        qtbot.addWidget(page)
        page.resize(*SIZE)
    plant.run(1800, step=10)  # half an hour of trend history
    shoot(pages, "normal", screenshot_dir)
    counts = widgets_of(pages["overview"], AlarmCounts)
    assert [sum(c.counts().values()) for c in counts] == [0, 0, 0]

    plant.simulator.start_scenario("cwp-magnetite-loss")
    plant.run(1100, step=5)  # the splitter opens wide about 19 min in
    plant.simulator.start_scenario("emm-rectifier-trip")
    plant.simulator.start_scenario("sco2-cw-pump-trip")
    plant.run(150, step=2)
    shoot(pages, "upset", screenshot_dir)

    assert all(sum(c.counts().values()) > 0 for c in counts)
    series_1, series_2 = widgets_of(pages["emm"], CellMap)
    looks_1 = {series_1.cell_look(p) for p in series_1.grid[0]}
    # every cell of the tripped series far below its band; their alarms may be suppressed
    # by design (rectifier off), so the deviation shading carries it, not an alarm flood
    assert looks_1 and all(look == "dev-3" or look.startswith("alarm-") for look in looks_1)
    assert {series_2.cell_look(p) for p in series_2.grid[0]} == {"dev+0"}
    density = next(
        w for w in widgets_of(pages["cwp"], AnalogIndicator) if w.main_tag == "CWP.SPLITTER.POS"
    )
    assert density.alarm is not None
    chart = widgets_of(pages["sco2"], CriticalPointChart)[0]
    assert chart.margin is not None and chart.margin > 4.0 and chart.alarm is not None
    pumps = {p.main_tag: p for p in widgets_of(pages["sco2"], Pump)}
    assert pumps["SCO2.CW.P2.RUN"].motor_state is MotorState.STOPPED
    assert pumps["SCO2.CW.P2.RUN"].alarm is not None
    assert pumps["SCO2.CW.P2.RUN"].quality_state is DisplayState.NORMAL
