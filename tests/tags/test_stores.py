"""A runtime and the commands on the shared PostgreSQL store (a real server started by the
tests): history recorded, an alarm journalled and still acknowledged after a restart, a
write and a log-in audited; then users, audit verify, export and report with ``--store``
on the same database. The SQLite default is what every other test runs on."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from commands.cli import main
from tags.alarms.state import AlarmState
from tags.clock import SystemClock
from tags.config.project import Project, load_project
from tags.history.pg_store import PgHistoryStore
from tags.replay.pg_bookmarks import PgBookmarkStore
from tags.replay.request import resolve
from tags.runtime import Runtime
from tags.security.pg_audit import PgAuditTrail
from tags.store.migrations import READER
from tags.store.postgres import PgDatabase
from tags.store.roles import StoreAccessError
from tags.store.url import StoreUrl
from tags.stores import Stores
from tests.paths import SIGNALS_FOLDER
from tests.pg_login_roles import login_as
from tests.pg_server import PgServer
from tests.waiting import recorded, until

SINE = "TST.GEN.SINE"
HOLD = "TST.HOLD"
HOLD_HI = f"{HOLD}.HI"
ADMIN, PASSWORD = "ada", "correct horse battery"
HELD_ALARM = """
[tags."TST.HOLD"]
description = "A held value above its alarm limit"
source = "sim://memory/HOLD?initial=50"

