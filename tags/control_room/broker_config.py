"""A control room's Mosquitto broker, written into one folder: TLS only, one user per
workstation, and an ACL that lets a console publish its requests and nothing else.

=========================  ==========================================================
``mosquitto.conf``         the broker: ``mosquitto -c DIR/mosquitto.conf``
``acl``                    who may read and publish what (below)
``passwd``                 the users, passwords hashed by ``mosquitto_passwd``
``ca.crt`` / ``ca.key``    the control room's own certificate authority
``server.crt`` / ``.key``  the broker's TLS certificate, for the host names given
``secrets/<user>.pw``      a generated password, owner-only, for ``?password_file=``
``control-room.json``      the settings it was made with (read by add-workstation)
``mosquitto.log``          the broker's log (connections, refusals)
=========================  ==========================================================

The ACL (``<group>`` is the Sparkplug group, the project's name by default):

- the server's user reads and writes ``spBv1.0/<group>/#`` and ``hmi/<group>/#``;
- every other user is a workstation, by pattern (``%u`` is the user name, which is the
  workstation's name): it reads the group's Sparkplug values, ``hmi/<group>/server``,
  ``alarms/+``, ``state/+`` and its own ``response/%u``, and writes ``request/%u`` only;
  so it can publish neither values nor alarms, nor read another console's requests (a log-in
  carries a password) or answers (they carry sessions);
- an optional Sparkplug host user (another SCADA or MES reading the plant) reads
  ``spBv1.0/#``, writes only ``NCMD`` (a rebirth request) to the group's edge nodes and its
  own ``spBv1.0/STATE/<host>``, and is denied ``hmi/#``, so the workstation patterns give it
  nothing.

Users and the ACL are read again when the broker gets SIGHUP (``kill -HUP`` of the pid in
``mosquitto.pid``): adding or removing a workstation needs no restart.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

from tags.control_room.broker_certificates import BrokerCertificates, make_certificates
from tags.control_room.sparkplug import NAMESPACE, MessageType
from tags.control_room.topics import ROOT, Topics
from tags.paths import private_dir, private_file

CONF = "mosquitto.conf"
ACL = "acl"
PASSWD = "passwd"
SETTINGS = "control-room.json"
SECRETS = "secrets"
LOG = "mosquitto.log"
PID = "mosquitto.pid"
CA_CERT = "ca.crt"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
NAME_MAX = 64
PASSWORD_MAX = 128
GENERATED_PASSWORD_BYTES = 24


class BrokerSetupError(ValueError):
    """A broker folder that cannot be made or changed; the message says which name, file or
    limit."""


def check_name(name: str, what: str) -> str:
    """A user name on the broker. A workstation's is also a topic level (its request topic)
    and a file name, so: letters, digits, ``-``, ``_``, ``.``, starting with a letter or
    digit, at most 64 characters."""
    if not name:
        raise BrokerSetupError(f"{what}: a name is needed")
    if len(name) > NAME_MAX:
        raise BrokerSetupError(f"{what} {name!r}: at most {NAME_MAX} characters")
    if not NAME_PATTERN.match(name):
        bad = sorted({c for c in name if not (c.isascii() and (c.isalnum() or c in "_.-"))})
        said = f"the characters {' '.join(repr(c) for c in bad)}" if bad else "a leading - _ ."
        raise BrokerSetupError(
            f"{what} {name!r}: {said} not allowed (it is an MQTT topic level, never / + #: "
            "letters, digits, - _ . only)"
        )
    return name


def check_password(user: str, password: str) -> str:
    if not password:
        raise BrokerSetupError(f"password of {user}: empty")
    if len(password) > PASSWORD_MAX:
        raise BrokerSetupError(f"password of {user}: at most {PASSWORD_MAX} characters")
    if ":" in password or any(c in password for c in "\r\n\0"):
        raise BrokerSetupError(f"password of {user}: no ':', line break or NUL (Mosquitto)")
    return password


def new_password() -> str:
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


@dataclass(frozen=True)
class ControlRoomBroker:
    """What one control room's broker is made of."""

    group: str
    hosts: tuple[str, ...]
    port: int = 8883
    bind: str = ""
    """The listener's address; empty: every interface."""
    server_user: str = "server"
    sparkplug_host: str = ""
    """A read-only Sparkplug host application's user; empty: none."""
    workstations: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", Topics(self.group).group)
        if any(c in self.group for c in "%\r\n\0"):
            raise BrokerSetupError(
                f"group {self.group!r}: no % or line break (the ACL's patterns); choose one "
                "with --group"
            )
        if not self.hosts:
            raise BrokerSetupError("--host: at least one host name or address")
        if not 0 < self.port < 65536:
            raise BrokerSetupError(f"--port {self.port}: must be 1 to 65535")
        check_name(self.server_user, "server user")
        if self.sparkplug_host:
            check_name(self.sparkplug_host, "Sparkplug host user")
        for name in self.workstations:
            check_name(name, "workstation")
        duplicates = {n for n in self.users if self.users.count(n) > 1}
        if duplicates:
            raise BrokerSetupError(f"user name(s) used twice: {', '.join(sorted(duplicates))}")

    @property
    def users(self) -> list[str]:
        """Every user: the server, the Sparkplug host if any, the workstations."""
        host = [self.sparkplug_host] if self.sparkplug_host else []
        return [self.server_user, *host, *self.workstations]

    def acl_text(self) -> str:
        """The ACL file (Mosquitto 2.0: ``user``, ``topic``, ``pattern``)."""
        topics = Topics(self.group)
        workstation = "%u"
        lines = [
            f"# Control room {self.group!r}: who may read and publish what.",
            "# Written by `main.py broker init`; the broker reads it again on SIGHUP.",
            "# Anonymous clients: nothing (allow_anonymous false; no topic line before a user).",
            "",
            "# The server: everything of its group, values and its own tree.",
            f"user {self.server_user}",
            f"topic readwrite {topics.sparkplug_all}",
            f"topic readwrite {topics.base}/#",
            f"topic read {NAMESPACE}/STATE/+",
        ]
        if self.sparkplug_host:
            lines += [
                "",
                "# A Sparkplug host application: reads every group, may ask for a rebirth",
                "# (NCMD) and publish its own STATE, nothing of the consoles' tree.",
                f"user {self.sparkplug_host}",
                f"topic read {NAMESPACE}/#",
                f"topic write {NAMESPACE}/{topics.group}/{MessageType.NCMD.value}/+",
                f"topic write {NAMESPACE}/STATE/{self.sparkplug_host}",
                f"topic deny {ROOT}/#",
            ]
        lines += [
            "",
            "# Every other user is a workstation (user name = workstation name): values,",
            "# server status, alarms, states and its own answers; it publishes its requests",
            "# only. (Mosquitto warns that the read patterns hold no %u: they are the same",
            "# for every workstation.)",
            f"pattern read {topics.sparkplug_all}",
            f"pattern read {topics.server}",
            f"pattern read {topics.alarms_all}",
            f"pattern read {topics.state_all}",
            f"pattern read {topics.response(workstation)}",
            f"pattern write {topics.request(workstation)}",
            "",
        ]
        return "\n".join(lines)


