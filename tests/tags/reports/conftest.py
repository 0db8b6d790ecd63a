"""The report archive with each kind of index (SQLite, PostgreSQL) for the tests of storage."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tags.reports.archive import ReportArchive
from tags.reports.pg_archive import PgReportIndex
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tests.tags.reports.report_support import ArchiveIn


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_in(request: pytest.FixtureRequest) -> Iterator[ArchiveIn]:
    with ExitStack() as opened:
        db: PgDatabase | None = None
        if request.param == "postgresql":
            url: StoreUrl = request.getfixturevalue("pg_url")
            db = opened.enter_context(PgDatabase(url))

        def archive(data_dir: Path) -> ReportArchive:
            index = None if db is None else PgReportIndex(db)
            return opened.enter_context(ReportArchive.in_data_dir(data_dir, index))

        yield archive
