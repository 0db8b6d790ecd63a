"""The command line: parse it, then open the console or run a command.

python main.py [--project PATH]          open the console (demo project by default)
python main.py --server URL [--workstation NAME]   a console of a control room's server (or
                                         the project's [server]): no drivers of its own
python main.py check PATH                validate a project
python main.py users add|passwd|list     manage users
python main.py audit verify              check the audit trail for tampering
python main.py read / write              commissioning reads and audited writes (--field:
                                         the running simulator or a private one)
python main.py force / release / forced  forced values (engineers; audited, stored)
python main.py loopcheck [record|fail]   loop-check sheets: progress, entries, PDF/CSV
python main.py record --minutes N ...    record the simulated plant for replay
python main.py export TAG... --out FILE  recorded history to CSV
python main.py report [--recording FILE] a shift report PDF (energy, alarms, writes, notes)
python main.py replay [FILE] [--from T]  the console on a recording, or on its own history
python main.py sim [--speed X] ...       serve the simulated plants over Modbus TCP and OPC UA
python main.py sessions / debrief / compare   training sessions, their debriefs (PDF), side by side
python main.py translations update|build|check   the console's .ts/.qm (--lang zh_CN: Chinese)
python main.py store init --url URL     prepare a shared PostgreSQL store (schema, roles, tables)
python main.py broker init --out DIR    the control room's MQTT broker (TLS, users, ACL)
python main.py server --broker URL      the control room's server: the project headless, served
                                         to the consoles through an MQTT broker
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from commands import broker as broker_commands
from commands import forcing as forcing_commands
from commands import history as history_commands
from commands import loopcheck as loopcheck_commands
from commands import project as project_commands
from commands import replay as replay_commands
from commands import report as report_commands
from commands import server as server_commands
from commands import store as store_commands
from commands import training as training_commands
from commands import translations as translations_commands
from commands.display_libraries import advice, missing_packages
from commands.wording import CommandParser, argparse_in_language, requested_language
from tags.field_choice import Field
from tags.i18n.catalogue import text
from tags.i18n.language import set_language
from tags.paths import DATA_ENV, data_dir
from tags.sqlite_file import DataFileError
from tags.store.postgres import StoreError
from tags.store.url import StoreConfigError, StoreUrl, parse_store_url

if TYPE_CHECKING:
    from tags.control_room.console.server_choice import ServerChoice

DEMO_PROJECT = Path(__file__).resolve().parents[1] / "resources" / "projects" / "demo" / "demo.toml"


def build_parser(prog: str = "main.py") -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = CommandParser(
        prog=prog,
        description=text("cli.main.about"),
    )
    parser.add_argument("--project", type=Path, default=DEMO_PROJECT,
                        help=text("cli.main.opt.project"))  # fmt: skip
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=text("cli.main.opt.data_dir", env=DATA_ENV),
    )
    parser.add_argument(
        "--store",
        metavar="URL",
        default=None,
        help=text("cli.main.opt.store"),
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        default=None,
        help=text("cli.main.opt.server"),
    )
    parser.add_argument(
        "--workstation",
        dest="console_workstation",
        metavar="NAME",
        default=None,
        help=text("cli.main.opt.workstation"),
    )
    parser.add_argument("--fullscreen", action="store_true",
                        help=text("cli.main.opt.fullscreen"))  # fmt: skip
    parser.add_argument("--lang", type=translations_commands.language_option, default=None,
                        help=text("cli.main.opt.lang"))  # fmt: skip
    users_change = text("cli.users.about")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    translations_commands.add_parser(sub)

    p = sub.add_parser("check", help=text("cli.check.help"))
    p.add_argument("path", type=Path)

    users = sub.add_parser("users", help=text("cli.users.help"))
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    p = users_sub.add_parser("add", help=text("cli.users.add.help"), description=users_change)
    p.add_argument("name")
    p.add_argument("--role", required=True, help=text("cli.users.opt.role"))
    p.add_argument("--areas", default="", help=text("cli.users.opt.areas"))
    _credentials(p)
    p = users_sub.add_parser("passwd", help=text("cli.users.passwd.help"), description=users_change)
    p.add_argument("name")
    _credentials(p)
    users_sub.add_parser("list", help=text("cli.users.list.help"))

    audit = sub.add_parser("audit", help=text("cli.audit.help"))
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_sub.add_parser("verify", help=text("cli.audit.verify.help"))

    p = sub.add_parser(
        "read",
        help=text("cli.read.help"),
        description=text("cli.read.about", field=text("cli.field.about")),
    )
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.add_argument("--timeout", type=float, default=10.0)
    _add_field_option(p)

    p = sub.add_parser(
        "write",
        help=text("cli.write.help"),
        description=text("cli.write.about", field=text("cli.field.about")),
    )
    p.add_argument("tag")
    p.add_argument("value")
    p.add_argument("--user", required=True)
    p.add_argument("--password-stdin", action="store_true", help=text("cli.opt.password_stdin"))
    p.add_argument("--reason", default="")
    _add_field_option(p)

    p = sub.add_parser("browse", help=text("cli.browse.help"))
    p.add_argument("url", help="opc.tcp://host:port/path")
    p.add_argument("--out", type=Path, required=True, help=text("cli.browse.opt.out"))
    p.add_argument("--connection", default="dcs", help=text("cli.browse.opt.connection"))
    p.add_argument("--root", default="Objects", help=text("cli.browse.opt.root"))
    p.add_argument(
        "--security",
        default="None",
        choices=("None", "Basic256Sha256_Sign", "Basic256Sha256_SignAndEncrypt"),
    )
    p.add_argument("--credentials", default="", help=text("cli.browse.opt.credentials"))
    p.add_argument("--trust", default="first_use", choices=("first_use", "list"))

    p = sub.add_parser(
        "sim",
        help=text("cli.sim.help"),
    )
    p.add_argument("--speed", type=float, default=None, help=text("cli.sim.opt.speed"))
    p.add_argument("--seed", type=int, default=None, help=text("cli.sim.opt.seed"))
    p.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME[@SECONDS]",
        help=text("cli.sim.opt.scenario"),
    )
    p.add_argument("--list-scenarios", action="store_true", help=text("cli.sim.opt.list"))
    history_commands.add_parsers(sub)
    forcing_commands.add_parsers(sub)
    loopcheck_commands.add_parser(sub)
    report_commands.add_parser(sub)
    replay_commands.add_parser(sub)
    training_commands.add_parsers(sub)
    store_commands.add_parser(sub)
    broker_commands.add_parser(sub)
    server_commands.add_parser(sub)
    return parser


def _credentials(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--admin", metavar="NAME", help=text("cli.users.opt.admin"))
    parser.add_argument("--password-stdin", action="store_true",
                        help=text("cli.users.opt.password_stdin"))  # fmt: skip


def _admin(args: argparse.Namespace) -> tuple[str, str] | None:
    """The --admin name and its password (first stdin line, or asked), or None."""
    if not args.admin:
        return None
    if args.password_stdin:
        return args.admin, sys.stdin.readline().rstrip("\r\n")
    return args.admin, getpass.getpass(text("cli.password.admin", name=args.admin))


def _add_field_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--field", type=Field, choices=list(Field), default=Field.AUTO,
        help=text("cli.field.opt"),
    )  # fmt: skip


def _password(from_stdin: bool, confirm: bool = False) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(text("cli.password.prompt"))
    if confirm and getpass.getpass(text("cli.password.repeat")) != password:
        raise SystemExit(text("cli.password.differ"))
    return password


def configure_logging(level: int) -> None:
    """Log to stderr. The drivers log a lost link and its recovery once each; the protocol
    libraries' own tracebacks and frame dumps on every lost link would flood the log."""
    for noisy in ("pymodbus", "asyncua"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(argv: Sequence[str] | None = None, *, prog: str = "main.py") -> int:
    """Run the console or one command; a data file or a shared store it cannot use is one
    line, exit 1."""
    try:
        return _main(argv, prog)
    except (DataFileError, StoreError) as problem:  # StoreError: the shared store's server
        print(f"{prog}: {problem}", file=sys.stderr)
        return 1


def _main(argv: Sequence[str] | None, prog: str) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # --project/--data-dir/--store may also follow the subcommand (main.py read --project P)
    global_opts, rest = _split_global_options(argv)
    language = requested_language(global_opts)
    if language is not None:  # before the parser: its help and errors in that language too
        set_language(language)
    with argparse_in_language():
        parser = build_parser(prog)
        args = parser.parse_args(global_opts + rest)
    verbose = args.command in (None, "sim", server_commands.COMMAND)
    configure_logging(logging.INFO if verbose else logging.WARNING)
    try:
        args.store = store_option(args.store)
    except StoreConfigError as problem:
        print(f"{prog}: {problem}", file=sys.stderr)
        return 2
    folder = data_dir(args.data_dir)
    out = sys.stdout
    if args.lang is not None:  # also when given in a way the first look did not see
        set_language(args.lang)
    missing = missing_packages() if args.command in (None, replay_commands.COMMAND) else []
    if missing:  # before Qt starts: Qt would abort the process without a word of why
        print(advice(missing), file=sys.stderr)
        return 1
    if args.command is None:
        from hmi.shell.app import run_console
        from screens import open_project, screen_for_tag

        server = server_option(args, prog)
        if isinstance(server, int):
            return server
        return run_console(
            args.project, folder, open_project, screen_for_tag, fullscreen=args.fullscreen,
            store=args.store, server=server, language=args.lang,
        )  # fmt: skip
    if args.command == translations_commands.COMMAND:
        return translations_commands.run(args, out)
    if args.command == "check":
        return project_commands.check(args.path, out, folder)
    if args.command in STORE_COMMANDS:
        store = chosen_store(args, prog)
        if store is None:
            return 1
        args.store = store
    if args.command == "users":
        if args.users_command == "add":
            areas = [a.strip() for a in args.areas.split(",") if a.strip()]
            admin = _admin(args)
            password = _password(args.password_stdin, confirm=True)
            return project_commands.users_add(
                folder, args.name, args.role, password, areas, out, admin=admin, store=args.store
            )
        if args.users_command == "passwd":
            admin = _admin(args)
            password = _password(args.password_stdin, confirm=True)
            return project_commands.users_passwd(
                folder, args.name, password, out, admin=admin, store=args.store
            )
        return project_commands.users_list(folder, out, store=args.store)
    if args.command == "audit":
        return project_commands.audit_verify(folder, out, store=args.store)
    if args.command == "read":
        return asyncio.run(
            project_commands.read(
                args.project,
                folder,
                args.tags,
                out,
                args.timeout,
                field=args.field,
                store=args.store,
            )
        )
    if args.command == "write":
        password = _password(args.password_stdin)
        return asyncio.run(
            project_commands.write(
                args.project,
                folder,
                args.tag,
                args.value,
                args.user,
                password,
                args.reason,
                out,
                field=args.field,
                store=args.store,
            )
        )
    if args.command == "browse":
        from tags.drivers.opcua.browse import browse_command

        return asyncio.run(
            browse_command(
                args.url,
                args.out,
                args.connection,
                root=args.root,
                security=args.security,
                credentials=args.credentials,
                trust=args.trust,
                data_dir=folder,
            )
        )
    if args.command == "sim":
        return project_commands.sim(
            args.project,
            out,
            speed=args.speed,
            seed=args.seed,
            scenarios=args.scenario,
            list_only=args.list_scenarios,
        )
    if args.command in history_commands.COMMANDS:
        return history_commands.run(args, folder, out)
    if args.command in forcing_commands.COMMANDS:
        return forcing_commands.run(args, folder, out, _password)
    if args.command == loopcheck_commands.COMMAND:
        return loopcheck_commands.run(args, folder, out, _password)
    if args.command == report_commands.COMMAND:
        return report_commands.run(args, folder, out)
    if args.command in training_commands.COMMANDS:
        return training_commands.run(args, folder, out)
    if args.command == store_commands.COMMAND:
        return store_commands.run(args, out)
    if args.command == broker_commands.COMMAND:
        return broker_commands.run(args, out)
    if args.command == server_commands.COMMAND:
        return server_commands.run(args, folder, out)
    if args.command == replay_commands.COMMAND:
        chosen = replay_commands.request(args, folder, out)
        if isinstance(chosen, int):
            return chosen
        from hmi.shell.app import run_console
        from screens import open_project, screen_for_tag

        return run_console(args.project, folder, open_project, screen_for_tag,
                           replay=chosen.path, replay_range=chosen.range,
                           fullscreen=args.fullscreen, store=args.store,
                           language=args.lang)  # fmt: skip
    with argparse_in_language():
        parser.error(text("cli.unknown_command", command=args.command))
    return 2


STORE_COMMANDS = (
    "users", "audit", "export", "report", "sessions", "debrief", "compare", "force", "release",
    "forced", "loopcheck",
)  # fmt: skip
"""The commands that open stores without building a runtime: they are told the store."""


def chosen_store(args: argparse.Namespace, prog: str) -> StoreUrl | None:
    """The store a command works on: ``--store``, else the project's ``[store]``; None (the
    project's problems said on stderr) when the project that names it does not load."""
    if args.store is not None:
        return args.store  # type: ignore[no-any-return]
    from tags.config.problems import ConfigError
    from tags.config.project import load_project

    try:
        return load_project(args.project).store
    except ConfigError as exc:
        print(text("cli.store_not_loaded", prog=prog), file=sys.stderr)
        print(exc, file=sys.stderr)
        return None


def server_option(args: argparse.Namespace, prog: str) -> ServerChoice | int | None:
    """The server ``--server``/``--workstation`` choose, over the project's ``[server]``
    (None: the project decides, standalone without one); an exit code when the options or
    the project cannot be used (the problem said on stderr)."""
    if args.server is None and args.console_workstation is None:
        return None
    from commands.project import load_or_report
    from tags.control_room.broker import BrokerConfigError
    from tags.control_room.console.server_choice import command_line_choice

    project = load_or_report(args.project, sys.stderr)
    if project is None:
        return 1
    try:
        chosen = command_line_choice(args.server, args.console_workstation, project.server)
        if chosen is not None:
            chosen.broker.password()  # an unreadable password file is said now, not later
    except BrokerConfigError as problem:
        print(f"{prog}: {problem}", file=sys.stderr)
        return 2
    return chosen


def store_option(text: str | None) -> StoreUrl | None:
    """The ``--store URL`` given on the command line (None: the project's [store] decides).

    Every command that opens stores takes it (a global option, accepted anywhere on the
    line); it replaces the project's ``store``."""
    if text is None:
        return None
    return parse_store_url(text, where="--store")


GLOBAL_OPTIONS = ("--project", "--data-dir", "--store", "--lang")
"""Options taking a value that may stand anywhere on the line (``--server`` and
``--workstation`` open the console: they come before any subcommand, which may have options
of those names, ``broker init --workstation``)."""


def _split_global_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """Move --project/--data-dir/--store/--fullscreen (anywhere on the line) in front of the
    subcommand."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if arg == "--fullscreen":
            front.append(arg)
        elif name in GLOBAL_OPTIONS:
            if "=" in arg:
                front.append(arg)
            elif i + 1 < len(argv):
                front += [arg, argv[i + 1]]
                i += 1
            else:
                rest.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front, rest


def console_script() -> None:
    """The installed ``operator-console`` command (``[project.scripts]``)."""
    sys.exit(main(prog="operator-console"))
