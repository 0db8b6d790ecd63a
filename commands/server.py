"""``python main.py server --broker URL``: the control room's server, headless.

It runs the project (drivers, alarms, historian, analytics, training, write path, audit; the
embedded field simulator of a project that has one) and serves it to the consoles through the
MQTT broker (tags/control_room/server/server.py) until Ctrl+C or SIGTERM, then stops cleanly: the
Sparkplug death and the offline status published, the runtime's files closed. No Qt is
loaded. One log line per field connection as it changes, and per broker connect and loss.

On a PostgreSQL store every server is one of a redundant pair (a second one started on the same
project and store stands by; tags/control_room/server/server_pair.py): ``--instance`` names it,
and ``--switchover`` asks the running primary to hand over to the standby.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import socket
import sys
from pathlib import Path
from typing import TextIO

from commands.project import load_or_report
from tags.config.project import Project
from tags.control_room.broker import BrokerConfigError, BrokerUrl, parse_broker_url
from tags.control_room.sparkplug import SparkplugError
from tags.control_room.topics import Topics, topic_part
from tags.drivers.base import ConnectionStatus
from tags.i18n.catalogue import text
from tags.runtime import Runtime
from tags.shutdown import StopRequest, stop_on_signals
from tags.store.url import StoreUrl

COMMAND = "server"
DEFAULT_NODE = "server"

log = logging.getLogger("server")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``server`` subcommand of main.py."""
    p = sub.add_parser(
        COMMAND,
        help=text("cli.server.help"),
        description=text("cli.server.about"),
    )
    p.add_argument(
        "--broker",
        metavar="URL",
        help=text("cli.server.opt.broker"),
    )
    p.add_argument("--group", default=None, help=text("cli.server.opt.group"))
    p.add_argument(
        "--node", default=DEFAULT_NODE, help=text("cli.server.opt.node", node=DEFAULT_NODE)
    )
    p.add_argument(
        "--instance",
        metavar="NAME",
        default=None,
        help=text("cli.server.opt.instance"),
    )
    p.add_argument(
        "--switchover",
        action="store_true",
        help=text("cli.server.opt.switchover"),
    )


def run(args: argparse.Namespace, data_dir: Path, out: TextIO, err: TextIO | None = None) -> int:
    """Check the options and the project, then serve until stopped (exit code); problems
    go to ``err`` (default stderr)."""
    err = err or sys.stderr
    if args.switchover:
        return switchover_command(args, out, err)
    if not args.broker:
        print(text("cli.server.needs_broker", command=COMMAND), file=err)
        return 2
    try:
        broker = parse_broker_url(args.broker, where="--broker")
        broker.password()  # an unreadable password file is said now, not at each reconnect
    except BrokerConfigError as exc:
        print(f"{COMMAND}: {exc}", file=err)
        return 2
    project = load_or_report(args.project, err)
    if project is None:
        return 1
    try:
        topics = Topics(args.group or project.name, args.node)
    except SparkplugError as exc:
        print(f"{COMMAND}: --group/--node: {exc}", file=err)
        return 2
    store: StoreUrl | None = args.store
    chosen = store or project.store
    if chosen.is_postgresql:
        instance = args.instance or f"{socket.gethostname()}-{os.getpid()}"
        try:
            topic_part(instance)
        except SparkplugError as exc:
            print(f"{COMMAND}: --instance: {exc}", file=err)
            return 2
        return asyncio.run(serve_pair(project, data_dir, broker, topics, out, chosen, instance))
    return asyncio.run(serve(project, data_dir, broker, topics, out, store=store))


async def serve_pair(
    project: Project,
    data_dir: Path,
    broker: BrokerUrl,
    topics: Topics,
    out: TextIO,
    store: StoreUrl,
    instance: str,
    *,
    stop: StopRequest | None = None,
) -> int:
    """Serve as one server of a redundant pair on the shared store until ``stop``."""
    from tags.control_room.server.server_pair import PairedServer

    stop = stop or stop_on_signals()
    member = PairedServer(
        project, data_dir, broker, topics, store=store, instance=instance, out=out
    )
    print(
        text("cli.server.pair", command=COMMAND, project=project.name, instance=instance,
             store=store, broker=broker, group=topics.group, node=topics.node),
        file=out, flush=True,
    )  # fmt: skip
    try:
        return await member.run(stop)
    finally:
        log.info("stopped (%s)", stop.by or "asked")
        print(text("cli.server.stopped", command=COMMAND), file=out, flush=True)


def switchover_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``server --switchover``: ask the primary of the project's pair to hand over."""
    from tags.control_room.server.switchover import switchover

    project = load_or_report(args.project, err)
    if project is None:
        return 1
    store: StoreUrl = args.store or project.store
    if not store.is_postgresql:
        print(text("cli.server.pair_needs_pg", command=COMMAND), file=err)
        return 2
    group = Topics(args.group or project.name, args.node).group
    return asyncio.run(switchover(store, group, out, err))


async def serve(
    project: Project,
    data_dir: Path,
    broker: BrokerUrl,
    topics: Topics,
    out: TextIO,
    *,
    store: StoreUrl | None = None,
    stop: StopRequest | None = None,
) -> int:
    """Run the project and serve it until ``stop`` (default: SIGINT or SIGTERM)."""
    from tags.control_room.server.server import ControlRoomServer

    stop = stop or stop_on_signals()
    runtime = Runtime(project, data_dir, analytics=True, store=store)
    try:
        await runtime.start()
    except Exception as exc:
        await runtime.stop()
        print(text("cli.server.not_started", command=COMMAND, why=exc), file=out)
        return 1
    server = ControlRoomServer(runtime, broker, topics)
    server.start()
    watch = asyncio.create_task(_watch_connections(runtime), name="connection log")
    print(
        text("cli.server.serving", command=COMMAND, project=project.name,
             mode=runtime.mode.value, broker=broker, group=topics.group, node=topics.node),
        file=out, flush=True,
    )  # fmt: skip
    try:
        await stop.wait()
    finally:
        log.info("stopping (%s)", stop.by or "asked")
        watch.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watch
        await server.stop()
        await runtime.stop()
    print(text("cli.server.stopped", command=COMMAND), file=out, flush=True)
    return 0


async def _watch_connections(runtime: Runtime, interval: float = 1.0) -> None:
    """One log line per field connection at start and whenever its state changes."""
    known: dict[str, str] = {}
    while True:
        for status in runtime.connection_status():
            if known.get(status.name) != status.state.value:
                known[status.name] = status.state.value
                log.info("connection %s", _describe(status))
        await asyncio.sleep(interval)


def _describe(status: ConnectionStatus) -> str:
    detail = f": {status.detail}" if status.detail else ""
    return f"{status.name} ({status.kind} {status.endpoint}) {status.state.value}{detail}"
