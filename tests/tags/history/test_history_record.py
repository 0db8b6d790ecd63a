"""Recording a shift (``main.py record``), replaying it through the Runtime, exporting it,
the console's own history, and the recording shipped in resources/recordings."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

import main
from tags.alarms.journal import AlarmJournal, JournalEntry
from tags.alarms.state import AlarmState, JournalEvent
from tags.config.project import load_project
from tags.history.historian import HISTORY_FILE
from tags.history.recording import record_shift
from tags.history.sqlite_store import SqliteHistoryStore
from tags.mode import Mode
from tags.model import AlarmKind, Priority, Quality
from tags.replay.alarm_times import JournalAlarmTimes
from tags.runtime import Runtime
from tags.security.permissions import Role, User
from tags.shutdown import StopRequest
from tests.paths import DEMO_PROJECT, DEMO_RECORDING, SIGNALS_PROJECT
from tests.tags.history.support import T0, good
from tests.waiting import until


@pytest.fixture(autouse=True)
def never_the_real_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HMI_DATA_DIR", str(tmp_path / "data"))


def data_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    capsys.readouterr()
    code = main.main([str(a) for a in args])
    return code, capsys.readouterr().out


def test_record_runs_the_project_on_plant_time_into_one_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rec.db"
    args = ("record", "--project", SIGNALS_PROJECT, "--minutes", "2", "--speed", "5000")
    args += ("--out", out)
    code, text = run(capsys, *args)
    assert code == 0, text
    assert text.startswith(f"recorded 2 min: {len(load_project(SIGNALS_PROJECT).tags)} tags, ")
    assert str(out) in text
    assert not Path(f"{out}-wal").exists()  # self-contained: it can ship read-only
    with SqliteHistoryStore(out, readonly=True) as store:
        meta = store.metadata()
        assert (meta["kind"], meta["project"]) == ("recording", "Signal test bench")
        first, last = store.span() or (0.0, 0.0)
        assert last - first == pytest.approx(120.0, abs=1.0)
        ramp = store.raw("TST.GEN.RAMP", first, last + 1)
        assert len(ramp) >= 100  # a 0..10 ramp over 10 s moves beyond its deadband each scan
    code, text = run(capsys, *args)
    assert code == 1 and "exists" in text


def test_record_refuses_a_malformed_or_unknown_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("record", "--minutes", "1", "--out", tmp_path / "x.db", "--project", DEMO_PROJECT)
    code, text = run(capsys, *base, "--scenario", "cwp-magnetite-loss@soon")
    assert code == 2 and "NAME@SECONDS" in text
    code, text = run(capsys, *base, "--scenario", "cwp-meltdown@5")
    assert code == 1 and "unknown scenario 'cwp-meltdown'" in text and "cwp-magnetite-loss" in text
    assert not (tmp_path / "x.db").exists()


@pytest.mark.slow
def test_the_demo_plant_is_recorded_with_its_alarm_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo.db"
    code, text = run(
        capsys, "record", "--minutes", "1", "--speed", "10000", "--out", out,
        "--scenario", "emm-rectifier-trip@10", "--project", DEMO_PROJECT,
    )  # fmt: skip
    assert code == 0, text
    project = load_project(DEMO_PROJECT)
    with SqliteHistoryStore(out, readonly=True) as store:
        assert set(store.tag_names()) == set(project.tags)
    with closing(sqlite3.connect(out)) as conn:
        alarms = {row[0] for row in conn.execute("SELECT alarm FROM alarm_journal")}
        assert any(a.startswith("EMM.RECT1.") for a in alarms)  # the trip is in the journal


@pytest.mark.asyncio
async def test_a_recording_replays_through_the_runtime_with_writes_refused(
    tmp_path: Path,
) -> None:
    out = tmp_path / "rec.db"
    project = load_project(SIGNALS_PROJECT)
    await record_shift(project, out, minutes=1, speed=5000)
    runtime = Runtime(project, data_folder(tmp_path), replay=out)
    await runtime.start()
    try:
        assert runtime.mode is Mode.REPLAY and runtime.historian is None
        assert runtime.replay is not None and sorted(runtime.replay.names) == sorted(project.tags)
        assert runtime.db.get("TST.GEN.CONST").value == 42
        assert runtime.db.clock.now() == runtime.replay.start_time
        result = await runtime.writes.write(
            "TST.GEN.SINE", 1.0, user=User("op", Role.OPERATOR), reason="test"
        )
        assert (result.ok, result.reason) == (False, "replay mode")
        await runtime.replay.seek(runtime.replay.start_time + 30)
        assert runtime.db.clock.now() == runtime.replay.start_time + 30
    finally:
        await runtime.stop()
    assert not (tmp_path / "data" / HISTORY_FILE).exists()  # a replay records nothing


@pytest.mark.slow
@pytest.mark.asyncio
async def test_the_console_records_its_own_history_in_the_data_folder(tmp_path: Path) -> None:
    project = load_project(SIGNALS_PROJECT)
    runtime = Runtime(project, data_folder(tmp_path))
    await runtime.start()
    historian = runtime.historian
    assert historian is not None and historian.recording
    await until(lambda: historian.stats.transactions == 1)  # the flush task, after 1 s
    await runtime.stop()
    assert historian.stats.transactions == 2  # then the last at stop
    with SqliteHistoryStore(tmp_path / "data" / HISTORY_FILE, readonly=True) as store:
        assert set(store.tag_names()) == set(project.tags)


def test_export_writes_matching_tags_of_a_recording(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rec = tmp_path / "rec.db"
    args = ("record", "--project", SIGNALS_PROJECT, "--minutes", "1", "--speed", "5000")
    args += ("--out", rec)
    assert run(capsys, *args)[0] == 0
    out = tmp_path / "x.csv"
    code, text = run(capsys, "export", "TST.GEN.C*", "--history", rec, "--out", out, "--utc")
    assert code == 0 and "of 1 tags" in text
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["tag"] for r in rows} == {"TST.GEN.CONST"}
    assert rows[0]["value"] == "42" and rows[0]["quality"] == "Good"
    code, text = run(capsys, "export", "NOPE.*", "--history", rec, "--out", out)
    assert code == 2 and "no recorded tag matches" in text


@pytest.mark.asyncio
async def test_the_shipped_recording_replays_the_demo_plant_without_being_modified(
    tmp_path: Path,
) -> None:
    before = hashlib.sha256(DEMO_RECORDING.read_bytes()).hexdigest()
    assert DEMO_RECORDING.stat().st_size < 400_000
    runtime = Runtime(load_project(DEMO_PROJECT), data_folder(tmp_path), replay=DEMO_RECORDING)
    await runtime.start()
    try:
        replay = runtime.replay
        assert replay is not None and runtime.field_server is None
        assert len(replay.names) == len(runtime.project.tags) and not replay.missing
        assert replay.end_time - replay.start_time >= 300  # type: ignore[operator]
        alarm = await replay.next_alarm()
        assert alarm is not None and replay.position == alarm
        bad = [
            n
            for n, s in runtime.db.snapshot().items()
            if s.quality is Quality.BAD_WAITING_FOR_INITIAL_DATA
        ]
        assert not bad
    finally:
        await runtime.stop()
    assert hashlib.sha256(DEMO_RECORDING.read_bytes()).hexdigest() == before
    assert not Path(f"{DEMO_RECORDING}-wal").exists() and sys.platform


def journal_entry(t: float, event: JournalEvent) -> JournalEntry:
    return JournalEntry(
        t, event, "TST.GEN.SINE.HI", "TST.GEN.SINE", AlarmKind.HI, "TST", Priority.HIGH, "",
        AlarmState.ACTIVE_UNACK, "96.0", 95.0,
    )  # fmt: skip


@pytest.mark.asyncio
async def test_replaying_the_consoles_own_history_jumps_through_its_alarm_journal(
    tmp_path: Path,
) -> None:
    folder = data_folder(tmp_path)
    project = load_project(SIGNALS_PROJECT)
    with SqliteHistoryStore(folder / HISTORY_FILE) as store:
        store.append([(n, good(1.0, T0 + s)) for s in range(0, 100, 10) for n in project.tags])
    with AlarmJournal(folder / "alarms.db") as journal:
        journal.write([journal_entry(T0 + 42, JournalEvent.ACTIVE)])
        journal.write([journal_entry(T0 + 50, JournalEvent.ACK)])
        assert JournalAlarmTimes(journal).alarm_times(T0, T0 + 100) == [T0 + 42]
    runtime = Runtime(project, folder, replay=folder / HISTORY_FILE)
    await runtime.start()
    try:
        assert runtime.replay is not None
        assert await runtime.replay.next_alarm() == T0 + 42
        assert await runtime.replay.next_alarm() is None
    finally:
        await runtime.stop()


@pytest.mark.asyncio
async def test_a_recording_says_what_it_is_from_the_start_and_a_stop_keeps_what_it_recorded(
    tmp_path: Path,
) -> None:
    out = tmp_path / "rec.db"
    stop = StopRequest()
    facts: list[dict[str, str]] = []

    def halfway(done: float) -> None:
        with closing(sqlite3.connect(out.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            facts.append(dict(conn.execute("SELECT key, value FROM meta").fetchall()))
        if done >= 0.5:
            stop.request("SIGTERM")

    project = load_project(SIGNALS_PROJECT)
    summary = await record_shift(
        project, out, minutes=2, speed=5000, start=T0, progress=halfway, stop=stop
    )
    assert facts[0]["state"] == "recording" and facts[0]["start"] == repr(T0)
    assert json.loads(facts[0]["tags"]) == sorted(project.tags)
    assert summary.line().startswith("stopped early by SIGTERM: recorded 1 min: ")
    assert not Path(f"{out}-wal").exists()
    with SqliteHistoryStore(out, readonly=True) as store:
        meta = store.metadata()
        assert (meta["state"], meta["stopped_by"]) == ("stopped", "SIGTERM")
        assert float(meta["end"]) == summary.end == T0 + 60
        assert (store.span() or (0.0, 0.0))[1] == pytest.approx(T0 + 60, abs=1.0)
