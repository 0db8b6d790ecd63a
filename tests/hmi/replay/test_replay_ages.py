"""In REPLAY a value's age is judged against the replayed moment, not today: a value recorded
30 s before the replay position reads 30 s old on a readout, a KPI tile, the trend table, the
tag browser and the faceplate (by the wall clock it would be a year old)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hmi.bridge import TagBridge
from hmi.diagnostics.tag_browser import VALUE, TagTableModel
from hmi.faceplate.faceplate import Faceplate
from hmi.quality_display import DisplayState
from hmi.shell.app import Console
from hmi.trends.table import NOW
from hmi.trends.trend_view import TrendView
from hmi.widgets.context import StandaloneContext
from hmi.widgets.kpi_tile import KpiTile
from hmi.widgets.value_readout import ValueReadout
from screens import all_screens
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.history.sqlite_store import SqliteHistoryStore
from tags.model import Quality
from tags.replay.driver import ReplayClock, ReplayDriver
from tests.paths import SIGNALS_PROJECT
from tests.tags.history.support import T0, good, memory_tag, sample

DOUBTFUL, STALE = "A.B.DOUBTFUL", "A.B.STALE"
TAGS = {DOUBTFUL: memory_tag(DOUBTFUL), STALE: memory_tag(STALE)}
RECORDED_AT = T0 + 10.0
POSITION = RECORDED_AT + 30.0


def recording(path: Path, doubtful: str, stale: str) -> Path:
    """Both tags Good at T0, then at RECORDED_AT one doubtful and one stale; a minute on, Good."""
    records = [(name, good(1.0, T0)) for name in (doubtful, stale)]
    records += [
        (doubtful, sample(12.5, RECORDED_AT, Quality.UNCERTAIN_SENSOR_NOT_ACCURATE, "drifting")),
        (stale, sample(7.0, RECORDED_AT, Quality.UNCERTAIN_LAST_USABLE_VALUE, "no update")),
    ]
    records += [(name, good(2.0, T0 + 100.0)) for name in (doubtful, stale)]
    with SqliteHistoryStore(path, durable=False) as store:
        store.append(records)
    return path


@dataclass
class Replay:
    db: TagDatabase
    bridge: TagBridge
    context: StandaloneContext


@pytest.fixture
def replay(qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[Replay]:
    """A database on the replay clock, paused RECORDED_AT + 30 s into the recording."""
    store = SqliteHistoryStore(recording(tmp_path / "rec.db", DOUBTFUL, STALE), readonly=True)
    clock = ReplayClock()
    db = TagDatabase(TAGS, clock)
    bridge = TagBridge(db)
    bridge._timer.stop()  # flushed by the test
    driver = ReplayDriver(store, list(TAGS.values()), db.publish, clock, pace=ManualClock(0.0),
                          heartbeat=db.heartbeat, limit_alarms=False, tick=3600.0)  # fmt: skip
    qloop.run_until_complete(driver.start())
    qloop.run_until_complete(driver.seek(POSITION))
    bridge.flush()
    try:
        yield Replay(db, bridge, StandaloneContext(bridge))
    finally:
        bridge.close()
        qloop.run_until_complete(driver.stop())
        store.close()


def test_the_replayed_values_were_recorded_30_s_before_the_replay_position(
    replay: Replay,
) -> None:
    assert replay.db.clock.now() == POSITION
    assert replay.db.get(DOUBTFUL).source_time == RECORDED_AT
    assert replay.db.get(STALE).is_stale


def test_a_readout_ages_a_replayed_value_by_the_replay_position(
    replay: Replay, qtbot: QtBot
) -> None:
    doubtful = ValueReadout(replay.context, DOUBTFUL)
    stale = ValueReadout(replay.context, STALE, unit=False)
    qtbot.addWidget(doubtful)
    qtbot.addWidget(stale)
    assert doubtful.shown.state is DisplayState.UNCERTAIN
    assert doubtful.shown.tooltip.endswith("(value 30 s old)")
    assert (stale.shown.text, stale.shown.state) == ("7.00 (30 s)", DisplayState.STALE)


def test_a_kpi_tile_says_how_old_a_replayed_stale_value_is(replay: Replay, qtbot: QtBot) -> None:
    tile = KpiTile(replay.context, STALE, label="stale")
    qtbot.addWidget(tile)
    assert tile.target_text().startswith("STALE 30 s")


def test_the_trend_table_and_the_tag_browser_age_replayed_values_by_the_replay_position(
    replay: Replay, qtbot: QtBot, tmp_path: Path
) -> None:
    trend = TrendView(replay.bridge, None, tmp_path)
    qtbot.addWidget(trend)
    trend.add_pen(STALE)
    assert trend.table.text(STALE, NOW) == "7.00 (30 s)"
    browser = TagTableModel(replay.bridge)
    cell = browser.index(sorted(TAGS).index(STALE), VALUE)
    assert browser.data(cell, Qt.ItemDataRole.DisplayRole) == "7.00 (30 s)"
    trend.stop()


def test_the_faceplate_of_a_replayed_value_says_how_old_it_is_in_the_recording(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    sine = "TST.GEN.SINE"
    rec = recording(tmp_path / "rec.db", sine, "TST.GEN.RAMP")
    data = tmp_path / "data"
    data.mkdir()
    console = Console(load_project(SIGNALS_PROJECT), data, all_screens(), replay=rec)
    window = qloop.run_until_complete(console.start())
    try:
        driver = window.replay_bar.driver if window.replay_bar is not None else None
        assert driver is not None
        qloop.run_until_complete(driver.seek(POSITION))
        window.bridge.flush()
        faceplate = window.open_faceplate(sine)
        assert isinstance(faceplate, Faceplate)
        assert faceplate.quality.text().endswith("drifting (value 30 s old)")
    finally:
        qloop.run_until_complete(console.stop())
