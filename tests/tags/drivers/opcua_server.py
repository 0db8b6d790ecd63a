"""A real asyncua server on 127.0.0.1 at a free port for the OPC UA driver tests.

The server lives in its own thread and event loop, so a test's loop (and its lag ticker)
measures only the driver, and the 2 s address-space set-up of asyncua happens once per server
for the whole test session. Tests talk to it through ``RemoteServer``, whose coroutines run on
the server's loop.

Address space: Objects/<Area>/<Unit>/<Point>, node ids ``ns=2;s=AREA.UNIT.POINT``.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from asyncua import ua
from asyncua.common.node import Node
from asyncua.crypto import cert_gen
from asyncua.crypto.permission_rules import User, UserRole
from asyncua.server.binary_server_asyncio import BinaryServer
from asyncua.server.server import Server
from asyncua.ua.attribute_ids import AttributeIds
from asyncua.ua.object_ids import ObjectIds
from asyncua.ua.status_codes import StatusCodes
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from tags.address import parse_address
from tags.model import DataType, Quality, TagDef, TagSample
from tests.waiting import GENEROUS, until

T = TypeVar("T")

NAMESPACE = "urn:operator-console:test"
SERVER_URI = "urn:operator-console:test-server"


@dataclass(frozen=True)
class Point:
    vtype: ua.VariantType
    initial: Any
    unit: str = ""
    writable: bool = True
    description: str = ""


POINTS: dict[str, Point] = {
    "SCO2.COMP.IN_T": Point(ua.VariantType.Double, 31.5, "°C", description="Compressor inlet T"),
    "SCO2.COMP.RUN": Point(ua.VariantType.Boolean, True, description="Compressor running"),
    "SCO2.COMP.MODE": Point(ua.VariantType.Int32, 2, description="Operating mode"),
    "SCO2.COMP.STATE": Point(ua.VariantType.String, "RUNNING", description="State text"),
    "SCO2.COMP.SPEED_SP": Point(ua.VariantType.Int16, 1200, "rpm", description="Speed setpoint"),
    "SCO2.COMP.FLOW": Point(ua.VariantType.Float, 12.25, "kg/s"),
    "SCO2.COMP.LOCKED": Point(ua.VariantType.Double, 5.0, "bar", writable=False),
    "CWP.DMC.DENS": Point(ua.VariantType.Double, 1.45, "t/m³", writable=False),
    "CWP.DMC.LEVEL": Point(ua.VariantType.Double, 55.0, "%"),
}


def node_id(name: str) -> str:
    return f"ns=2;s={name}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class ServerCertificate:
    cert_der: bytes
    key_pem: bytes


def make_server_certificate(host: str = "127.0.0.1") -> ServerCertificate:
    """A fresh self-signed server certificate (each call: a different fingerprint)."""
    key = cert_gen.generate_private_key()
    cert = cert_gen.generate_self_signed_app_certificate(
        key,
        SERVER_URI,
        {"organizationName": "Test"},
        [x509.UniformResourceIdentifier(SERVER_URI), x509.DNSName(host)],
        extended=[ExtendedKeyUsageOID.SERVER_AUTH],
    )
    return ServerCertificate(
        cert.public_bytes(serialization.Encoding.DER), cert_gen.dump_private_key_as_pem(key)
    )


class PasswordUsers:
    """A user manager that knows name/password pairs and counts every login attempt."""

    def __init__(self, users: Mapping[str, str]) -> None:
        self.users = dict(users)
        self.attempts = 0

    def get_user(
        self, iserver: Any, username: str | None = None, password: str | None = None, **_: Any
    ) -> User | None:
        self.attempts += 1
        if username is not None and self.users.get(username) == password:
            return User(role=UserRole.User, name=username)
        return None


class OpcUaTestServer:
    """The server itself; its coroutines must run on the server thread's loop."""

    def __init__(
        self,
        port: int,
        *,
        certificate: ServerCertificate | None = None,
        users: Mapping[str, str] | None = None,
    ) -> None:
        self.port = port
        self.url = f"opc.tcp://127.0.0.1:{port}/"
        self.certificate = certificate
        self.users = PasswordUsers(users) if users is not None else None
        self.server = Server(user_manager=self.users)  # type: ignore[arg-type]
        self.nodes: dict[str, Node] = {}

    async def start(self) -> None:
        server = self.server
        server.disable_clock()
        await server.init()
        server.set_endpoint(self.url)
        await server.set_application_uri(SERVER_URI)
        if self.certificate is not None:
            await server.load_certificate(self.certificate.cert_der, format="der")
            await server.load_private_key(self.certificate.key_pem, format="pem")
            server.set_security_policy(
                [  # no None endpoint: discovery over a None channel still works
                    ua.SecurityPolicyType.Basic256Sha256_Sign,
                    ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt,
                ]
            )
        else:
            server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        if self.users is not None:
            server.set_identity_tokens([ua.UserNameIdentityToken])
        index = await server.register_namespace(NAMESPACE)
        assert index == 2
        folders: dict[str, Node] = {}
        for name, point in POINTS.items():
            area, unit, leaf = name.split(".")
            parent = server.nodes.objects
            for depth, segment in enumerate((area, unit)):
                key = ".".join((area, unit)[: depth + 1])
                if key not in folders:
                    folder_id = ua.NodeId.from_string(f"ns={index};s={key}")
                    folders[key] = await parent.add_object(folder_id, segment)
                parent = folders[key]
            variable = await parent.add_variable(
                ua.NodeId.from_string(node_id(name)), leaf, ua.Variant(point.initial, point.vtype)
            )
            if point.writable:
                await variable.set_writable()
            if point.description:
                text = ua.LocalizedText(point.description)
                await variable.write_attribute(
                    AttributeIds.Description,
                    ua.DataValue(ua.Variant(text, ua.VariantType.LocalizedText)),
                )
            if point.unit:
                info = ua.EUInformation(
                    NamespaceUri="http://www.opcfoundation.org/UA/units/un/cefact",
                    DisplayName=ua.LocalizedText(point.unit),
                    Description=ua.LocalizedText(point.unit),
                )
                await variable.add_property(
                    ua.NodeId.from_string(f"{node_id(name)}.EngineeringUnits"),
                    ua.QualifiedName("EngineeringUnits", 0),
                    ua.Variant(info, ua.VariantType.ExtensionObject),
                    datatype=ObjectIds.EUInformation,
                )
            self.nodes[name] = variable
        await server.start()

    async def stop(self) -> None:
        await self.server.stop()

    async def stop_listening(self) -> None:
        """Drop every client connection and close the port, as a crashed server would."""
        if self.server.bserver is not None:
            await self.server.bserver.stop()
            self.server.bserver = None

    async def start_listening(self) -> None:
        server = self.server
        bserver = BinaryServer(server.iserver, "127.0.0.1", self.port, server.limits)
        bserver.set_policies(server._policies)
        await bserver.start()
        server.bserver = bserver

    async def set_value(
        self,
        name: str,
        value: Any,
        *,
        status: int = StatusCodes.Good,
        source_time: dt.datetime | None = None,
    ) -> None:
        point = POINTS[name]
        variant = ua.Variant(value, point.vtype) if value is not None else ua.Variant()
        fields: dict[str, Any] = {
            "StatusCode": ua.StatusCode(ua.UInt32(status)),
            "SourceTimestamp": source_time or dt.datetime.now(dt.UTC),
            "ServerTimestamp": dt.datetime.now(dt.UTC),
        }
        await self.server.write_attribute_value(
            self.nodes[name].nodeid, ua.DataValue(variant, **fields)
        )

    async def value(self, name: str) -> Any:
        return await self.nodes[name].read_value()

    async def reset(self) -> None:
        for name, point in POINTS.items():
            await self.set_value(name, point.initial)


