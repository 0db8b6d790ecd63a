"""The recording a replaying runtime owns: what it is called, its bookmarks, its timeline and
its history reader, all closed when the runtime stops; and the runtime's mode says REPLAY."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from tags.alarms.settings import KpiSettings
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.history.historian import HISTORY_FILE
from tags.mode import Mode
from tags.replay.bookmarks import BOOKMARKS_FILE, SqliteBookmarkStore
from tags.replay.recording import OWN_HISTORY, Recording
from tags.runtime import Runtime
from tests.paths import DEMO_PROJECT, DEMO_RECORDING


def test_a_recording_is_called_by_its_label_else_as_the_own_history_else_by_its_file(
    tmp_path: Path,
) -> None:
    db = TagDatabase({}, ManualClock())
    shift = Recording(tmp_path / "shift.db", tmp_path, db, KpiSettings())
    own = Recording(tmp_path / HISTORY_FILE, tmp_path, db, KpiSettings())
    session = Recording(tmp_path / HISTORY_FILE, tmp_path, db, KpiSettings(), label="session 3")
    assert (shift.name, shift.own_history) == ("shift.db", False)
    assert (own.name, own.own_history) == (OWN_HISTORY, True)
    assert session.name == "session 3"


def test_the_runtime_replays_keeps_bookmarks_and_reads_the_recording_then_closes_it(
    tmp_path: Path,
) -> None:
    recording = tmp_path / "shift.db"
    shutil.copy(DEMO_RECORDING, recording)
    runtime = Runtime(load_project(DEMO_PROJECT), tmp_path, replay=recording)
    assert runtime.mode is Mode.REPLAY and runtime.recording is not None
    played = runtime.recording

    async def scenario() -> None:
        await runtime.start()
        try:
            driver = runtime.replay
            assert driver is not None and driver.start_time is not None
            assert driver.end_time is not None
            mark = played.add_bookmark(driver.start_time + 60.0, "  the feed   trips ", "ada")
            assert [b.note for b in played.bookmarks()] == ["the feed trips"]
            timeline = await played.timeline(driver.start_time, driver.end_time)
            assert timeline.alarm_source == "alarm journal" and timeline.events
            span = await played.history.span()
            assert span is not None and span[0] <= driver.start_time
            played.delete_bookmark(mark.id)
            played.add_bookmark(driver.start_time, "kept", "ada")
        finally:
            await runtime.stop()

    asyncio.run(scenario())
    with SqliteBookmarkStore(tmp_path / BOOKMARKS_FILE) as store:  # written, and closed by stop()
        assert [b.note for b in store.of(recording)] == ["kept"]
