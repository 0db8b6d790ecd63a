"""Fixtures of the alarm tests: a real SQLite journal in tmp_path and a bench factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tags.alarms.journal import AlarmJournal
from tags.model import TagDef
from tests.tags.alarms.bench import Bench

MakeBench = Callable[..., Bench]


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[AlarmJournal]:
    with AlarmJournal(tmp_path / "alarms.sqlite") as opened:
        yield opened


@pytest.fixture
def make_bench(journal: AlarmJournal) -> MakeBench:
    def make(*tags: TagDef, **settings: Any) -> Bench:
        return Bench(list(tags), journal, **settings)

    return make
