"""The ``write`` command in a real process against a real Modbus server: the intent is in the
audit trail before the request leaves, so a writer killed while its request is in flight
leaves a record that reads "outcome unknown"; a request that gets no reply exits 3
(unconfirmed), never "failed"; a normal write is an intent and its confirmed outcome.
"""

from __future__ import annotations

import asyncio
import io
import json
import signal
import sys
from pathlib import Path

import pytest

from commands.project import audit_verify
from tags.address import ModbusTable
from tags.clock import SystemClock
from tags.security.audit import AuditRecord, AuditTrail
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import UserStore
from tests.paths import MAIN_PY
from tests.tags.drivers.modbus_server import ModbusTestServer
from tests.tags.drivers.modbus_stall import StallingProxy
from tests.waiting import GENEROUS

PASSWORD = "correct horse"
HR = ModbusTable.HOLDING_REGISTER

PROJECT = """\
[project]
name = "Write bench"
tag_files = ["tags.toml"]

[areas.TST]
description = "Write bench"

[connections.plc]
kind = "modbus"
host = "127.0.0.1"
port = {port}
timeout = {timeout}
retries = 0

[writes]
readback_timeout = 0.5
"""

TAGS = """\
[tags."TST.SP"]
unit = "m³/h"
source = "modbus://plc/1/hr/10"
range = [0, 1000]
writable = true
"""


@pytest.fixture(scope="module")
def users(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A users database with an administrator and an operator (hashing is slow: made once)."""
    folder = tmp_path_factory.mktemp("users")
    with UserStore(folder / "users.db", SystemClock(), SecurityPolicy()) as store:
        store.add("root", Role.ADMIN, PASSWORD)
        store.add("olga", Role.OPERATOR, PASSWORD)
    return folder / "users.db"


def bench(tmp_path: Path, users: Path, port: int, timeout: float) -> tuple[Path, Path]:
    """A project on the Modbus port and a data folder with the accounts."""
    (tmp_path / "project.toml").write_text(PROJECT.format(port=port, timeout=timeout))
    (tmp_path / "tags.toml").write_text(TAGS, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "users.db").write_bytes(users.read_bytes())
    return tmp_path / "project.toml", data


async def start_writer(project: Path, data: Path, value: str) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(MAIN_PY), "write", "--project", str(project), "--data-dir",
        str(data), "TST.SP", value, "--user", "olga", "--password-stdin", "--reason",
        "step test", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(f"{PASSWORD}\n".encode())
    await process.stdin.drain()
    process.stdin.close()
    return process


async def finished(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(process.communicate(), GENEROUS)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def write_reaches(proxy: StallingProxy, process: asyncio.subprocess.Process) -> None:
    """Wait until the write request arrives; fail with the writer's words if it ends first."""
    seen = asyncio.ensure_future(proxy.write_seen.wait())
    ended = asyncio.ensure_future(process.wait())
    done, _ = await asyncio.wait({seen, ended}, timeout=GENEROUS, return_when="FIRST_COMPLETED")
    if seen not in done:
        seen.cancel()
        code, out, err = await finished(process)
        pytest.fail(f"the writer ended ({code}) before its write arrived: {out} {err}")
    ended.cancel()


def trail(data: Path) -> list[AuditRecord]:
    with AuditTrail.in_data_dir(data, SystemClock()) as audit:
        return list(reversed(audit.query()))


def verify(data: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = audit_verify(data, out)
    return code, out.getvalue().splitlines()


@pytest.mark.slow
def test_a_writer_killed_while_its_request_is_in_flight_leaves_an_intent_of_unknown_outcome(
    tmp_path: Path, users: Path
) -> None:
    """Before: the record was written after the read-back, so the kill left none at all."""

    async def scenario() -> int:
        writer: list[asyncio.subprocess.Process] = []
        async with (
            ModbusTestServer(units=(1,)) as server,
            StallingProxy(server.port, on_write=lambda: writer[0].kill()) as proxy,
        ):
            project, data = bench(tmp_path, users, proxy.port, timeout=30)
            writer.append(await start_writer(project, data, "55"))
            await write_reaches(proxy, writer[0])  # SIGKILLed the moment it arrives
            code, _, _ = await finished(writer[0])
            assert await server.get_registers(1, HR, 10, 1) == [0]
            return code

    assert asyncio.run(scenario()) == -signal.SIGKILL
    data = tmp_path / "data"
    login, intent = trail(data)
    assert (login.action, intent.action) == ("login", "write_intent")
    assert (intent.user, intent.workstation, intent.tag, intent.old, intent.new) == (
        "olga", "command line", "TST.SP", "0.0", "55.0",
    )  # fmt: skip
    assert (intent.unit, intent.reason) == ("m³/h", "step test")
    code, lines = verify(data)
    assert code == 0 and lines[0] == "audit trail intact: 2 records verified"
    assert lines[1].startswith("record 2: outcome unknown: ")
    assert lines[1].endswith(" olga at command line wrote TST.SP 0.0 -> 55.0 m³/h (step test)")


@pytest.mark.slow
def test_a_write_without_reply_exits_3_unconfirmed_and_the_outcome_is_recorded(
    tmp_path: Path, users: Path
) -> None:
    """Before: exit 1, status "failed", though the device applied the value later."""

    async def scenario() -> tuple[int, str, str]:
        async with (
            ModbusTestServer(units=(1,)) as server,
            StallingProxy(server.port) as proxy,
        ):
            project, data = bench(tmp_path, users, proxy.port, timeout=0.5)
            writer = await start_writer(project, data, "55")
            await write_reaches(proxy, writer)
            result = await finished(writer)
            await proxy.release()
            return result

    code, out, err = asyncio.run(scenario())
    assert code == 3, (out, err)
    printed = json.loads(out)
    assert printed["status"] == "unconfirmed"
    assert printed["reason"].startswith("sent, but no reply (plc unit 1 hr 10: timeout")
    assert "write of TST.SP UNCONFIRMED, outcome unknown: sent, but no reply" in err
    assert "check TST.SP before writing again" in err
    _, intent, outcome = trail(tmp_path / "data")
    assert (intent.action, outcome.action, outcome.ref) == ("write_intent", "write", intent.seq)
    assert outcome.result == f"unconfirmed: {printed['reason']}"
    assert verify(tmp_path / "data") == (0, ["audit trail intact: 3 records verified"])


@pytest.mark.slow
def test_a_normal_write_is_an_intent_and_its_confirmed_outcome(tmp_path: Path, users: Path) -> None:
    async def scenario() -> tuple[int, str, str]:
        async with ModbusTestServer(units=(1,)) as server:
            project, data = bench(tmp_path, users, server.port, timeout=2)
            result = await finished(await start_writer(project, data, "55"))
            assert await server.get_registers(1, HR, 10, 1) == [55]
            return result

    code, out, err = asyncio.run(scenario())
    assert code == 0, (out, err)
    assert json.loads(out)["status"] == "confirmed"
    _, intent, outcome = trail(tmp_path / "data")
    assert (intent.action, intent.new, outcome.action, outcome.ref) == (
        "write_intent", "55.0", "write", intent.seq,
    )  # fmt: skip
    assert outcome.result == "confirmed: read-back matches"
    assert verify(tmp_path / "data") == (0, ["audit trail intact: 3 records verified"])
