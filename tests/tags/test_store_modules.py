"""No SQL outside the store modules: only the modules listed in ``STORE_MODULES`` may import a
database driver (sqlite3, psycopg, psycopg_pool) or hold SQL text. Everything else reaches
stored data through a store's interface, so the SQLite and the PostgreSQL implementation
stay the only two places that know a schema.

Naming a driver's exception type in an ``except`` clause is not SQL: a module outside the
list may import a driver for that alone (every use of the name inside an except clause's
type), though a store-neutral error is better where the store offers one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.test_layout import modules

DRIVERS = ("sqlite3", "psycopg", "psycopg_pool")
STORE_MODULES = frozenset(
    {
        # the shared base of the SQLite files and the PostgreSQL database
        "tags.sqlite_file",
        "tags.store.migrations",
        "tags.store.postgres",
        "tags.store.roles",
        "tags.store.session_lock",
        "tags.store.errors",
        # history
        "tags.history.sqlite_store",
        "tags.history.query",
        "tags.history.upkeep",
        "tags.history.spool",
        "tags.history.pg_store",
        "tags.history.pg_query",
        "tags.history.pg_upkeep",
        # alarm journal and persisted alarm states
        "tags.alarms.journal",
        "tags.alarms.journal_spool",
        "tags.alarms.pg_journal",
        # audit trail (MAC chain, anchor, verification) and users
        "tags.security.audit",
        "tags.security.audit_anchor",
        "tags.security.audit_file",
        "tags.security.audit_record",
        "tags.security.audit_store",
        "tags.security.audit_verify",
        "tags.security.pg_audit",
        "tags.security.users",
        "tags.security.pg_users",
        # training sessions, replay bookmarks, shift report index
        "tags.training.store",
        "tags.training.pg_store",
        "tags.replay.bookmarks",
        "tags.replay.pg_bookmarks",
        "tags.reports.archive",
        "tags.reports.pg_archive",
        # forced values
        "tags.forcing.store",
        "tags.forcing.pg_store",
        # loop-check sheets
        "tags.loopcheck.store",
        "tags.loopcheck.pg_store",
    }
)
SQL = re.compile(
    r"\b(SELECT\s+\S|INSERT\s+(OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|WHERE\s|"
    r"ON\s+CONFLICT|CREATE\s+(TEMP\s+)?(TABLE|INDEX|ROLE|SCHEMA)|DROP\s+(TABLE|ROLE|SCHEMA)|"
    r"ALTER\s+(TABLE|ROLE)|PRAGMA\s+\w+|GRANT\s+\w+|REVOKE\s+\w+|COPY\s+\w+)"
)
"""SQL statements as they are written in this project (upper-case keywords)."""


def driver_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each import of a database driver whose name is used other than as an
    exception type of an ``except`` clause."""
    bound: dict[str, int] = {}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in DRIVERS:
                    bound[alias.asname or alias.name.split(".")[0]] = node.lineno
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DRIVERS:
            found.append((node.lineno, f"from {node.module} import ..."))
    if not bound:
        return found
    in_except: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            in_except.update(id(n) for n in ast.walk(node.type))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in bound and id(node) not in in_except:
            found.append((node.lineno, f"uses {node.id}"))
    return found


def sql_texts(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, text) for each string constant that holds an SQL statement."""
    found = []
    parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # an f-string: its text around the fields
            text = " ".join(_text(v) for v in node.values)
        elif id(node) not in parts:
            text = _text(node)
        else:
            continue
        match = SQL.search(text)
        if match:
            found.append((node.lineno, match.group(0)[:40]))
    return found


def _text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ""


def offences(name: str, path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.name}:{line}: {what}" for line, what in [*driver_uses(tree), *sql_texts(tree)]]


def test_only_the_store_modules_use_a_database_driver_or_hold_sql() -> None:
    found = modules()
    assert found.keys() >= STORE_MODULES, "a store module was renamed: update the list"
    problems = {
        name: lines
        for name, path in found.items()
        if name not in STORE_MODULES and (lines := offences(name, path))
    }
    assert problems == {}


def test_the_list_holds_only_modules_that_use_a_driver() -> None:
    """No module stays on the list after it stopped needing to be on it."""
    found = modules()
    idle = [
        name
        for name in sorted(STORE_MODULES)
        if not offences(name, found[name]) and not _imports_driver(found[name])
    ]
    assert idle == []


def _imports_driver(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] in DRIVERS for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DRIVERS:
            return True
    return False


def test_the_checks_catch_sql_and_driver_use_and_let_an_except_clause_pass() -> None:
    code = """
import sqlite3
import psycopg as pg
try:
    pass
except (sqlite3.Error, pg.Error):
    pass
conn = sqlite3.connect("x")
rows = conn.execute(f"SELECT name FROM {table} WHERE id=?")
label = "Select a tag from the list"
"""
    tree = ast.parse(code)
    assert driver_uses(tree) == [(8, "uses sqlite3")]
    assert [line for line, _ in sql_texts(tree)] == [9]
    only_catching = ast.parse("import sqlite3\ntry:\n    pass\nexcept sqlite3.Error:\n    pass\n")
    assert driver_uses(only_catching) == []
