"""Screenshots of REPLAY on the shipped demo shift: the console with the replay bar, the bar
alone, and a trend with the operator's actions marked. The recording's journal gets a few
acks and a shelve, the data folder's audit trail two setpoint writes, the timeline the three
upsets of the recording (as a training session would pass them) and a bookmark."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.canvas.builder import Canvas
from hmi.shell.app import Console
from hmi.trends.trend_view import TrendView
from screens import all_screens, screen_for_tag
from tags.alarms.journal import AlarmJournal, JournalEntry
from tags.alarms.state import AlarmState, JournalEvent
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.model import AlarmKind, Priority
from tags.replay.timeline import EventKind, TimelineEvent
from tags.security.audit import AuditTrail
from tests.paths import DEMO_PROJECT, DEMO_RECORDING
from tests.waiting import until

START = 1_795_889_595.0


def operator_journal(path: Path) -> None:
    """Acks and a shelve by the operator, as a console's journal would hold them."""

    def action(at: float, event: JournalEvent, alarm: str, kind: AlarmKind, comment: str = "",
               priority: Priority = Priority.LOW) -> JournalEntry:  # fmt: skip
        tag = alarm.rsplit(".", 1)[0]
        return JournalEntry(START + at, event, alarm, tag, kind, tag.split(".")[0], priority,
                            "", AlarmState.ACTIVE_ACK, "", None, "ada", comment)  # fmt: skip

    with AlarmJournal(path) as journal:
        journal.write([
            action(120, JournalEvent.ACK, "CWP.MAGSEP.TAILS_MAG.HI", AlarmKind.HI),
            action(300, JournalEvent.ACK, "SCO2.PRECOOL.CW_FLOW.LOLO", AlarmKind.LOLO),
            action(322, JournalEvent.SHELVE, "SCO2.GEN.P.LO", AlarmKind.LO,
                   "follows the CW pump trip"),
            action(372, JournalEvent.ACK, "SCO2.COMP.IN_T.PV.HIHI", AlarmKind.HIHI),
        ])  # fmt: skip


def operator_writes(data: Path) -> None:
    """Two setpoint writes in the data folder's audit trail, during the recorded shift."""
    writes = [
        (150.0, "CWP.DMC.DENS.SP", 1.42, 1.4, "g/cm³", "magnetite loss: hold yield"),
        (340.0, "SCO2.COMP.IN_T.SP", 33.0, 33.8, "°C", "keep away from two-phase"),
    ]
    clock = ManualClock(START)
    with AuditTrail(data / "audit.db", clock) as audit:
        for at, tag, old, new, unit, reason in writes:
            clock.advance(START + at - clock.now())
            audit.append("write", user="ada", tag=tag, old=old, new=new, unit=unit,
                         reason=reason, result="confirmed")  # fmt: skip


def upsets(path: Path) -> list[TimelineEvent]:
    with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
        (text,) = conn.execute("SELECT value FROM meta WHERE key='scenarios'").fetchone()
    return [TimelineEvent(START + s["at"], EventKind.UPSET, f"upset {s['name']} started",
                          user="trainer") for s in json.loads(text)]  # fmt: skip


@pytest.mark.slow
def test_screenshots_of_the_console_replaying_the_demo_shift(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    rec, data = tmp_path / "demo-shift.db", tmp_path / "data"
    shutil.copy(DEMO_RECORDING, rec)
    data.mkdir()
    operator_journal(rec)
    operator_writes(data)
    console = Console(load_project(DEMO_PROJECT), data, all_screens(), screen_for_tag, replay=rec,
                      events=upsets(rec))  # fmt: skip

    async def scenario() -> None:  # one coroutine: no Qt event pass outside the loop
        window = await console.start()
        try:
            bar = window.replay_bar
            assert bar is not None
            await until(lambda: bar.timeline_data is not None)
            await bar.seek(START + 268)
            bar.add_bookmark("CW pump 2 trips: watch compressor inlet")
            await bar.seek(START + 384)
            bar.set_speed(4.0)
            window.resize(1920, 1080)
            window.show()
            page = window.open_screen("overview")
            canvas = page if isinstance(page, Canvas) else page.findChild(Canvas)
            assert canvas is not None and canvas.history is not None
            history = canvas.history
            await until(lambda: not history.busy)  # the sparklines' minutes before
            assert console.bridge is not None
            console.bridge.flush()  # the values now, not at the bridge's next tick
            await until(lambda: not history.busy)  # lines a new sample restarted, filled again
            window._tick()
            bar.refresh()
            kinds = {e.kind for e in bar.events()}
            assert {EventKind.ALARM, EventKind.ACK, EventKind.SHELVE, EventKind.WRITE,
                    EventKind.UPSET, EventKind.BOOKMARK} <= kinds  # fmt: skip
            assert len(bar.timeline.periods) == 1  # the flood of the CW pump trip
            window.grab().save(str(screenshot_dir / "replay_console.png"))
            bar.grab().save(str(screenshot_dir / "replay_bar.png"))
            view = window.open_screen("trends")
            assert isinstance(view, TrendView)
            for name in ("SCO2.COMP.IN_T.PV", "SCO2.COMP.IN_T.SP", "CWP.DMC.DENS.PV",
                         "CWP.DMC.DENS.SP"):  # fmt: skip
                view.add_pen(name)
            view.pause()
            view.plot.set_x_range(START, START + 600)
            await until(lambda: bool(view.history.queries) and not view.history.loading)
            await until(lambda: view.markers is not None and len(view.markers.shown) == 6)
            window.grab().save(str(screenshot_dir / "replay_trend.png"))
            view.stop()
        finally:
            await console.stop()

    qloop.run_until_complete(scenario())
