"""The training sessions every test of this folder reads (see training_support.py)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tags.config import load_project
from tags.runtime import Runtime
from tags.training import TrainingSession, save_snapshot
from tags.training_store import TrainingStore
from tags.write_path import WriteStatus
from tests.tags.training.training_support import (
    DEMO,
    LIVE,
    RESPONSES_A,
    RESPONSES_B,
    TRAINEE,
    TRAINER,
    Trained,
    run_session,
    sleep_until,
    wait_for,
)


@pytest_asyncio.fixture(scope="package", loop_scope="package")
async def trained(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Trained]:
    project = load_project(DEMO)
    tags = {
        name: dataclasses.replace(tag, scan_period=min(tag.scan_period, 1.0))
        for name, tag in project.tags.items()
    }
    project = dataclasses.replace(project, tags=tags)
    data_dir = tmp_path_factory.mktemp("training-data")
    runtime = Runtime(project, data_dir)
    await runtime.start()
    store = TrainingStore.in_data_dir(data_dir)
    try:
        assert runtime.field_server is not None
        names = list(runtime.project.tags)
        await wait_for(lambda: all(runtime.db.get(n).quality.is_good for n in names), 15.0)
        server = runtime.field_server
        await server.set_speed(0.0)
        await save_snapshot(runtime, "frozen start", TRAINER, store=store)
        frozen = {m: await server.values(m) for m in ("emm", "cwp", "sco2")}
        await server.set_speed(1.0)

        async def trainer_live(session: TrainingSession) -> None:
            """Session A's extras: a refused write, a shelve and unshelve, a live upset."""
            await sleep_until(session.info.start + 3.0)
            refused = await runtime.db.write("CWP.DMC.DENS.SP", 9.9, user=TRAINEE, reason="typo")
            assert refused.status is WriteStatus.REFUSED
            quiet = next(n for n in runtime.alarms.names if n.startswith("SCO2.ENCL.CO2"))
            runtime.alarms.shelve(quiet, user=TRAINEE, reason="sensor work", duration=600.0)
            session.record_screen("sco2-loop")
            runtime.alarms.unshelve(quiet, user=TRAINEE)
            await sleep_until(session.info.start + 7.0)
            await session.start_upset(LIVE)
            await asyncio.sleep(0.5)
            await session.stop_upset(LIVE)

        before = await runtime.db.write("CWP.DMC.DENS.SP", 9.8, user=TRAINEE, reason="before")
        assert before.status is WriteStatus.REFUSED  # before any session: not recorded
        a = await run_session(runtime, store, RESPONSES_A, snapshot=None, live=trainer_live)
        b = await run_session(runtime, store, RESPONSES_B, snapshot="frozen start")
        yield Trained(runtime, data_dir, a, b, store, frozen)
    finally:
        store.close()
        await runtime.stop()