def mosquitto_conf_text(folder: Path, room: ControlRoomBroker, run_as: str) -> str:
    """``mosquitto.conf``: one TLS listener, users and ACL from the folder, no persistence."""
    bind = f" {room.bind}" if room.bind else ""
    return "\n".join(
        [
            f"# Mosquitto 2.0 for control room {room.group!r}, written by `main.py broker init`.",
            f"# Start:  mosquitto -c {folder / CONF}",
            f"# Reload users and ACL:  kill -HUP $(cat {folder / PID})",
            "",
            "per_listener_settings false",
            "allow_anonymous false",
            f"password_file {folder / PASSWD}",
            f"acl_file {folder / ACL}",
            "# Started as root, Mosquitto would switch to its own user, which cannot read",
            "# this owner-only folder: it runs as the folder's owner.",
            f"user {run_as}",
            f"pid_file {folder / PID}",
            "# No persistence: after a restart every retained state (server status, alarms)",
            "# comes fresh from the server, never a stale copy from before.",
            "persistence false",
            f"log_dest file {folder / LOG}",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "connection_messages true",
            "log_timestamp_format %Y-%m-%dT%H:%M:%S",
            "",
            f"listener {room.port}{bind}",
            "protocol mqtt",
            f"certfile {folder / 'server.crt'}",
            f"keyfile {folder / 'server.key'}",
            f"cafile {folder / CA_CERT}",
            "require_certificate false",
            "tls_version tlsv1.2",
            "",
        ]
    )