[tags."TST.HOLD".alarms]
hi = 45
"""


def signals_with_a_standing_alarm(folder: Path) -> Path:
    """The signal test bench plus a memory tag held above its HI limit (active at once)."""
    folder.mkdir()
    for path in SIGNALS_FOLDER.iterdir():
        shutil.copy(path, folder / path.name)
    with (folder / "signals.toml").open("a", encoding="utf-8") as handle:
        handle.write(HELD_ALARM)
    return folder / "project.toml"


def cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def test_sqlite_stores_are_the_data_folders_files(tmp_path: Path) -> None:
    with Stores(None, tmp_path, SystemClock()) as stores:
        assert not stores.is_postgresql and stores.writable
        users = stores.users()
        users.close()
        journal = stores.journal()
        journal.close()
        audit = stores.audit()
        audit.close()
    assert {p.name for p in tmp_path.iterdir()} >= {"users.db", "alarms.db", "audit.db"}


@pytest.mark.slow
def test_a_runtime_and_the_commands_work_on_the_shared_store(
    pg_url: StoreUrl, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_file = signals_with_a_standing_alarm(tmp_path / "project")
    project = load_project(project_file)
    data = tmp_path / "data"
    url = str(pg_url)
    code, said = cli("--data-dir", str(data), "--store", url, "users", "list")
    assert code == 0 and "no users" in said
    add = ["--data-dir", str(data), "--store", url, "users", "add", ADMIN, "--role", "admin"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n{PASSWORD}\n"))
    code, said = cli(*add, "--password-stdin")
    assert code == 0, said

    started = SystemClock().now()
    asyncio.run(first_run(project, data, pg_url))
    asyncio.run(restart(project, data, pg_url))

    # what the first run left in the shared store (not in the data folder)
    assert not (data / "history.db").exists() and not (data / "alarms.db").exists()
    with PgDatabase(pg_url) as db:
        history = PgHistoryStore(db, readonly=True)
        assert len(history.raw(SINE, started, started + 3600)) >= 3
        history.close()
        trail = PgAuditTrail.in_data_dir(db, data, SystemClock(), readonly=True)
        actions = [r.action for r in trail.records()]
        assert "login" in actions and "user_added" in actions
        assert any(r.tag == "TST.FIC1.SP" and r.new == "55.0" for r in trail.records()), actions

    code, said = cli("--data-dir", str(data), "--store", url, "users", "list")
    assert code == 0 and ADMIN in said and "admin" in said
    code, said = cli("--data-dir", str(data), "--store", url, "audit", "verify")
    assert code == 0 and "audit trail intact" in said, said
    exported = tmp_path / "sine.csv"
    code, said = cli("--data-dir", str(data), "--store", url, "export", SINE, "--out",
                     str(exported))  # fmt: skip
    assert code == 0, said
    with exported.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) >= 4 and any(SINE in row for row in rows[1:])
    pdf = tmp_path / "report.pdf"
    frm = datetime_text(started - 60)
    to = datetime_text(SystemClock().now() + 60)
    code, said = cli("--project", str(project_file), "--data-dir", str(data), "--store", url,
                     "report", "--from", frm, "--to", to, "--out", str(pdf))  # fmt: skip
    assert code == 0, said
    assert pdf.read_bytes().startswith(b"%PDF") and f"-> {pdf}" in said
    annunciated = re.search(r"alarms: (\d+) annunciated", said)
    assert annunciated and int(annunciated[1]) >= 1, said  # read from the shared journal
    assert "operator writes 1" in said  # and the shared audit trail


def datetime_text(t: float) -> str:
    return datetime.fromtimestamp(t).isoformat(timespec="seconds")


async def first_run(project: Project, data: Path, url: StoreUrl) -> None:
    """Record, raise and acknowledge an alarm, write a setpoint: all in the shared store."""
    runtime = Runtime(project, data, store=url)
    assert runtime.stores.is_postgresql and runtime.stores.writable
    try:
        user = runtime.authenticate(ADMIN, PASSWORD, workstation="test")
        await runtime.start()
        historian = runtime.historian
        assert historian is not None and historian.problem == ""
        await recorded(historian, SINE, count=3)
        await until(lambda: runtime.alarms.alarm(HOLD_HI).state is AlarmState.ACTIVE_UNACK)
        runtime.alarms.acknowledge(HOLD_HI, user=user, comment="seen")
        result = await runtime.writes.write("TST.FIC1.SP", 55.0, user=user, reason="test")
        assert result.ok, result
    finally:
        await runtime.stop()


async def restart(project: Project, data: Path, url: StoreUrl) -> None:
    """A new runtime on the same store takes up the acknowledged alarm (not annunciated
    again) and finds its journal."""
    runtime = Runtime(project, data, store=url)
    try:
        assert runtime.alarms.alarm(HOLD_HI).state is AlarmState.ACTIVE_ACK
        await runtime.start()
        entries = runtime.alarm_journal.query(alarm=HOLD_HI, newest_first=False)
        assert [e.user for e in entries if e.user] == [ADMIN]
        await asyncio.sleep(0)
        assert runtime.alarms.alarm(HOLD_HI).state is AlarmState.ACTIVE_ACK
        assert runtime.users.has_admin() and runtime.writes is not None
    finally:
        await runtime.stop()


@pytest.mark.slow
def test_the_own_history_on_the_shared_store_replays_with_its_journal_and_bookmarks(
    pg_url: StoreUrl, tmp_path: Path
) -> None:
    project = load_project(signals_with_a_standing_alarm(tmp_path / "project"))
    data = tmp_path / "data"

    async def record() -> None:
        runtime = Runtime(project, data, store=pg_url)
        try:
            await runtime.start()
            assert runtime.historian is not None
            await recorded(runtime.historian, SINE, count=8, span=1.0)
            await until(lambda: runtime.alarms.alarm(HOLD_HI).state is AlarmState.ACTIVE_UNACK)
        finally:
            await runtime.stop()

    asyncio.run(record())
    with Stores(pg_url, data, SystemClock()) as stores:
        request = resolve(data, None, shared=stores.history)
    assert request.own_history and request.start is None and not request.path.exists()

    async def replay() -> None:
        runtime = Runtime(project, data, store=pg_url, replay=request.path)
        recording = runtime.recording
        assert recording is not None and recording.own_history and recording.shared
        try:
            await runtime.start()
            await until(lambda: runtime.db.get(SINE).quality.is_good)
            span = await recording.history.span()
            assert span is not None
            timeline = await recording.timeline(span[0] - 5.0, span[1] + 5.0)
            assert timeline.alarm_source == "alarm journal"
            assert any(HOLD_HI in event.text for event in timeline.events)
            mark = recording.add_bookmark(span[0] + 0.5, "pump started", "ada")
            assert [b.note for b in recording.bookmarks()] == ["pump started"]
            assert mark.id > 0
        finally:
            await runtime.stop()

    asyncio.run(replay())
    with PgDatabase(pg_url) as db:
        found = PgBookmarkStore(db).of(request.path)
    assert [b.note for b in found] == ["pump started"]


@pytest.mark.slow
def test_a_console_that_may_only_read_the_shared_store_is_refused_and_replays_it(
    pg_url: StoreUrl, tmp_path: Path, postgres_server: PgServer
) -> None:
    project = load_project(signals_with_a_standing_alarm(tmp_path / "project"))

    async def record() -> None:
        runtime = Runtime(project, tmp_path / "server", store=pg_url)
        try:
            await runtime.start()
            assert runtime.historian is not None
            await recorded(runtime.historian, SINE, count=3)
        finally:
            await runtime.stop()

    asyncio.run(record())  # the owner made every table and recorded
    reader = login_as(postgres_server, pg_url, READER)
    console = tmp_path / "console"
    with pytest.raises(StoreAccessError, match=f"role {reader.user} may only read"):
        Runtime(project, console, store=reader)  # it would record history, journal, audit
    with Stores(reader, console, SystemClock()) as stores:
        assert not stores.writable
        request = resolve(console, None, shared=stores.history)

    async def replay() -> None:
        runtime = Runtime(project, console, store=reader, replay=request.path)
        try:
            await runtime.start()
            await until(lambda: runtime.db.get(SINE).quality.is_good)
        finally:
            await runtime.stop()

    asyncio.run(replay())  # the shared history replays with the reader's role
    assert list(console.iterdir()) == []  # nothing written by the reader
