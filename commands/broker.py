"""``python main.py broker init`` / ``add-workstation`` / ``remove-workstation``: the control
room's Mosquitto broker, made into one folder (see tags/control_room/broker_config.py).

    broker init --out DIR [--project P] [--group G] [--host NAME ...] [--port 8883]
                [--bind ADDRESS] [--server-user server] [--sparkplug-host NAME]
                [--workstation NAME ...] [--password-stdin]

Writes the configuration (TLS listener, no anonymous clients), the users, the ACL, a private
certificate authority and the broker's certificate for the host names and addresses given
(the first is the one clients use). Passwords are generated and written owner-only to
DIR/secrets/USER.pw for the clients' ?password_file=, or, with --password-stdin, read from
stdin, one line per user: the server's, the Sparkplug host's, then each workstation's.
Prints what it made and the commands that start the broker, the server and each console.

    broker add-workstation --dir DIR NAME [--password-stdin]
    broker remove-workstation --dir DIR NAME

Add or take away one workstation's user; a running broker reads the change on SIGHUP.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
from pathlib import Path
from typing import TextIO

from tags.config.problems import ConfigError
from tags.control_room.broker_certificates import BrokerCertificates
from tags.control_room.broker_config import (
    BrokerFolder,
    BrokerSetupError,
    ControlRoomBroker,
    add_workstation,
    init_broker_folder,
    passwords_in_order,
    remove_workstation,
)

COMMAND = "broker"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``broker`` subcommand of main.py."""
    broker = sub.add_parser(
        COMMAND, help="make the control room's MQTT broker (Mosquitto: TLS, users, ACL)"
    )
    actions = broker.add_subparsers(dest="broker_command", metavar="ACTION", required=True)
    parts = (__doc__ or "").split("\n\n") + [""] * 5
    p = actions.add_parser(
        "init",
        help="write a broker folder: configuration, users, ACL, certificates",
        description=parts[2],
    )
    p.add_argument("--out", type=Path, required=True, help="the folder to make (new or empty)")
    p.add_argument("--group", help="the Sparkplug group (default: the project's name)")
    p.add_argument(
        "--host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name or address clients use for the broker (repeatable; the first in the "
        "URLs; default: this machine's name, localhost, 127.0.0.1)",
    )
    p.add_argument("--port", type=int, default=8883, help="the TLS port (default 8883)")
    p.add_argument("--bind", default="", metavar="ADDRESS", help="listen only on this address")
    p.add_argument("--server-user", default="server", metavar="NAME", help="the server's user")
    p.add_argument(
        "--sparkplug-host",
        default="",
        metavar="NAME",
        help="a read-only user for a Sparkplug host application (another SCADA, MES)",
    )
    p.add_argument(
        "--workstation",
        action="append",
        default=[],
        metavar="NAME",
        help="a console's user, also its workstation name (repeatable)",
    )
    _password_option(p)
    for action, helped in (
        ("add-workstation", "add a console's user to a broker folder"),
        ("remove-workstation", "take a console's user out of a broker folder"),
    ):
        p = actions.add_parser(action, help=helped, description=parts[4])
        p.add_argument("--dir", type=Path, required=True, help="the folder `broker init` made")
        p.add_argument("name", help="the workstation's name")
        if action == "add-workstation":
            p.add_argument(
                "--password-stdin",
                action="store_true",
                help="read its password from stdin (one line) instead of generating it",
            )


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the passwords from stdin, one line per user, instead of generating them",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run the ``broker`` action as parsed by ``add_parser``; 0 done, 1 refused, 2 bad usage."""
    try:
        if args.broker_command == "init":
            return init(args, out)
        if args.broker_command == "add-workstation":
            password = None
            if args.password_stdin:
                password = next(iter(_read_passwords(1)), "")
            folder, generated = add_workstation(args.dir, args.name, password)
            print(f"added workstation {args.name} to {folder.passwd}", file=out)
            if generated:
                print(f"  password in {folder.secret(args.name)} (owner-only)", file=out)
            _console_line(folder, args.name, out)
        else:
            folder = remove_workstation(args.dir, args.name)
            print(f"removed workstation {args.name} from {folder.passwd}", file=out)
        print(f"a running broker reads it after: kill -HUP $(cat {folder.pid_file})", file=out)
        return 0
    except BrokerSetupError as exc:
        print(f"broker {args.broker_command}: {exc}", file=out)
        return 1


def init(args: argparse.Namespace, out: TextIO) -> int:
    """``broker init``."""
    group = args.group or _project_name(args.project)
    if group is None:
        print(f"broker init: the project {args.project} does not load (see stderr), or give "
              "--group", file=out)  # fmt: skip
        return 1
    hosts = tuple(args.host) or (socket.gethostname(), "localhost", "127.0.0.1")
    try:
        room = ControlRoomBroker(
            group, hosts, args.port, args.bind, args.server_user, args.sparkplug_host,
            tuple(args.workstation),
        )  # fmt: skip
    except BrokerSetupError as exc:
        print(f"broker init: {exc}", file=out)
        return 2
    passwords: dict[str, str | None] = {}
    if args.password_stdin:
        passwords = dict(passwords_in_order(room, _read_passwords(len(room.users))))
    folder, certificates, generated = init_broker_folder(args.out, room, passwords)
    report(folder, room, certificates, generated, args.project, out)
    return 0


def _read_passwords(count: int) -> list[str]:
    """Up to ``count`` lines of stdin (fewer at its end)."""
    lines = []
    for _ in range(count):
        line = sys.stdin.readline()
        if not line:
            break
        lines.append(line.rstrip("\r\n"))
    return lines


def _project_name(project: Path) -> str | None:
    from tags.config.project import load_project

    try:
        return load_project(project).name
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return None


def report(
    folder: BrokerFolder,
    room: ControlRoomBroker,
    certificates: BrokerCertificates,
    generated: list[str],
    project: Path,
    out: TextIO,
) -> None:
    """What ``init`` made, and the commands that start everything."""
    path = folder.path

    def say(line: str = "") -> None:
        print(line, file=out)

    say(f"made {path} for control room {room.group!r} (Sparkplug group), TLS on port {room.port}")
    say(f"  mosquitto.conf     the broker's configuration (log: {folder.log.name})")
    say("  acl                what each user may read and publish")
    say(f"  passwd             users: {', '.join(room.users)} (hashed)")
    say("  ca.crt             the authority clients check the broker with: copy to each console")
    say("  ca.key             the authority's key: keep it safe, off the plant network if you can")
    say(f"  server.crt/.key    the broker's certificate for {', '.join(room.hosts)}, valid until "
        f"{certificates.expires:%Y-%m-%d}")  # fmt: skip
    for user in generated:
        label = f"secrets/{user}.pw"
        say(f"  {label:<18} {user}'s password (owner-only: copy to its machine, chmod 600)")
    say()
    say(f"start the broker:  mosquitto -c {shlex.quote(str(folder.conf))}")
    say(f"start the server:  python main.py server --project {shlex.quote(str(project))} "
        f"--broker {shlex.quote(folder.url(room.server_user))}")  # fmt: skip
    for name in room.workstations:
        _console_line(folder, name, out)
    say("(on another machine: copy ca.crt and the user's .pw file there and name those paths)")


def _console_line(folder: BrokerFolder, name: str, out: TextIO) -> None:
    print(f"console {name}:  python main.py --server {shlex.quote(folder.url(name))}", file=out)
