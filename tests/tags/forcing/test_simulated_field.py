"""Simulated tags on a real runtime: the demo project read from its field simulator over real
Modbus TCP and OPC UA sockets. One tag on a sine moves while its neighbours keep their field
values; an area on the plant model; the field's value comes back on release; a field write of
a simulated tag is refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tags.config.project import Project, load_project
from tags.forcing.force import FORCED_QUALITY
from tags.model import Quality
from tags.runtime import Runtime
from tags.security.permissions import Role, User
from tags.write_path import WriteStatus
from tests.paths import DEMO_PROJECT
from tests.waiting import until

ENGINEER = User("erin", Role.ENGINEER)
SINE = "sim://signal/sine?low=0.5&high=2&period=20"
IDC = "EMM.RECT1.IDC"  # Modbus, plc-rect
NEIGHBOUR = "EMM.RECT2.IDC"


def quick_demo() -> Project:
    """The demo project with no scan slower than 1 s (quicker first values)."""
    project = load_project(DEMO_PROJECT)
    tags = {
        name: dataclasses.replace(tag, scan_period=min(tag.scan_period, 1.0))
        for name, tag in project.tags.items()
    }
    return dataclasses.replace(project, tags=tags)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_tags_on_a_sine_and_an_area_on_the_model_beside_the_field(tmp_path: Path) -> None:
    runtime = Runtime(quick_demo(), tmp_path, history=False, private_field=True)
    await runtime.start()
    try:
        assert runtime.field_server is not None
        db, forces = runtime.db, runtime.forces
        assert forces is not None
        names = list(db.tags)
        await until(lambda: all(db.get(n).quality is Quality.GOOD for n in names))
        field_idc = db.get(IDC).value
        assert isinstance(field_idc, float) and not 0.5 <= field_idc <= 2

        forces.simulate(IDC, SINE, user=ENGINEER, reason="CT not wired")
        seen: set[object] = set()

        def sine_moves() -> bool:
            sample = db.get(IDC)
            assert sample.quality is FORCED_QUALITY and sample.reason.startswith("simulated:")
            assert isinstance(sample.value, float) and 0.5 <= sample.value <= 2
            seen.add(sample.value)
            return len(seen) >= 3

        await until(sine_moves)
        assert db.get(NEIGHBOUR).quality is Quality.GOOD  # still the field's
        held = db.held(IDC)
        assert held is not None and held.quality is Quality.GOOD

        forces.simulate("EMM.RECT1.IDC_SP", "model", user=ENGINEER, reason="setpoint")
        refused = await runtime.writes.write("EMM.RECT1.IDC_SP", 1.0, user=ENGINEER, reason="r")
        assert refused.status is WriteStatus.REFUSED and "simulated: model" in refused.reason

        cwp = sorted(n for n in names if db.tags[n].area == "CWP")
        for name in cwp:
            forces.simulate(name, "model", user=ENGINEER, reason="plant stopped")
        assert forces.sources.running_models() == ["cwp", "emm"]
        await until(lambda: all(db.get(n).quality is FORCED_QUALITY for n in cwp))
        before = db.get("CWP.DMC.DENS.PV")
        await until(lambda: db.get("CWP.DMC.DENS.PV").server_time > before.server_time)
        assert db.get("SCO2.WHX.GAS_IN_T").quality is not FORCED_QUALITY  # another area

        forces.release(IDC, user=ENGINEER, reason="CT wired")
        back = db.get(IDC)
        assert back.quality is Quality.GOOD and not 0.5 <= float(back.value or 0) <= 2
        await until(lambda: db.get(IDC).server_time > back.server_time)  # the field again
        assert db.get(IDC).quality is Quality.GOOD
    finally:
        await runtime.stop()
