"""The Qt console of a server reading the shared PostgreSQL store with the read-only role
(``hmi_reader``), a real broker and server (recording with a role granted ``hmi_writer``):
its trend shows the history the server recorded before the console opened, and the console
writes nothing. A standalone console on the reader's role does not open, and says why."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from commands.cli import main
from hmi.shell.app import Console
from hmi.trends.trend_view import TrendView
from screens import trends
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.client_runtime import ClientRuntime
from tags.control_room.console.server_choice import ServerChoice
from tags.model import Quality
from tags.store.url import StoreUrl
from tests.mqtt_broker import MqttBroker
from tests.pg_server import PgServer
from tests.tags.control_room.room_bench import GROUP, write_project
from tests.tags.control_room.shared_store_room import (
    StoredRoom,
    bench_project,
    server_on_the_store,
    shared_store,
)
from tests.waiting import recorded, wait_until

FLOW = "NORTH.FLOW"


@pytest.fixture(autouse=True)
def collect_on_this_thread() -> Iterator[None]:
    """Qt objects left to the cyclic collector must go on this thread (see the trend tests)."""
    gc.collect()
    yield
    gc.collect()


@pytest.mark.slow
def test_a_console_of_a_server_with_the_reader_role_trends_the_history_recorded_there(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    mqtt_broker: MqttBroker,
    postgres_server: PgServer,
    pg_url: StoreUrl,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    store = shared_store(postgres_server, pg_url)
    serving = server_on_the_store(mqtt_broker, tmp_path / "room", store.writer)
    room: StoredRoom = qloop.run_until_complete(serving.__aenter__())
    try:
        historian = room.runtime.historian
        assert historian is not None
        qloop.run_until_complete(recorded(historian, FLOW, count=1))
        recorded_until = room.runtime.clock.now()

        project = bench_project(tmp_path / "console-project", store.reader)
        broker = parse_broker_url(mqtt_broker.url, where="test")
        choice = ServerChoice(broker, GROUP, workstation="qt-1")
        console = Console(project, tmp_path / "console", [trends.TRENDS], server=choice)
        window = qloop.run_until_complete(console.start())
        try:
            runtime = console.runtime
            assert isinstance(runtime, ClientRuntime) and not runtime.stores.writable
            view = window.pages["trends"]
            assert isinstance(view, TrendView) and view.source is not None
            window.resize(1600, 900)
            window.show()
            wait_until(qloop, lambda: runtime.db.get(FLOW).quality is Quality.GOOD)
            wait_until(qloop, lambda: window.header.server_state.text() == "Server online")
            view.add_pen(FLOW)
            view.set_span(60.0)
            view.tick()
            calls = len(view.history.queries)
            view.history.forget()
            view.history.fetch()
            wait_until(
                qloop, lambda: len(view.history.queries) > calls and not view.history.loading
            )
            xs, ys = view.plot.points(FLOW)
            assert view.history.error == ""
            assert any(x <= recorded_until for x in xs), "the server's history is shown"
            assert 10.0 in list(ys)
            window.grab().save(str(screenshot_dir / "trend_console_of_a_server_reader.png"))
        finally:
            qloop.run_until_complete(console.stop())
        written = [p.name for p in (tmp_path / "console").iterdir()]
        assert written == ["console.ini"]  # its window settings: no spool, key or history
    finally:
        qloop.run_until_complete(serving.__aexit__(None, None, None))


@pytest.mark.slow
def test_a_standalone_console_on_the_reader_role_says_why_it_does_not_open(
    postgres_server: PgServer,
    pg_url: StoreUrl,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = shared_store(postgres_server, pg_url)
    project = write_project(tmp_path / "project")
    argv = ["--project", str(project), "--data-dir", str(tmp_path / "data")]
    assert main([*argv, "--store", str(store.reader)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(
        f"main.py: the store's role {store.reader.user} may only read (a member of hmi_reader)"
    )
    assert "use a role granted hmi_writer" in error and "--server URL" in error
