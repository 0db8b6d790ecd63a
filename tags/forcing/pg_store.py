"""Forces on a shared PostgreSQL store: the same rows as the SQLite ``forces.db``
(tags/forcing/store.py). The server (``hmi_writer``) forces and releases; consoles
(``hmi_reader``) read them."""

from __future__ import annotations

from typing import Any

import psycopg

from tags.forcing.force import Force
from tags.forcing.store import force_from_row
from tags.store.migrations import READER, WRITER, Component
from tags.store.pg_base import PgStore

Conn = psycopg.AsyncConnection[Any]

COMPONENT = Component(
    "forces",
    (
        f"""
CREATE TABLE forced_values (
    tag text PRIMARY KEY,
    value text NOT NULL,
    user_name text NOT NULL,
    reason text NOT NULL,
    since double precision NOT NULL,
    until double precision
);
GRANT SELECT ON forced_values TO {READER};
GRANT SELECT, INSERT, UPDATE, DELETE ON forced_values TO {WRITER};
""",
        # 2: simulated sources (empty: a fixed value, as every row made before)
        "ALTER TABLE forced_values ADD COLUMN source text NOT NULL DEFAULT '';",
    ),
)


class PgForceStore(PgStore):
    """The forces in effect, in the shared store's database."""

    COMPONENT = COMPONENT

    def put(self, force: Force) -> None:
        row = (
            force.tag, force.value_json(), force.user, force.reason, force.since, force.until,
            force.source,
        )  # fmt: skip

        async def work(conn: Conn) -> None:
            await conn.execute(
                "INSERT INTO forced_values (tag, value, user_name, reason, since, until, source) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tag) DO UPDATE SET "
                "value = EXCLUDED.value, user_name = EXCLUDED.user_name, "
                "reason = EXCLUDED.reason, since = EXCLUDED.since, until = EXCLUDED.until, "
                "source = EXCLUDED.source",
                row,
            )

        self.db.run(work)

    def remove(self, tag: str) -> None:
        async def work(conn: Conn) -> None:
            await conn.execute("DELETE FROM forced_values WHERE tag = %s", (tag,))

        self.db.run(work)

    def all(self) -> list[Force]:
        return [force_from_row(tuple(row)) for row in self.db.run(_all_rows)]

    async def read_all(self) -> list[Force]:
        rows = await self.db.arun(_all_rows, fail_fast=True)
        return [force_from_row(tuple(row)) for row in rows]


async def _all_rows(conn: Conn) -> list[tuple[Any, ...]]:
    cur = await conn.execute(
        "SELECT tag, value, user_name, reason, since, until, source FROM forced_values ORDER BY tag"
    )
    return await cur.fetchall()
