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
from tags.i18n.catalogue import text
from tags.i18n.formats import date_text

COMMAND = "broker"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``broker`` subcommand of main.py."""
    broker = sub.add_parser(COMMAND, help=text("cli.broker.help"))
    actions = broker.add_subparsers(dest="broker_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "init", help=text("cli.broker.init.help"), description=text("cli.broker.init.about")
    )
    p.add_argument("--out", type=Path, required=True, help=text("cli.broker.opt.out"))
    p.add_argument("--group", help=text("cli.broker.opt.group"))
    p.add_argument(
        "--host",
        action="append",
        default=[],
        metavar="NAME",
        help=text("cli.broker.opt.host"),
    )
    p.add_argument("--port", type=int, default=8883, help=text("cli.broker.opt.port"))
    p.add_argument("--bind", default="", metavar="ADDRESS", help=text("cli.broker.opt.bind"))
    p.add_argument(
        "--server-user", default="server", metavar="NAME", help=text("cli.broker.opt.server_user")
    )
    p.add_argument(
        "--sparkplug-host",
        default="",
        metavar="NAME",
        help=text("cli.broker.opt.sparkplug_host"),
    )
    p.add_argument(
        "--workstation",
        action="append",
        default=[],
        metavar="NAME",
        help=text("cli.broker.opt.workstation"),
    )
    _password_option(p)
    about = text("cli.broker.workstation.about")
    for action, helped in (
        ("add-workstation", text("cli.broker.add.help")),
        ("remove-workstation", text("cli.broker.remove.help")),
    ):
        p = actions.add_parser(action, help=helped, description=about)
        p.add_argument("--dir", type=Path, required=True, help=text("cli.broker.opt.dir"))
        p.add_argument("name", help=text("cli.broker.opt.name"))
        if action == "add-workstation":
            p.add_argument(
                "--password-stdin",
                action="store_true",
                help=text("cli.broker.opt.password"),
            )


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=text("cli.broker.opt.password_stdin"),
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
            print(text("cli.broker.added", name=args.name, path=folder.passwd), file=out)
            if generated:
                print(text("cli.broker.password_in", path=folder.secret(args.name)), file=out)
            _console_line(folder, args.name, out)
        else:
            folder = remove_workstation(args.dir, args.name)
            print(text("cli.broker.removed", name=args.name, path=folder.passwd), file=out)
        hup = f"kill -HUP $(cat {folder.pid_file})"
        print(text("cli.broker.reload", command=hup), file=out)
        return 0
    except BrokerSetupError as exc:
        print(f"broker {args.broker_command}: {exc}", file=out)
        return 1


def init(args: argparse.Namespace, out: TextIO) -> int:
    """``broker init``."""
    group = args.group or _project_name(args.project)
    if group is None:
        print(text("cli.broker.no_project", project=args.project), file=out)
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

    def item(name: str, msg_id: str, **values: object) -> None:
        say(f"  {name:<18} {text(msg_id, **values)}")

    say(text("cli.broker.made", path=path, group=repr(room.group), port=room.port))
    item("mosquitto.conf", "cli.broker.conf", log=folder.log.name)
    item("acl", "cli.broker.acl")
    item("passwd", "cli.broker.passwd", users=", ".join(room.users))
    item("ca.crt", "cli.broker.ca")
    item("ca.key", "cli.broker.ca_key")
    expires = date_text(certificates.expires)
    item("server.crt/.key", "cli.broker.certificate", hosts=", ".join(room.hosts), date=expires)
    for user in generated:
        item(f"secrets/{user}.pw", "cli.broker.secret", user=user)
    say()
    conf = f"mosquitto -c {shlex.quote(str(folder.conf))}"
    say(text("cli.broker.start_broker", command=conf))
    server = (
        f"python main.py server --project {shlex.quote(str(project))} "
        f"--broker {shlex.quote(folder.url(room.server_user))}"
    )
    say(text("cli.broker.start_server", command=server))
    for name in room.workstations:
        _console_line(folder, name, out)
    say(text("cli.broker.elsewhere"))


def _console_line(folder: BrokerFolder, name: str, out: TextIO) -> None:
    command = f"python main.py --server {shlex.quote(folder.url(name))}"
    print(text("cli.broker.console", name=name, command=command), file=out)
