"""The plant health display (F11) groups instrument issues per unit, as the shift report does:
sixty dead cells of a running series are one line; a tripped series is equipment that is off,
not sixty failed instruments. A screenshot during a rectifier trip on the simulated plant."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.analytics.plant_health_view import PlantHealthView
from tags.model import Quality, TagSample
from tags.simulation.opcua_namespace import served_source
from tags.simulation.simulator import PlantSimulator
from tests.hmi.analytics.analytics_bench import PLANT, Bench, analytics_console

CELLS = [f"EMM.CELL.S01.C{c:02d}.U" for c in range(1, 61)]


def health_view(bench: Bench) -> PlantHealthView:
    view = bench.window.open_screen("plant_health")
    assert isinstance(view, PlantHealthView)
    return view


@pytest.mark.slow
def test_sixty_dead_cells_of_a_running_series_are_one_line(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        view = health_view(bench)
        bench.window.show()
        dead = {name: -0.5 for name in CELLS}  # below their 0 V range end, current flowing
        bench.run(300.0, lambda n: {**cooling(n), **dead})
        bench.wait(lambda: view.health.rows() == [("Fault", "EMM.CELL.S01.C*.U", "out of range")])
        bench.wait(lambda: len(view.warnings.texts()) == 1)
        bench.window.grab().save(str(screenshot_dir / "screen_plant_health_per_unit.png"))
        table = view.health.table
        assert table.rowCount() == 1
        assert table.item(0, 1).text() == "EMM.CELL.S01.C*.U (60)"  # type: ignore[union-attr]
        tip = table.item(0, 1).toolTip()  # type: ignore[union-attr]
        assert tip.startswith("60 instruments: EMM.CELL.S01.C01.U, EMM.CELL.S01.C02.U")
        assert tip.endswith("and 40 more")
        assert view.health.count.text().startswith("60 issues on 60 of ")
        assert view.health.count.text().endswith(", shown as 1 line per unit")
        table.cellDoubleClicked.emit(0, 1)
        assert CELLS[0] in bench.window.faceplates
        # the series trips: its cells are off, not failed instruments
        bench.run(60.0, {**PLANT, "EMM.RECT1.IDC": 0.0, "EMM.RECT1.TRIP": 1.0, **dead})
        bench.wait(lambda: view.health.rows() == [])


def cooling(n: int, tripped: bool = False) -> dict[str, float]:
    """Sixty cells of series 1 from 38 °C down 0.2 K a minute (a step of 10 s)."""
    temperature = 38.0 - 0.2 * (n + 1) / 6.0
    state = {"EMM.RECT1.IDC": 0.0, "EMM.RECT1.TRIP": 1.0} if tripped else {"EMM.RECT1.TRIP": 0.0}
    return {**PLANT, **state, **{f"EMM.CELL.S01.C{c:02d}.T": temperature for c in range(1, 61)}}


@pytest.mark.slow
def test_sixty_cells_cooling_toward_a_limit_are_one_warning_and_none_when_the_series_is_off(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        view = health_view(bench)
        bench.run(300.0, cooling)  # 37 °C after 5 min: 34 °C in about 15 min
        expected = "EMM.CELL.S01.C*.T: 60 instruments reach 34 °C in about 15 min"
        bench.wait(lambda: view.warnings.texts() == [expected])
        table = view.warnings.table
        assert table.rowCount() == 1
        tip = table.item(0, 0).toolTip()  # type: ignore[union-attr]
        assert tip.count("\n") == 20 and tip.endswith("... and 40 more")
        table.cellDoubleClicked.emit(0, 0)
        assert any(name.startswith("EMM.CELL.S01.C") for name in bench.window.faceplates)
        # the series trips: cooling cells are off, their low alarm will not come
        bench.run(60.0, lambda n: cooling(n + 30, tripped=True))
        bench.wait(lambda: view.warnings.texts() == [])


def simulated(bench: Bench, sim: PlantSimulator) -> dict[str, str]:
    """The demo tags the cell-house model serves: tag -> point."""
    return {
        tag.name: tag.name.partition(".")[2]
        for tag in bench.runtime.project.tags.values()
        if tag.name.startswith("EMM.") and tag.source == served_source("emm", tag.name[4:])
    }


def run_plant(bench: Bench, sim: PlantSimulator, points: dict[str, str], seconds: int) -> None:
    step = 5.0
    for _ in range(int(seconds / step)):
        sim.advance(step)
        bench.clock.advance(step)
        now = bench.clock.now()
        values, faults = sim.values("emm"), sim.faults("emm")
        bench.runtime.db.publish({
            name: TagSample(values[point], faults.get(point, (Quality.GOOD, ""))[0], now, now)
            for name, point in points.items()
        })  # fmt: skip
    bench.settle()


@pytest.mark.slow
def test_screenshot_of_plant_health_during_a_rectifier_trip(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        sim = PlantSimulator(seed=1, models=("emm",))
        sim.warm_up()
        points = simulated(bench, sim)
        view = health_view(bench)
        bench.window.show()
        run_plant(bench, sim, points, 600)
        sim.start_scenario("emm-rectifier-trip")
        run_plant(bench, sim, points, 600)
        bench.wait(lambda: view.health.issues == bench.analytics.health.issues())
        bench.wait(lambda: view.warnings.warnings == bench.analytics.predictor.warnings())
        # the tripped series is off: no instrument issue, no warning of its cells
        assert not any(".S01." in row[1] for row in view.health.rows())
        assert not any(".S01." in text for text in view.warnings.texts())
        bench.window.grab().save(str(screenshot_dir / "screen_plant_health_rectifier_trip.png"))