class ServerThread:
    """An event loop in a daemon thread that hosts test servers."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self._closed = False

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        """Run on the server loop and wait (from synchronous code)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def call(self, coro: Coroutine[Any, Any, T]) -> Awaitable[T]:
        """Run on the server loop; await the result from another loop without blocking it."""
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.loop))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.run(_cancel_other_tasks())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.run_until_complete(self.loop.shutdown_default_executor())
        self.loop.close()


async def _cancel_other_tasks() -> None:
    current = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


class RemoteServer:
    """A test server as seen from a test's own event loop."""

    def __init__(self, host: ServerThread, server: OpcUaTestServer) -> None:
        self.host = host
        self.server = server
        self.url = server.url
        self.port = server.port

    @property
    def login_attempts(self) -> int:
        return self.server.users.attempts if self.server.users is not None else 0

    async def set_value(self, name: str, value: Any, **kwargs: Any) -> None:
        await self.host.call(self.server.set_value(name, value, **kwargs))

    async def value(self, name: str) -> Any:
        return await self.host.call(self.server.value(name))

    async def stop_listening(self) -> None:
        await self.host.call(self.server.stop_listening())

    async def start_listening(self) -> None:
        await self.host.call(self.server.start_listening())

    def reset(self) -> None:
        self.host.run(self.server.reset())


_HOST: ServerThread | None = None
_SERVERS: dict[str, RemoteServer] = {}


def host() -> ServerThread:
    global _HOST
    if _HOST is None:
        _HOST = ServerThread()
        atexit.register(shutdown)
    return _HOST


