"""Versioned schemas of the stores on PostgreSQL.

Each store (history, alarms, audit ...) is a ``Component`` with its own ordered list of
steps: version n is reached by running step n. ``migrate`` brings a component up to the
version this program knows, under an advisory lock (two servers starting together migrate
once), and refuses a database whose schema is newer than the program. A role that may not
change the schema (a console's read-only role, the server's writer) gets a clear error
naming the command that does it.

The roles: ``hmi_writer`` (the server: records history, inserts journal and audit records,
never updates or deletes them) and ``hmi_reader`` (consoles: read only). Both are group
roles without login; ``store init`` grants them to the login roles it is asked to create.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from tags.store.postgres import SCHEMA, StoreError

WRITER = "hmi_writer"
READER = "hmi_reader"
MIGRATION_LOCK = 0x484D4931  # "HMI1": the advisory lock key while a schema changes


class SchemaError(StoreError):
    """The database's schema does not fit this program (too new, or too old and this role
    cannot bring it up to date)."""


@dataclass(frozen=True)
class Component:
    """One store's tables: ``steps[n-1]`` is the SQL that makes version n."""

    name: str
    steps: tuple[str, ...]

    @property
    def version(self) -> int:
        return len(self.steps)


async def schema_version(conn: psycopg.AsyncConnection[Any], component: str) -> int:
    """The version of a component in this database (0: not there)."""
    cur = await conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.schema_versions",))
    row = await cur.fetchone()
    if row is None or row[0] is None:
        return 0
    cur = await conn.execute(
        sql.SQL("SELECT version FROM {}.schema_versions WHERE component = %s").format(
            sql.Identifier(SCHEMA)
        ),
        (component,),
    )
    found = await cur.fetchone()
    return int(found[0]) if found else 0


async def ensure_roles(conn: psycopg.AsyncConnection[Any]) -> list[str]:
    """Create the schema and the writer and reader roles when missing; what was done."""
    done: list[str] = []
    for role in (WRITER, READER):
        cur = await conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        if await cur.fetchone() is None:
            await conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            done.append(f"created role {role} (no login)")
    # the role that migrates must be able to hand the history's tables to the writer
    cur = await conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = await cur.fetchone()
    if row is not None and not row[0]:
        await conn.execute(sql.SQL("GRANT {} TO current_user").format(sql.Identifier(WRITER)))
    cur = await conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (SCHEMA,))
    if await cur.fetchone() is None:
        await conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(SCHEMA)))
        done.append(f"created schema {SCHEMA}")
    schema, writer, reader = (sql.Identifier(n) for n in (SCHEMA, WRITER, READER))
    await conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}, {}").format(schema, writer, reader))
    await conn.execute(sql.SQL("GRANT CREATE ON SCHEMA {} TO {}").format(schema, writer))
    await conn.execute(
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {}.schema_versions ("
            "component text PRIMARY KEY, version integer NOT NULL, "
            "applied timestamptz NOT NULL DEFAULT now())"
        ).format(schema)
    )
    await conn.execute(
        sql.SQL("GRANT SELECT ON {}.schema_versions TO {}, {}").format(schema, writer, reader)
    )
    return done


async def may_change_schema(conn: psycopg.AsyncConnection[Any]) -> bool:
    """Whether this role changes the schema: a superuser or the schema's owner (or anyone
    while there is no schema yet). The server's writer login never does, even where it may
    create tables (its day partitions), so the audit trail and the journal are never its own."""
    cur = await conn.execute(
        "SELECT r.rolsuper OR n.oid IS NULL OR n.nspowner = r.oid FROM pg_roles r "
        "LEFT JOIN pg_namespace n ON n.nspname = %s WHERE r.rolname = current_user",
        (SCHEMA,),
    )
    row = await cur.fetchone()
    return bool(row and row[0])


async def migrate(
    conn: psycopg.AsyncConnection[Any], component: Component, *, apply: bool = True
) -> list[str]:
    """Bring ``component`` to this program's version; what was done (empty: up to date).

    ``apply=False`` only checks: a schema that is behind raises SchemaError, as does one
    that is newer than this program in any case."""
    current = await schema_version(conn, component.name)
    if current > component.version:
        raise SchemaError(
            f"the store's {component.name} schema is version {current}, newer than this "
            f"program knows ({component.version}): run a newer version of the program"
        )
    if current == component.version:
        return []
    if not apply:
        raise SchemaError(
            f"the store's {component.name} schema is version {current}, this program needs "
            f"{component.version}: run python main.py store init --url ... as the database's owner"
        )
    if not await may_change_schema(conn):
        raise SchemaError(
            f"the store's {component.name} schema is version {current}, this program needs "
            f"{component.version}, and only the schema's owner changes it: run python main.py "
            "store init --url ... as the database's owner"
        )
    try:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            done = await ensure_roles(conn)
            current = await schema_version(conn, component.name)  # another process may have
            if current > component.version:
                raise SchemaError(
                    f"the store's {component.name} schema is version {current}, newer than "
                    f"this program knows ({component.version})"
                )
            for version in range(current + 1, component.version + 1):
                await conn.execute(component.steps[version - 1])
            if current < component.version:
                await conn.execute(
                    sql.SQL(
                        "INSERT INTO {}.schema_versions (component, version) VALUES (%s, %s) "
                        "ON CONFLICT (component) DO UPDATE "
                        "SET version = excluded.version, applied = now()"
                    ).format(sql.Identifier(SCHEMA)),
                    (component.name, component.version),
                )
                done.append(f"{component.name}: schema version {current} -> {component.version}")
    except psycopg.errors.InsufficientPrivilege as exc:
        raise SchemaError(
            f"the store's {component.name} schema needs version {component.version} and this "
            f"role may not change it ({exc}): run python main.py store init --url ... as the "
            "database's owner"
        ) from exc
    return done


async def migrate_all(
    conn: psycopg.AsyncConnection[Any], components: Sequence[Component]
) -> list[str]:
    """``migrate`` every component in order; what was done."""
    done: list[str] = []
    for component in components:
        done += await migrate(conn, component)
    return done
