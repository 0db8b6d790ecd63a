"""Every screen opens on the demo project, binds to known tags, scales with the window,
navigates (faceplates, other displays) and lets go of its watches when closed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hmi.alarms.watch import watched_count
from hmi.canvas.builder import Canvas
from hmi.canvas.elements import analog, cell_map, controller, layout, pump, sparkline, value
from hmi.diagnostics.scenario_list import ScenarioList
from hmi.quality_display import DisplayState
from hmi.widgets.alarm_counts import AlarmCounts
from hmi.widgets.base import BoundWidget
from hmi.widgets.value_readout import ValueReadout
from screens import all_screens
from tests.screens.demo_plant import DemoPlant
from tests.waiting import GENEROUS_MS

SPECS = {s.key: s for s in all_screens()}


def shown_states(canvas: Canvas) -> dict[str, DisplayState]:
    """How each bound widget of a screen shows its tags (keyed by its main tag)."""
    states: dict[str, DisplayState] = {}
    for widget in canvas.widgets():
        if isinstance(widget, BoundWidget):
            states[widget.main_tag] = widget.quality_state
        elif isinstance(widget, ValueReadout):
            states[widget.tag_name] = widget.shown.state
    return states


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(SPECS))
def test_every_screen_opens_and_shows_live_values(key: str, plant: DemoPlant, qtbot: QtBot) -> None:
    page = SPECS[key].build(plant.context())
    qtbot.addWidget(page)
    page.resize(1600, 860)
    page.show()
    plant.run(10)
    if isinstance(page, Canvas):
        assert [w.config_error for w in page.widgets() if isinstance(w, BoundWidget)
                if w.config_error] == []  # fmt: skip
        not_normal = {t: s for t, s in shown_states(page).items() if s is not DisplayState.NORMAL}
        assert not_normal == {}
    elif key == "tags":
        assert page.findChild(ScenarioList) is not None
    page.grab()  # paints every widget once


def test_a_screen_bound_to_unknown_tags_shows_configuration_markers(
    plant: DemoPlant, qtbot: QtBot
) -> None:
    broken = layout(
        analog(10, 10, "EMM.NOPE.PV", label="missing"),
        value(10, 60, "EMM.NOPE.VALUE", label="missing"),
        controller(10, 90, "EMM.NOPE"),
        pump(300, 10, "EMM.NOPE.RUN"),
        sparkline(300, 100, 200, 40, "EMM.NOPE.PV"),
        cell_map(10, 200, 600, 60, [("U", ["EMM.CELL.S01.C01.U", "EMM.NOPE.CELL"])]),
    )
    canvas = Canvas(plant.context(), broken)
    qtbot.addWidget(canvas)
    canvas.resize(800, 430)
    canvas.show()
    plant.run(5)
    canvas.grab()
    bound = [w for w in canvas.widgets() if isinstance(w, BoundWidget)]
    assert all("unknown tag" in w.config_error for w in bound)
    assert all(w.property("state") == "config" for w in bound)
    assert "configuration error" in bound[0].tooltip_text()
    readout = next(w for w in canvas.widgets() if isinstance(w, ValueReadout))
    assert readout.shown.text == "CFG?"
    cells = bound[-1]
    assert cells.cell_look(cells.grid[0][0]) == "dev+0"  # type: ignore[attr-defined]
    assert cells.cell_look(cells.grid[0][1]) == "config"  # type: ignore[attr-defined]


def test_the_canvas_scales_its_widgets_with_the_window(plant: DemoPlant, qtbot: QtBot) -> None:
    canvas = SPECS["emm"].build(plant.context())
    assert isinstance(canvas, Canvas)
    qtbot.addWidget(canvas)
    canvas.resize(1600, 860)
    canvas.show()
    element, widget = next((e, w) for e, w in canvas.placed if e.kind == "cell_map")
    assert (widget.x(), widget.width()) == (round(element.x), round(element.w))
    canvas.resize(1920, 1080)
    qtbot.waitUntil(lambda: abs(canvas.scale - 1.2) < 1e-9)
    assert abs(widget.width() - element.w * 1.2) <= 1
    assert isinstance(widget, BoundWidget) and widget.px == round(13 * 1.2)
    canvas.resize(800, 430)
    qtbot.waitUntil(lambda: abs(canvas.scale - 0.5) < 1e-9)
    assert abs(widget.width() - element.w * 0.5) <= 1


def test_clicks_open_faceplates_and_displays(plant: DemoPlant, qtbot: QtBot) -> None:
    overview = SPECS["overview"].build(plant.context())
    emm = SPECS["emm"].build(plant.context())
    for page in (overview, emm):
        qtbot.addWidget(page)
        page.resize(1600, 860)
        page.show()
    counts = overview.findChildren(AlarmCounts)
    qtbot.mouseClick(counts[1], Qt.MouseButton.LeftButton)
    assert plant.navigation.screens == ["cwp"]
    assert isinstance(emm, Canvas)
    for element, widget in emm.placed:
        if element.kind in ("analog", "controller", "value", "pump") and element.tags:
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    shown = {t for e, _ in emm.placed if e.kind != "cell_map" for t in e.tags.values()}
    assert set(plant.navigation.faceplates) <= shown
    assert "EMM.FEED.FLOW.PV" in plant.navigation.faceplates  # the controller's faceplate
    cells = [w for e, w in emm.placed if e.kind == "cell_map"][-1]  # series 2
    qtbot.mouseClick(
        cells, Qt.MouseButton.LeftButton, pos=QPoint(cells.width() - 3, cells.height() - 3)
    )
    assert plant.navigation.faceplates[-1] == "EMM.CELL.S02.C60.T"


def test_closing_a_screen_ends_all_its_watches(plant: DemoPlant, qtbot: QtBot) -> None:
    before = plant.bridge.watch_count()
    pages: list[QWidget] = [SPECS[k].build(plant.context()) for k in ("overview", "emm", "sco2")]
    assert plant.bridge.watch_count() > before + 300
    assert watched_count(plant.alarms) > 300
    for page in pages:
        page.deleteLater()
    qtbot.waitUntil(lambda: plant.bridge.watch_count() == before, timeout=GENEROUS_MS)
    assert watched_count(plant.alarms) == 0


def test_an_alarm_leads_to_its_widget_or_its_cell(plant: DemoPlant, qtbot: QtBot) -> None:
    canvas = SPECS["emm"].build(plant.context())
    assert isinstance(canvas, Canvas)
    qtbot.addWidget(canvas)
    canvas.resize(1600, 860)
    canvas.show()
    frame = canvas.highlight("EMM.RECT1.TRIP")
    readout = next(w for e, w in canvas.placed if e.tags.get("pv") == "EMM.RECT1.TRIP")
    assert frame is not None and frame.geometry().contains(readout.geometry())
    frame = canvas.highlight("EMM.CELL.S02.C60.T")
    cells = [w for e, w in canvas.placed if e.kind == "cell_map"][-1]
    assert frame is not None and frame.width() < 40  # one cell, not the whole map
    assert cells.geometry().contains(frame.geometry().center())
    assert canvas.highlight("SCO2.TURB.TRIP") is None
