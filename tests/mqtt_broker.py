"""A real MQTT broker for the tests: Mosquitto (Debian's package) with a configuration of its
own in a temporary folder, listening on a free loopback port, no persistence, anonymous
clients allowed. ``stop()`` and ``start()`` (same port) stand for a broker restart.

``MqttBroker(secured=True)`` (fixture ``secured_mqtt_broker``) is a control room's broker as
``main.py broker init`` makes it (tags/control_room/broker_config.py): TLS only, no anonymous
clients, the ACL; group ``GROUP``, users ``server``, the Sparkplug host ``scada`` and the
workstations ``ws-1`` and ``ws-2``, each with a generated password in an owner-only file.
``url_for(user)`` is that user's ``mqtts://`` URL (``?ca=`` and ``?password_file=``)."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tags.control_room.broker_config import (
    BrokerFolder,
    ControlRoomBroker,
    init_broker_folder,
)
from tests.pg_server import free_port

START_TIMEOUT = 30.0
GROUP = "test room"
SERVER_USER = "server"
SPARKPLUG_HOST = "scada"
WORKSTATIONS = ("ws-1", "ws-2")


def mosquitto() -> Path:
    """The broker program: /usr/sbin/mosquitto (Debian), else the one on PATH."""
    for candidate in ("/usr/sbin/mosquitto", shutil.which("mosquitto")):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    raise RuntimeError("the Mosquitto broker is not installed: apt-get install mosquitto "
                       "(.ci/run installs it)")  # fmt: skip


class MqttBroker:
    """One Mosquitto process, started and stopped by the tests."""

    def __init__(self, *, secured: bool = False, made: Path | None = None) -> None:
        """``made``: a folder ``main.py broker init`` made (its port, users and files)."""
        self.program = mosquitto()
        self.folder = Path(tempfile.mkdtemp(prefix="hmi-mqtt-"))
        self.port = free_port()
        self.secured: BrokerFolder | None = None
        self._process: subprocess.Popen[bytes] | None = None
        if made is not None:
            self.secured = BrokerFolder(made)
            self.port = self.secured.settings().port
            self.config, self.log = self.secured.conf, self.secured.log
            return
        if secured:
            self.secured, _, _ = init_broker_folder(
                self.folder / "broker",
                ControlRoomBroker(
                    GROUP, ("127.0.0.1", "localhost"), self.port, "127.0.0.1", SERVER_USER,
                    SPARKPLUG_HOST, WORKSTATIONS,
                ),
            )  # fmt: skip
            self.config, self.log = self.secured.conf, self.secured.log
            return
        self.config = self.folder / "mosquitto.conf"
        self.log = self.folder / "broker.log"
        self.config.write_text(
            f"listener {self.port} 127.0.0.1\n"
            "allow_anonymous true\n"
            "persistence false\n"
            f"log_dest file {self.log}\n"
            "log_type error\nlog_type warning\nlog_type notice\n"
        )

    @property
    def url(self) -> str:
        """Anonymous: ``mqtt://127.0.0.1:PORT``; secured: the server user's URL."""
        if self.secured is not None:
            return self.url_for(self.secured.settings().server_user)
        return f"mqtt://127.0.0.1:{self.port}"

    def url_for(self, user: str) -> str:
        """A user's ``mqtts://`` URL on the secured broker (its CA and password file)."""
        if self.secured is None:
            raise RuntimeError("url_for: the broker is anonymous; make it with secured=True")
        return self.secured.url(user)

    def reload(self) -> None:
        """Make the running broker read its users and ACL again (SIGHUP)."""
        if self._process is None:
            raise RuntimeError("reload: the broker is not running")
        self._process.send_signal(signal.SIGHUP)

    def start(self) -> None:
        """Start (or start again on the same port) and wait until it accepts connections."""
        self._process = subprocess.Popen(
            [str(self.program), "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                error = self._process.stderr.read().decode() if self._process.stderr else ""
                raise RuntimeError(f"mosquitto exited at start: {error.strip()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1.0):
                    return
            except OSError:
                time.sleep(0.02)  # polling for the broker's socket, not a timing assumption
        raise RuntimeError(f"mosquitto did not listen on {self.port} in {START_TIMEOUT:g} s")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process is not None and process.stderr is not None:
            process.stderr.close()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def mqtt_broker() -> Iterator[MqttBroker]:
    """A broker of the test's own (so a test may stop and start it)."""
    broker = MqttBroker()
    try:
        broker.start()
        yield broker
    finally:
        broker.remove()


@pytest.fixture
def secured_mqtt_broker() -> Iterator[MqttBroker]:
    """A control room's broker of the test's own: TLS, users, the ACL (see above)."""
    broker = MqttBroker(secured=True)
    try:
        broker.start()
        yield broker
    finally:
        broker.remove()
