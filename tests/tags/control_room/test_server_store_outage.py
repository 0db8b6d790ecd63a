"""The server on the shared store through an outage of its PostgreSQL server: an alarm action
whose audit record cannot be written is refused with the reason and not carried out; once the
store is back the same action is done and recorded with its workstation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tags.alarms.state import AlarmState
from tags.clock import SystemClock
from tags.config.project import load_project
from tags.control_room.messages import Action, Refusal, Request
from tags.control_room.server.request_handler import RequestHandler
from tags.control_room.server.sessions import OperatorSessions
from tags.paths import private_dir
from tags.runtime import Runtime
from tags.store.url import StoreUrl
from tags.stores import Stores
from tests.pg_server import PgServer, ensure_running
from tests.tags.control_room.room_bench import LEVEL_HI, PASSWORD, USERS, write_project
from tests.waiting import until

pytestmark = pytest.mark.slow


@pytest.fixture
def own_url(private_postgres_server: PgServer) -> Iterator[StoreUrl]:
    server = private_postgres_server
    name = server.new_database()
    yield server.url(name)
    ensure_running(server)
    server.drop_database(name)


@pytest.mark.asyncio
async def test_an_alarm_action_is_refused_while_its_record_cannot_be_written(
    private_postgres_server: PgServer, own_url: StoreUrl, tmp_path: Path
) -> None:
    data_dir = private_dir(tmp_path / "data")
    with Stores(own_url, data_dir, SystemClock()) as stores:
        users = stores.users()
        try:
            for name, role in USERS.items():
                users.add(name, role, PASSWORD)
        finally:
            users.close()
    project = load_project(write_project(tmp_path / "project"))
    runtime = Runtime(project, data_dir, store=own_url)
    await runtime.start()
    try:
        handler = RequestHandler(
            runtime, OperatorSessions(runtime.clock, 600), rebirth=lambda: None
        )
        await until(lambda: runtime.alarms.alarm(LEVEL_HI).state is AlarmState.ACTIVE_UNACK)
        login = await handler.answer(
            Request(Action.LOGIN, args={"user": "olga", "password": PASSWORD}).to_json(), "ws1"
        )
        assert login.ok, login.error
        ack = Request(Action.ACKNOWLEDGE, str(login.result["session"]), {"alarm": LEVEL_HI})

        private_postgres_server.stop()
        db = runtime.stores.db
        assert db is not None
        await until(lambda: not db.available or _probe(runtime))
        refused = await handler.answer(ack.to_json(), "ws1")
        assert (refused.ok, refused.kind) == (False, Refusal.UNAVAILABLE)
        assert refused.error.startswith("the audit trail cannot be written")
        assert runtime.alarms.alarm(LEVEL_HI).state is AlarmState.ACTIVE_UNACK

        private_postgres_server.start()
        await until(lambda: db.available, timeout=60)
        done = await handler.answer(ack.to_json(), "ws1")
        assert done.ok, done.error
        assert runtime.alarms.alarm(LEVEL_HI).state is AlarmState.ACTIVE_ACK
        records = runtime.audit.query(action="alarm_acknowledge")
        assert [(r.user, r.workstation, r.result) for r in records] == [("olga", "ws1", "ok")]
    finally:
        ensure_running(private_postgres_server)
        await runtime.stop()


def _probe(runtime: Runtime) -> bool:
    """Touch the store so an outage is noticed (False: it still answered)."""
    try:
        runtime.audit.query(action="login")
    except Exception:
        return True
    return False
