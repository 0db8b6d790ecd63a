"""Anchors of the audit trail: its last sequence number and MAC, kept apart from the trail.

A trail alone cannot tell that its end was cut off or that it was emptied: every copy of it
that remains is self-consistent. So on each append the trail leaves an anchor (the new last
seq, that record's MAC, the first keyed seq, all signed with the key) in places an editor of
the trail would also have to find: an owner-only file beside it (``audit.anchor``), a table
in the console's other stores (the users database), and every shift report made since.
``audit verify`` compares the trail with every anchor it finds.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tags.paths import private_file
from tags.reports.archive import REPORTS_DIR
from tags.security.audit_key import mac, same
from tags.sqlite_file import private_database

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: one writer at a time is assumed
    fcntl = None  # type: ignore[assignment]

AUDIT_FILE = "audit.db"
ANCHOR_STORES = ("users.db",)
"""The console's other stores (in the data folder) that keep a copy of the anchor."""

ANCHOR_KEY = "audit_anchor"
"""The key under which a JSON document (a shift report's facts) carries an anchor."""

_TABLE = """
CREATE TABLE IF NOT EXISTS audit_anchor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    mac TEXT NOT NULL,
    keyed_from INTEGER NOT NULL,
    signature TEXT NOT NULL
)
"""


class AnchorError(Exception):
    """An anchor copy exists but cannot be read; the message names it."""


@dataclass(frozen=True)
class Anchor:
    """The trail's end as it was when the anchor was written: record ``seq`` had ``mac``."""

    seq: int
    mac: str
    keyed_from: int
    """The first record signed with the key (records before it predate the key)."""
    signature: str
    where: str = ""
    """Where this copy was found (for messages); not part of what is signed."""

    @staticmethod
    def signed(key: bytes, seq: int, record_mac: str, keyed_from: int) -> Anchor:
        return Anchor(
            seq, record_mac, keyed_from, mac(key, _signed_text(seq, record_mac, keyed_from))
        )

    def genuine(self, key: bytes) -> bool:
        """Was this anchor written by a holder of ``key``?"""
        return same(self.signature, mac(key, _signed_text(self.seq, self.mac, self.keyed_from)))

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "mac": self.mac, "keyed_from": self.keyed_from,
                "signature": self.signature}  # fmt: skip

    @staticmethod
    def from_json(data: object, where: str) -> Anchor:
        """An anchor from its JSON form; AnchorError naming ``where`` when it is not one."""
        try:
            assert isinstance(data, dict)
            seq, record_mac = data["seq"], data["mac"]
            keyed_from, signature = data["keyed_from"], data["signature"]
            assert isinstance(seq, int) and isinstance(keyed_from, int)
            assert isinstance(record_mac, str) and isinstance(signature, str)
        except (AssertionError, KeyError, TypeError):
            raise AnchorError(f"{where}: not an audit anchor") from None
        return Anchor(seq, record_mac, keyed_from, signature, where)


def _signed_text(seq: int, record_mac: str, keyed_from: int) -> str:
    return f"audit-anchor:{seq}:{record_mac}:{keyed_from}"


class AnchorFile:
    """The anchor in an owner-only JSON file, replaced whole, never by an older anchor."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> Anchor | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise AnchorError(f"{self.path}: audit anchor unreadable ({exc})") from None
        try:
            data = json.loads(text)
        except ValueError:
            raise AnchorError(f"{self.path}: not an audit anchor") from None
        return Anchor.from_json(data, str(self.path))

    def write(self, anchor: Anchor) -> None:
        with self._locked():
            try:
                current = self.read()
            except AnchorError:
                current = None
            if current is not None and current.seq >= anchor.seq:
                return  # another process has already anchored a later record
            spare = private_file(self.path.with_name(f".{self.path.name}.{os.getpid()}.new"))
            spare.write_text(json.dumps(anchor.to_json()) + "\n", encoding="utf-8")
            os.replace(spare, self.path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold an exclusive lock for the read-compare-replace (several processes append)."""
        if fcntl is None:
            yield
            return
        lock = private_file(self.path.with_name(self.path.name + ".lock"))
        with open(lock, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class AnchorTable:
    """The anchor in a one-row table of another SQLite store of the console."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def read(self) -> Anchor | None:
        """The stored anchor (the file is opened read-only and never created)."""
        if not self.path.exists():
            return None
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=10.0)
            try:
                row = db.execute(
                    "SELECT seq, mac, keyed_from, signature FROM audit_anchor WHERE id = 1"
                ).fetchone()
            finally:
                db.close()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise AnchorError(f"{self.path}: audit anchor unreadable ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise AnchorError(f"{self.path}: audit anchor unreadable ({exc})") from None
        if row is None:
            return None
        return Anchor(int(row[0]), str(row[1]), int(row[2]), str(row[3]), str(self.path))

    def write(self, anchor: Anchor) -> None:
        if self._db is None:
            private_database(self.path)
            self._db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
            self._db.execute(_TABLE)
        self._db.execute(
            "INSERT INTO audit_anchor (id, seq, mac, keyed_from, signature) VALUES (1, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac,"
            " keyed_from = excluded.keyed_from, signature = excluded.signature"
            " WHERE excluded.seq > audit_anchor.seq",
            (anchor.seq, anchor.mac, anchor.keyed_from, anchor.signature),
        )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def anchors_in_folder(folder: Path) -> list[Anchor]:
    """The anchors carried by the JSON files of ``folder`` (shift reports' facts), if any."""
    found: list[Anchor] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not ours to judge: the report list skips it too
        if isinstance(data, dict) and data.get(ANCHOR_KEY) is not None:
            found.append(Anchor.from_json(data[ANCHOR_KEY], str(path)))
    return found


def places(data_dir: Path) -> tuple[Path, tuple[Path, ...], tuple[Path, ...]]:
    """The console's trail in ``data_dir``, the stores keeping a copy of its anchor and the
    folders whose files may carry one (the shift reports)."""
    copies = tuple(data_dir / name for name in ANCHOR_STORES)
    return data_dir / AUDIT_FILE, copies, (data_dir / REPORTS_DIR,)


def gather_anchors(
    anchor_file: AnchorFile, tables: Iterable[AnchorTable], folders: Iterable[Path]
) -> tuple[list[Anchor], str | None]:
    """Every anchor found, and the first anchor copy that could not be read (or None)."""
    anchors: list[Anchor] = []
    stores: list[AnchorFile | AnchorTable] = [anchor_file, *tables]
    try:
        for store in stores:
            found = store.read()
            if found is not None:
                anchors.append(found)
        for folder in folders:
            anchors += anchors_in_folder(folder)
    except AnchorError as exc:
        return anchors, str(exc)
    return anchors, None
