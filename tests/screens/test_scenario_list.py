"""L4 lists the field simulator's scenarios: from an in-process plant at once, from the
embedded field server (on its own thread) asynchronously, and says why when there are none."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pytestqt.qtbot import QtBot

from hmi.diagnostics.scenario_list import ScenarioList
from tags.config.project import Project
from tags.runtime import Runtime
from tags.simulation.simulator import PlantSimulator
from tests.screens.demo_plant import DemoPlant
from tests.waiting import until


class FakeFieldServer:
    """The part of EmbeddedFieldServer the list uses: coroutines, as across threads."""

    def __init__(self) -> None:
        self.simulator = PlantSimulator(models=("cwp",))

    async def scenarios(self) -> list[object]:
        await asyncio.sleep(0)
        return list(self.simulator.scenarios())

    async def active_scenarios(self) -> list[str]:
        return ["cwp-feed-change"]

    async def stop(self) -> None:
        return None


def test_the_list_shows_every_scenario_of_an_in_process_plant_and_which_run(
    plant: DemoPlant, qtbot: QtBot
) -> None:
    plant.simulator.start_scenario("sco2-sinter-stop")
    listing = ScenarioList(plant.runtime)
    qtbot.addWidget(listing)
    assert listing.names() == [s.name for s in plant.simulator.scenarios()]
    assert len(listing.names()) == 9
    row = listing.names().index("sco2-sinter-stop")
    assert listing.table.item(row, 4).text() == "ACTIVE"  # type: ignore[union-attr]
    assert "Expected:" in listing.table.item(row, 2).toolTip()  # type: ignore[union-attr]


def test_the_list_reads_the_embedded_field_server_in_the_background(
    demo_project: Project, tmp_path: Path, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    runtime = Runtime(demo_project, tmp_path, history=False)
    runtime.field_server = FakeFieldServer()  # type: ignore[assignment]
    listing = ScenarioList(runtime)  # no running loop yet: it says so
    qtbot.addWidget(listing)
    assert "while the console runs" in listing.status.text()

    async def shown() -> list[str]:
        listing.refresh()  # inside the loop: it loads in the background
        await until(listing.names)
        return listing.names()

    names = qloop.run_until_complete(shown())
    assert names == ["cwp-magnetite-loss", "cwp-feed-change", "cwp-analyser-fault"]
    assert "1 active" in listing.status.text()
    qloop.run_until_complete(runtime.stop())


def test_a_project_on_real_field_devices_has_no_scenarios(
    demo_project: Project, tmp_path: Path, qtbot: QtBot
) -> None:
    runtime = Runtime(demo_project, tmp_path, history=False)
    listing = ScenarioList(runtime)
    qtbot.addWidget(listing)
    assert listing.names() == []
    assert "not running on the field simulator" in listing.status.text()
    asyncio.run(runtime.stop())
