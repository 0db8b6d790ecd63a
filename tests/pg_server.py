"""A real PostgreSQL server for the tests and benchmarks: a new cluster in a temporary folder
on a free loopback port, made with Debian's ``initdb`` and run with ``pg_ctl``.

PostgreSQL refuses to run as root: as root the cluster belongs to the ``postgres`` user
(made by Debian's package), in a folder that user owns. Local connections are trusted, but
members of ``hmi_password_login`` must give their password (scram), for the tests of
passwords. Each test gets a database of its own (``pg_url``), dropped afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tags.store.url import StoreUrl

PASSWORD_GROUP = "hmi_password_login"
SERVER_SETTINGS = (
    "-c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB "
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
)


def binaries() -> Path:
    """The folder of initdb and pg_ctl: the newest of /usr/lib/postgresql/*/bin, else PATH."""
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    if folders:
        return Path(folders[-1])
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise RuntimeError(
        "PostgreSQL's server programs (initdb, pg_ctl) are not installed: "
        "apt-get install postgresql (.ci/run installs it)"
    )


FOLDER_PREFIX = "hmi-pg-"
OWNER_FILE = "owner.pid"
"""The test process a cluster belongs to (written beside its data folder)."""


def reap_orphans(bin_dir: Path) -> list[Path]:
    """Stop and remove the clusters of test runs that were killed before they could (their
    owner process is gone); what was removed."""
    removed: list[Path] = []
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        try:
            owner = int((folder / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        command = [str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """One PostgreSQL cluster, started and stopped by the tests."""

    def __init__(self, *, durable: bool = False) -> None:
        self.bin = binaries()
        self.as_root = os.geteuid() == 0
        reap_orphans(self.bin)
        self.folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        (self.folder / OWNER_FILE).write_text(f"{os.getpid()}\n")
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = 0
        self.durable = durable
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
        hba = self.data / "pg_hba.conf"
        rules = hba.read_text()
        hba.write_text(
            f"host all +{PASSWORD_GROUP} 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 trust\nlocal all all trust\n" + rules
        )
        self._names = itertools.count(1)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{program} failed: {done.stderr.strip()}\n{log[-2000:]}")

    def start(self) -> None:
        """Start (or start again, on the same port)."""
        self.port = self.port or free_port()
        settings = SERVER_SETTINGS if not self.durable else SERVER_SETTINGS.split(" -c fsync")[0]
        options = f"-p {self.port} -k {self.folder} {settings}"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log),
                  "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = "postgres") -> StoreUrl:
        return StoreUrl("postgresql", "127.0.0.1", self.port, user, database)

    def admin(self, database: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        """A superuser connection in autocommit mode."""
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        )

    def new_database(self) -> str:
        name = f"t{os.getpid()}_{next(self._names)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole test session."""
    server = PgServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="module")
def private_postgres_server() -> Iterator[PgServer]:
    """A PostgreSQL server of one test module's own, for tests that stop and start it (the
    session's server goes on serving every other test meanwhile)."""
    server = PgServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()


def ensure_running(server: PgServer) -> None:
    """Start ``server`` again if a test left it stopped."""
    try:
        server.admin().close()
    except psycopg.OperationalError:
        server.start()


@pytest.fixture
def pg_url(postgres_server: PgServer) -> Iterator[StoreUrl]:
    """A new, empty database of its own for one test (as the superuser)."""
    name = postgres_server.new_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)
