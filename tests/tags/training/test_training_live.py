"""On a running console: snapshots saved and restored through the real drivers, and what a
trainer may not do (refused with the reason, the plant left as it was)."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from tags.mode import Mode
from tags.runtime import Runtime
from tags.security.permissions import PermissionDenied
from tags.training.engine import (
    SessionSetup,
    TrainingError,
    TrainingSession,
    running_session,
    save_snapshot,
)
from tags.training.plan import PlannedUpset
from tests.tags.training.training_support import TRAINEE, TRAINER, started_runtime, wait_for

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.slow]  # a running plant


@dataclass
class Live:
    runtime: Runtime


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def live(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    data_dir: Path = tmp_path_factory.mktemp("training-live")
    runtime = await started_runtime(data_dir)
    try:
        yield Live(runtime)
    finally:
        await runtime.stop()


async def test_a_restored_snapshot_gives_back_its_values_at_the_console(live: Live) -> None:
    server = live.runtime.field_server
    assert server is not None
    await server.set_speed(0.0)
    try:
        info = await save_snapshot(live.runtime, "frozen", TRAINER)
        assert (info.name, info.user) == ("frozen", "tess")
        taken = {m: await server.values(m) for m in ("emm", "cwp", "sco2")}
        await server.set_speed(20.0)
        await server.start_scenario("sco2-cw-pump-trip")
        await wait_for(lambda: live.runtime.db.get("SCO2.PRECOOL.CW_FLOW").value < 1000.0)
        await server.set_speed(0.0)
        await server.stop_scenario("sco2-cw-pump-trip")
        assert await server.values("sco2") != taken["sco2"]

        await server.restore(live.runtime.training_store.load_snapshot("frozen"))
        for model, values in taken.items():
            assert await server.values(model) == values
        db = live.runtime.db
        watched = {"SCO2.PRECOOL.CW_FLOW": "PRECOOL.CW_FLOW", "SCO2.COMP.IN_T.PV": "COMP.IN_T.PV"}
        watched |= {"EMM.FEED.FLOW.PV": "FEED.FLOW.PV", "CWP.DMC.DENS.PV": "DMC.DENS.PV"}

        def shown() -> bool:
            for name, point in watched.items():
                held = float(taken[name.split(".")[0].lower()][point])
                value = db.get(name).value
                if not isinstance(value, float) or not math.isclose(value, held, rel_tol=1e-6):
                    return False
            return True

        await wait_for(shown, 5.0)  # through Modbus and OPC UA, as the console reads them
    finally:
        await server.set_speed(1.0)


async def test_only_a_trainer_starts_sessions_and_mistakes_are_refused_with_the_reason(
    live: Live,
) -> None:
    runtime = live.runtime
    store = runtime.training_store
    setup = SessionSetup(TRAINEE.name, (PlannedUpset("emm-pump-trip", 60.0),))
    with pytest.raises(PermissionDenied, match="may not start training"):
        await TrainingSession.start(runtime, TRAINEE, setup)
    bad = SessionSetup(TRAINEE.name, (PlannedUpset("emm-meltdown", 1.0),))
    with pytest.raises(TrainingError, match="no scenario emm-meltdown; known: "):
        await TrainingSession.start(runtime, TRAINER, bad)
    with pytest.raises(TrainingError, match="time factor"):
        await TrainingSession.start(runtime, TRAINER, SessionSetup("olga", time_factor=0.0))
    with pytest.raises(TrainingError, match="no snapshot named 'gone'"):
        await TrainingSession.start(runtime, TRAINER, SessionSetup("olga", snapshot="gone"))
    assert running_session(runtime) is None

    session = await TrainingSession.start(runtime, TRAINER, setup, settle=0.2)
    try:
        assert running_session(runtime) is session and runtime.mode is Mode.TRAINING
        with pytest.raises(TrainingError, match="running already"):
            await TrainingSession.start(runtime, TRAINER, setup)
        await session.start_upset("cwp-feed-change")
        with pytest.raises(TrainingError, match="cwp-feed-change is running already"):
            await session.start_upset("cwp-feed-change")
        with pytest.raises(TrainingError, match="sco2-sinter-stop is not running"):
            await session.stop_upset("sco2-sinter-stop")
        with pytest.raises(TrainingError, match="no scenario 'x'"):
            await session.start_upset("x")
    finally:
        info = await session.end()
    assert info.end is not None
    assert await session.end() == info  # twice is harmless
    assert running_session(runtime) is None and runtime.mode is Mode.SIMULATION
    assert runtime.field_server is not None
    assert await runtime.field_server.active_scenarios() == []
    assert [r.name for r in store.records(info.id) if r.action == "stop"] == ["cwp-feed-change"]
