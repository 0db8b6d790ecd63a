"""Fixtures of the energy tests: a history store in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tags.history.sqlite_store import SqliteHistoryStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteHistoryStore]:
    with SqliteHistoryStore(tmp_path / "history.db", durable=False) as opened:
        yield opened