def mosquitto_passwd() -> Path:
    """The ``mosquitto_passwd`` program (Debian's mosquitto package)."""
    for candidate in ("/usr/bin/mosquitto_passwd", shutil.which("mosquitto_passwd")):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    raise BrokerSetupError(
        "mosquitto_passwd not found: install Mosquitto (apt-get install mosquitto)"
    )


def hashed_lines(folder: Path, passwords: Mapping[str, str]) -> list[str]:
    """``user:hash`` lines made by ``mosquitto_passwd -U`` from a plain owner-only file in
    ``folder`` that is removed at once (a password is never on a command line)."""
    for user, password in passwords.items():
        check_password(user, password)
    fd, name = tempfile.mkstemp(prefix=".passwd-", dir=folder)
    plain = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(f"{user}:{password}\n" for user, password in passwords.items())
        done = subprocess.run(
            [str(mosquitto_passwd()), "-U", str(plain)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip()
            raise BrokerSetupError(f"mosquitto_passwd could not hash the passwords: {said}")
        return [line for line in plain.read_text(encoding="utf-8").splitlines() if line]
    finally:
        plain.unlink(missing_ok=True)


def _user_of(line: str) -> str:
    return line.split(":", 1)[0]


@dataclass(frozen=True)
class BrokerFolder:
    """A folder made by ``init_broker_folder``, and the changes one can make to it."""

    path: Path

    @property
    def conf(self) -> Path:
        return self.path / CONF

    @property
    def ca(self) -> Path:
        return self.path / CA_CERT

    @property
    def passwd(self) -> Path:
        return self.path / PASSWD

    @property
    def pid_file(self) -> Path:
        return self.path / PID

    @property
    def log(self) -> Path:
        return self.path / LOG

    def secret(self, user: str) -> Path:
        """The owner-only password file of ``user`` (there when its password was generated)."""
        return self.path / SECRETS / f"{user}.pw"

    def settings(self) -> ControlRoomBroker:
        """The settings the folder was made with."""
        path = self.path / SETTINGS
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["hosts"] = tuple(data["hosts"])
            data["workstations"] = tuple(data["workstations"])
            return ControlRoomBroker(**data)
        except FileNotFoundError:
            raise BrokerSetupError(
                f"{self.path} is not a broker folder made by `broker init` (no {SETTINGS})"
            ) from None
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise BrokerSetupError(f"{path}: unreadable: {exc}") from None

    def users(self) -> list[str]:
        """The users in ``passwd``."""
        text = self.passwd.read_text(encoding="utf-8")
        return [_user_of(line) for line in text.splitlines() if line.strip()]

    def url(self, user: str, host: str | None = None) -> str:
        """The broker URL of ``user`` as this machine sees the folder (``?ca=`` and, when the
        password was generated, ``?password_file=``)."""
        room = self.settings()
        query = f"?ca={quote(str(self.ca))}"
        if self.secret(user).exists():
            query += f"&password_file={quote(str(self.secret(user)))}"
        return f"mqtts://{user}@{host or room.hosts[0]}:{room.port}{query}"

    def add_users(self, passwords: Mapping[str, str | None]) -> list[str]:
        """Add (or give a new password to) users; a None password is generated and written
        to the user's secret file. Returns the users whose password was generated."""
        chosen = {u: p or new_password() for u, p in passwords.items()}
        generated = [u for u, p in passwords.items() if not p]
        new_lines = hashed_lines(self.path, chosen)
        kept = []
        if self.passwd.exists():
            text = self.passwd.read_text(encoding="utf-8")
            kept = [line for line in text.splitlines() if line and _user_of(line) not in chosen]
        self._write_private(self.passwd, "".join(f"{line}\n" for line in kept + new_lines))
        secrets_dir = private_dir(self.path / SECRETS)
        for user in chosen:
            secret = secrets_dir / f"{user}.pw"
            if user in generated:
                self._write_private(secret, chosen[user] + "\n")
            else:
                secret.unlink(missing_ok=True)  # a password given by hand is not kept here
        return generated

    def remove_user(self, user: str) -> None:
        lines = [line for line in self.passwd.read_text(encoding="utf-8").splitlines() if line]
        self._write_private(self.passwd, "".join(f"{x}\n" for x in lines if _user_of(x) != user))
        self.secret(user).unlink(missing_ok=True)

    def save_settings(self, room: ControlRoomBroker) -> None:
        self._write_private(self.path / SETTINGS, json.dumps(asdict(room), indent=2) + "\n")

    @staticmethod
    def _write_private(path: Path, text: str) -> None:
        """Replace ``path`` at once (never half-written), owner-only."""
        spare = private_file(path.with_name(f".{path.name}.new"))
        spare.write_text(text, encoding="utf-8")
        os.replace(spare, path)


def run_as_user() -> str:
    """The name of the user running this (the broker runs as the folder's owner)."""
    try:
        import pwd
    except ImportError:  # not POSIX: Mosquitto ignores ``user`` there
        return "mosquitto"
    return pwd.getpwuid(os.getuid()).pw_name


def _empty_or_missing(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BrokerSetupError(f"--out {folder}: exists and is not a folder")
    if folder.exists() and any(folder.iterdir()):
        raise BrokerSetupError(
            f"--out {folder}: exists and is not empty; choose a new folder (nothing is "
            "overwritten: add a workstation with `broker add-workstation`)"
        )


def init_broker_folder(
    folder: Path,
    room: ControlRoomBroker,
    passwords: Mapping[str, str | None] | None = None,
) -> tuple[BrokerFolder, BrokerCertificates, list[str]]:
    """Write the whole broker folder for ``room``; ``passwords`` by user (missing or None:
    generated). Returns the folder, its certificates and the users with generated passwords.
    Refuses a folder that exists and is not empty."""
    folder = folder.expanduser().resolve()
    _empty_or_missing(folder)
    if any(c in str(folder) for c in "\n\r"):
        raise BrokerSetupError(f"--out {folder!r}: a line break in the path")
    mosquitto_passwd()  # fail before writing anything
    chosen = {user: (passwords or {}).get(user) for user in room.users}
    unknown = set(passwords or {}) - set(room.users)
    if unknown:
        raise BrokerSetupError(f"passwords for unknown users: {', '.join(sorted(unknown))}")
    existed = folder.exists()
    private_dir(folder)
    made = BrokerFolder(folder)
    try:
        certificates = make_certificates(folder, room.hosts)
        generated = made.add_users(chosen)
        made._write_private(folder / ACL, room.acl_text())
        made._write_private(folder / CONF, mosquitto_conf_text(folder, room, run_as_user()))
        made.save_settings(room)
    except BaseException:
        _clear(folder, remove=not existed)  # no half-made folder stays behind
        raise
    return made, certificates, generated


def _clear(folder: Path, *, remove: bool) -> None:
    if remove:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for entry in folder.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def add_workstation(
    folder: Path, name: str, password: str | None = None
) -> tuple[BrokerFolder, bool]:
    """Add workstation ``name`` to a broker folder; True when its password was generated."""
    made = BrokerFolder(folder.expanduser().resolve())
    room = made.settings()
    check_name(name, "workstation")
    if name in made.users() or name in room.users:
        raise BrokerSetupError(f"workstation {name!r}: {made.passwd} already has that user")
    generated = made.add_users({name: password})
    made.save_settings(_with_workstations(room, [*room.workstations, name]))
    return made, bool(generated)


def remove_workstation(folder: Path, name: str) -> BrokerFolder:
    """Take workstation ``name`` out of a broker folder (its user and secret file)."""
    made = BrokerFolder(folder.expanduser().resolve())
    room = made.settings()
    if name in (room.server_user, room.sparkplug_host):
        raise BrokerSetupError(f"{name!r} is not a workstation: it is the server or host user")
    if name not in made.users():
        raise BrokerSetupError(f"workstation {name!r}: not a user of {made.passwd}")
    made.remove_user(name)
    made.save_settings(_with_workstations(room, [w for w in room.workstations if w != name]))
    return made


def _with_workstations(room: ControlRoomBroker, names: Iterable[str]) -> ControlRoomBroker:
    data = asdict(room)
    data.update(hosts=room.hosts, workstations=tuple(names))
    return ControlRoomBroker(**data)


def passwords_in_order(room: ControlRoomBroker, names: Sequence[str]) -> dict[str, str]:
    """``names`` (one password each, in the order of ``room.users``) by user."""
    if len(names) != len(room.users):
        raise BrokerSetupError(
            f"--password-stdin: {len(room.users)} lines needed ({', '.join(room.users)}), "
            f"got {len(names)}"
        )
    return dict(zip(room.users, names, strict=True))