def server(
    key: str,
    *,
    port: int | None = None,
    certificate: ServerCertificate | None = None,
    users: Mapping[str, str] | None = None,
) -> RemoteServer:
    """The started server registered under ``key`` (made on first request, then shared)."""
    if key not in _SERVERS:
        thread = host()
        instance = OpcUaTestServer(port or free_port(), certificate=certificate, users=users)
        thread.run(instance.start())
        _SERVERS[key] = RemoteServer(thread, instance)
    return _SERVERS[key]


def shutdown() -> None:
    """Stop every server and the thread (idempotent). The test session calls it at its end
    (tests/tags/drivers/conftest.py); atexit is the fallback for any other use."""
    global _HOST
    if _HOST is None:
        return
    for remote in _SERVERS.values():
        _HOST.run(remote.server.stop())
    _SERVERS.clear()
    _HOST.close()
    _HOST = None


def write_secrets(config_dir: Path, key: str, username: str, password: str, mode: int) -> Path:
    """A secrets.toml with one [opcua.<key>] table and the given file mode."""
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / "secrets.toml"
    path.write_text(f'[opcua.{key}]\nusername = "{username}"\npassword = "{password}"\n')
    path.chmod(mode)
    return path


# test harness: run a scenario on a fresh loop, record batches, measure loop lag -------------


def run(scenario: Coroutine[Any, Any, None], *, timeout: float = 2 * GENEROUS) -> None:
    """Run a test scenario on a new loop; fail on any loop error or task left running."""
    problems: list[str] = []

    def on_error(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        problems.append(f"{context.get('message')}: {context.get('exception')!r}")

    async def main() -> None:
        asyncio.get_running_loop().set_exception_handler(on_error)
        await asyncio.wait_for(scenario, timeout)
        current = asyncio.current_task()

        def leftover() -> list[asyncio.Task[Any]]:
            return [t for t in asyncio.all_tasks() if t is not current]

        with contextlib.suppress(TimeoutError):  # cancelled tasks take a few turns to end
            await until(lambda: not leftover(), timeout=1.0)
        assert not leftover(), f"tasks still running after the scenario: {leftover()}"

    asyncio.run(main())
    assert not problems, problems


class Recorder:
    """A publish callback that keeps every batch and the latest sample per tag."""

    def __init__(self) -> None:
        self.batches: list[dict[str, TagSample]] = []
        self.latest: dict[str, TagSample] = {}

    def __call__(self, batch: Mapping[str, TagSample]) -> None:
        self.batches.append(dict(batch))
        self.latest.update(batch)

    async def wait_for(
        self, condition: Callable[[dict[str, TagSample]], bool], timeout: float = GENEROUS
    ) -> float:
        """Poll until ``condition(latest)`` holds; return the seconds it took."""
        started = time.monotonic()
        while not condition(self.latest):
            if time.monotonic() - started > timeout:
                shown = {k: (v.value, v.quality.name, v.reason) for k, v in self.latest.items()}
                raise AssertionError(f"condition not met within {timeout} s; latest: {shown}")
            await asyncio.sleep(0.01)
        return time.monotonic() - started

    async def subscribed(self, driver: Any, timeout: float = GENEROUS) -> None:
        """Wait until every subscription is made and has had its first publish response
        (the initial read gives values before that)."""
        started = time.monotonic()
        while True:
            status = driver.status()[0]
            if "subscription(s)" in status.detail and status.stats.publish_responses > 0:
                return
            if time.monotonic() - started > timeout:
                raise AssertionError(f"not subscribed within {timeout} s: {status.detail}")
            await asyncio.sleep(0.01)

    def good(self, *names: str) -> Callable[[dict[str, TagSample]], bool]:
        return lambda latest: all(n in latest and latest[n].quality.is_good for n in names)

    def quality(self, quality: Quality, *names: str) -> Callable[[dict[str, TagSample]], bool]:
        return lambda latest: all(n in latest and latest[n].quality is quality for n in names)


class LagMeter:
    """A ticker task measuring how late the loop wakes it (the longest block of the loop)."""

    def __init__(self, tick: float = 0.01) -> None:
        self.tick = tick
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            started = time.monotonic()
            await asyncio.sleep(self.tick)  # the meter's tick: how late it wakes is the lag
            self.worst = max(self.worst, time.monotonic() - started - self.tick)

    async def __aenter__(self) -> LagMeter:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


def make_tag(
    name: str,
    data_type: DataType = DataType.FLOAT,
    *,
    period: float = 0.2,
    connection: str = "dcs",
    node: str | None = None,
) -> TagDef:
    source = f"opcua://{connection}/{node or node_id(name)}"
    return TagDef(
        name=name,
        source=source,
        address=parse_address(source),
        data_type=data_type,
        scan_period=period,
        writable=True,
    )
