"""Fixtures of the alarm tests: a real SQLite journal in tmp_path and a bench factory, and
``open_journal``: the journal's store in SQLite and in PostgreSQL (a real server), for the
tests that must pass on both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tags.alarms.journal import AlarmJournal, JournalStore
from tags.alarms.pg_journal import PgAlarmJournal
from tags.model import TagDef
from tags.store.postgres import PgDatabase
from tests.tags.alarms.bench import Bench

MakeBench = Callable[..., Bench]
OpenJournal = Callable[[], JournalStore]
"""Opens the store again (a new connection to the same file or database): a restart."""


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[AlarmJournal]:
    with AlarmJournal(tmp_path / "alarms.sqlite") as opened:
        yield opened


@pytest.fixture
def make_bench(journal: JournalStore) -> MakeBench:
    def make(*tags: TagDef, **settings: Any) -> Bench:
        return Bench(list(tags), journal, **settings)

    return make


@pytest.fixture(params=["sqlite", "postgresql"])
def open_journal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenJournal]:
    journals: list[JournalStore] = []
    databases: list[PgDatabase] = []
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None

    def sqlite() -> JournalStore:
        journals.append(AlarmJournal(tmp_path / "alarms.sqlite"))
        return journals[-1]

    def postgresql() -> JournalStore:
        databases.append(PgDatabase(url))
        journals.append(PgAlarmJournal(databases[-1]))
        return journals[-1]

    yield sqlite if request.param == "sqlite" else postgresql
    for opened in journals:
        opened.close()
    for db in databases:
        db.close()
