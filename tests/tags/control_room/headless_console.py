"""A headless console in a process of its own, for the tests that kill one:

    python -m tests.tags.control_room.headless_console PROJECT BROKER_URL WORKSTATION USER

reads the password from stdin, starts a ConsoleClient, logs ``USER`` in, prints ``ready``
once every value is Good and the session is open, then runs until it is killed."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tags.config.project import load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.model import Quality
from tests.waiting import until


async def run(project_file: Path, broker: str, workstation: str, user: str, password: str) -> None:
    project = load_project(project_file)
    client = ConsoleClient(project, parse_broker_url(broker, where="argv"), workstation)
    await client.start()
    await until(lambda: all(s.quality is Quality.GOOD for s in client.db.snapshot().values()))
    await client.session.login(user, password)
    print("ready", flush=True)
    await asyncio.Event().wait()  # until killed


def main() -> None:
    project_file, broker, workstation, user = sys.argv[1:5]
    password = sys.stdin.readline().strip()
    asyncio.run(run(Path(project_file), broker, workstation, user, password))


if __name__ == "__main__":
    main()
