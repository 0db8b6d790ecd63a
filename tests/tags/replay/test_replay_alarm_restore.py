"""A seek in a replay puts the alarms as they stood at that moment: recorded activation times
and acknowledgements, nothing annunciated anew (no journal entries, no KPI flood), and
nothing left over from another moment (no returned-unacknowledged alarms from "the future")."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from tags.alarms.state import AlarmState, JournalEvent
from tags.config.project import load_project
from tags.runtime import Runtime
from tests.paths import DEMO_PROJECT, DEMO_RECORDING

TAILS = "CWP.MAGSEP.TAILS_MAG.HI"  # active at 18:14:46 in the shipped shift
CONSUMPTION = "CWP.MAG.CONSUMPTION.HI"  # active at 18:16:15
TAILS_AT, CONSUMPTION_AT = 1795889686.0, 1795889775.0
ACKED_AT = TAILS_AT + 30.0


def recording_with_an_ack(folder: Path) -> Path:
    path = folder / "shift.db"
    shutil.copy(DEMO_RECORDING, path)
    with closing(sqlite3.connect(path)) as conn, conn:
        row = conn.execute(
            "SELECT tag, kind, area, priority, grp, message FROM alarm_journal WHERE alarm=?",
            (TAILS,),
        ).fetchone()
        conn.execute(
            "INSERT INTO alarm_journal (time, event, alarm, tag, kind, area, priority, grp, "
            "state, value, lim, user, comment, message) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (ACKED_AT, JournalEvent.ACK.value, TAILS, *row[:5],
             AlarmState.ACTIVE_ACK.value, "", None, "ada", "", row[5]),
        )  # fmt: skip
    return path


def test_a_seek_restores_recorded_alarm_times_and_acknowledgements(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    runtime = Runtime(load_project(DEMO_PROJECT), data, replay=recording_with_an_ack(tmp_path))

    async def scenario() -> None:
        await runtime.start()
        try:
            driver, alarms = runtime.replay, runtime.alarms
            assert driver is not None
            await driver.seek(CONSUMPTION_AT + 60.0)
            tails, consumption = alarms.alarm(TAILS), alarms.alarm(CONSUMPTION)
            assert tails.active and consumption.active
            assert tails.activated_at == TAILS_AT, "the recorded time, not the seek's"
            assert tails.state is AlarmState.ACTIVE_ACK, "acknowledged in the recording"
            assert consumption.activated_at == CONSUMPTION_AT
            assert consumption.state is AlarmState.ACTIVE_UNACK
            assert alarms.kpis().window.annunciated == 0, "standing alarms are not a flood"
            assert runtime.alarm_journal.query() == [], "a seek writes no journal entries"
            await driver.seek(TAILS_AT - 60.0)  # back to before both
            for name in (TAILS, CONSUMPTION):
                assert alarms.alarm(name).state is AlarmState.NORMAL, name
            assert not [a for a in alarms.active() if a.name in (TAILS, CONSUMPTION)]
        finally:
            await runtime.stop()

    asyncio.run(scenario())
