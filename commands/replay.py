"""``python main.py replay [FILE] [--from T] [--to T]``: open the console in REPLAY mode.

With FILE, that recording (``main.py record`` or a copy of a console's history); without it,
this console's own history in the data folder (on a shared store: the store's history).
``--from``/``--to`` are ISO times, local unless they carry an offset. Everything is checked
before the console opens, so a missing file, a file that is not a recording or a range with
nothing in it is one clear line naming the file.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from tags.clock import SystemClock
from tags.config.problems import ConfigError
from tags.config.project import load_project
from tags.i18n.catalogue import text
from tags.replay.request import (
    ReplayProblem,
    ReplayRequest,
    check_tags,
    inspect_request,
    resolve,
)
from tags.store.errors import STORE_ERRORS
from tags.store.url import StoreUrl
from tags.stores import Stores

COMMAND = "replay"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``replay`` subcommand of main.py."""
    p = sub.add_parser(
        COMMAND,
        help=text("cli.replay.help"),
    )
    p.add_argument(
        "file",
        type=Path,
        nargs="?",
        default=None,
        help=text("cli.replay.opt.file"),
    )
    p.add_argument("--from", dest="start", default=None, help=text("cli.replay.opt.from"))
    p.add_argument("--to", dest="end", default=None, help=text("cli.replay.opt.to"))


def request(args: argparse.Namespace, data_dir: Path, out: TextIO) -> ReplayRequest | int:
    """The checked replay of the parsed arguments, or the exit code after saying why not
    (1: the file or range cannot be replayed or the project does not load)."""
    try:
        project = load_project(args.project)
        store: StoreUrl = getattr(args, "store", None) or project.store
        with Stores(store, data_dir, SystemClock()) as stores:
            shared = stores.history if stores.is_postgresql else None
            chosen = resolve(data_dir, args.file, args.start, args.end, shared=shared)
            check_tags(inspect_request(chosen, shared), set(project.tags), project.name)
    except ReplayProblem as exc:
        print(f"replay: {exc}", file=out)
        return 1
    except STORE_ERRORS as exc:
        print(f"replay: {exc}", file=out)
        return 1
    except ConfigError as exc:
        print(exc, file=out)
        return 1
    return chosen
