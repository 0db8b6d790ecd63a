"""Loop-check entries on a shared PostgreSQL store: the same rows as the SQLite
``loopcheck.db`` (tags/loopcheck/store.py). Engineers' consoles and commands add entries
(``hmi_writer``); the reader role reads the sheets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import psycopg

from tags.loopcheck.record import LoopRecord, record_from_row
from tags.loopcheck.store import COLUMNS, record_row
from tags.store.migrations import READER, WRITER, Component
from tags.store.pg_base import PgStore

Conn = psycopg.AsyncConnection[Any]

COMPONENT = Component(
    "loop_checks",
    (
        f"""
CREATE TABLE loop_checks (
    id bigserial PRIMARY KEY,
    tag text NOT NULL,
    point text NOT NULL,
    expected double precision,
    seen double precision,
    tolerance double precision,
    passed boolean NOT NULL,
    note text NOT NULL,
    user_name text NOT NULL,
    at double precision NOT NULL,
    workstation text NOT NULL
);
CREATE INDEX loop_checks_tag ON loop_checks (tag, id);
GRANT SELECT ON loop_checks TO {READER};
GRANT SELECT, INSERT ON loop_checks TO {WRITER};
GRANT USAGE ON SEQUENCE loop_checks_id_seq TO {WRITER};
""",
    ),
)


class PgLoopCheckStore(PgStore):
    """The loop-check entries in the shared store's database."""

    COMPONENT = COMPONENT

    def add(self, record: LoopRecord) -> LoopRecord:
        async def work(conn: Conn) -> int:
            cur = await conn.execute(
                "INSERT INTO loop_checks (tag, point, expected, seen, tolerance, passed, note, "
                "user_name, at, workstation) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "RETURNING id",
                record_row(record),
            )
            row = await cur.fetchone()
            assert row is not None
            return int(row[0])

        return replace(record, id=self.db.run(work))

    def records(self, tag: str | None = None) -> list[LoopRecord]:
        async def work(conn: Conn) -> list[tuple[Any, ...]]:
            if tag is None:
                cur = await conn.execute(f"SELECT {COLUMNS} FROM loop_checks ORDER BY id")
            else:
                cur = await conn.execute(
                    f"SELECT {COLUMNS} FROM loop_checks WHERE tag = %s ORDER BY id", (tag,)
                )
            return await cur.fetchall()

        return [record_from_row(tuple(row)) for row in self.db.run(work)]

    def import_records(self, records: Sequence[LoopRecord]) -> int:
        """Add entries with their own ids (a console's, copied in by ``store copy`` as the
        store's owner); an id here already is skipped. How many were added."""
        rows = [(r.id, *record_row(r)) for r in records if r.id is not None]
        if not rows:
            return 0

        async def work(conn: Conn) -> int:
            async with conn.transaction(), conn.cursor() as cur:
                await cur.executemany(
                    "INSERT INTO loop_checks (id, tag, point, expected, seen, tolerance, passed, "
                    "note, user_name, at, workstation) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, "
                    "%s, %s, %s) ON CONFLICT (id) DO NOTHING",
                    rows,
                )
                added = cur.rowcount
                await cur.execute(
                    "SELECT setval(pg_get_serial_sequence('loop_checks', 'id'), "
                    "greatest(max(id), 1)) FROM loop_checks"
                )
            return added

        return self.db.run(work)
