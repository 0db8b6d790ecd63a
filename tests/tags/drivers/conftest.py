"""The shared OPC UA test servers stop when the test session ends."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def opcua_servers_stop_with_the_session() -> Iterator[None]:
    """Stop them here, not only at interpreter exit: Python 3.12 and later refuse to start a
    thread in an atexit callback, and closing asyncio's default executor starts one."""
    yield
    servers = sys.modules.get("tests.tags.drivers.opcua_server")
    if servers is not None:
        servers.shutdown()
