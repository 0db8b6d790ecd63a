"""``audit verify`` against every kind of tampering, on real SQLite files in a data folder.

The trail is signed with a key beside it and anchored apart from it (``audit.anchor``, the
users database, shift reports). Each test tampers the way someone without the key would
(triggers dropped, rows edited and the plain hash chain recomputed, rows deleted and
``sqlite_sequence`` reset, files emptied or removed) and runs the real command function.
"""

from __future__ import annotations

import dataclasses
import io
import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from commands.project import audit_verify
from tags.clock import ManualClock
from tags.security.audit import AuditTrail
from tags.security.audit_record import GENESIS_HASH, AuditRecord, record, select_columns

START = 1_750_000_000.0
RECORDS = 6


def verify(folder: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = audit_verify(folder, out)
    return code, out.getvalue().splitlines()


def fill(folder: Path, count: int = RECORDS, clock: ManualClock | None = None) -> None:
    clock = clock or ManualClock(START)
    with AuditTrail.in_data_dir(folder, clock, workstation="ws1") as audit:
        for i in range(count):
            clock.advance(1)
            audit.append("write", user="bob", tag=f"CWP.T{i}", old=i, new=i + 1, unit="m³/h")


def tamper(folder: Path, *statements: str) -> None:
    """SQL on the trail as an attacker runs it: append-only triggers dropped first."""
    with closing(sqlite3.connect(folder / "audit.db")) as db, db:
        db.execute("DROP TRIGGER IF EXISTS audit_no_update")
        db.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        for sql in statements:
            db.execute(sql)


def rows(folder: Path) -> list[AuditRecord]:
    with closing(sqlite3.connect(folder / "audit.db")) as db:
        sql = f"SELECT {select_columns(db)} FROM audit ORDER BY seq"
        return [record(row) for row in db.execute(sql)]


def rechain_without_key(
    folder: Path, edit: Callable[[AuditRecord], AuditRecord], start: int = 1
) -> None:
    """Edit the records from seq ``start`` on with ``edit`` and recompute the chain from
    there the only way one can without the key: plain SHA-256 links."""
    before = [r for r in rows(folder) if r.seq < start]
    previous = before[-1].hash if before else GENESIS_HASH
    statements = []
    for old in rows(folder)[len(before) :]:
        new = dataclasses.replace(edit(old), prev_hash=previous)
        new = dataclasses.replace(new, hash=new.computed_hash())
        previous = new.hash
        statements.append(
            f"UPDATE audit SET user = '{new.user}', new = '{new.new}', prev_hash = "
            f"'{new.prev_hash}', hash = '{new.hash}' WHERE seq = {new.seq}"
        )
    tamper(folder, *statements)


def test_an_untouched_trail_is_intact(tmp_path: Path) -> None:
    fill(tmp_path)
    assert verify(tmp_path) == (0, ["audit trail intact: 6 records verified"])


def test_the_key_and_the_anchor_are_owner_only_files(tmp_path: Path) -> None:
    fill(tmp_path, 1)
    for name in ("audit.key", "audit.anchor"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name


@pytest.mark.parametrize("kept", ["audit.anchor", "users.db"])
def test_a_cut_off_end_is_named_even_with_sqlite_sequence_reset(tmp_path: Path, kept: str) -> None:
    fill(tmp_path)
    tamper(tmp_path, "DELETE FROM audit WHERE seq >= 5", "UPDATE sqlite_sequence SET seq = 4")
    if kept == "users.db":  # the attacker found the anchor file, not the copy in the users db
        (tmp_path / "audit.anchor").unlink()
    code, lines = verify(tmp_path)
    assert code == 1
    assert lines == [
        "AUDIT TRAIL TAMPERED: records 5 to 6 missing: the trail ends at record 4, but the "
        f"anchor in {tmp_path / kept} names record 6 (the end of the trail was cut off)",
        "first bad record: 5",
    ]


def test_an_emptied_trail_is_named(tmp_path: Path) -> None:
    fill(tmp_path)
    tamper(tmp_path, "DELETE FROM audit", "DELETE FROM sqlite_sequence")
    code, lines = verify(tmp_path)
    assert code == 1
    assert "the audit trail is empty, but the anchor in" in lines[0]
    assert lines[0].endswith("names record 6: its records were removed")


def test_a_trail_file_emptied_to_zero_bytes_is_named(tmp_path: Path) -> None:
    fill(tmp_path)
    (tmp_path / "audit.db").write_bytes(b"")
    code, lines = verify(tmp_path)
    assert code == 1
    assert "the audit trail is empty, but the anchor in" in lines[0]


def test_a_deleted_trail_is_named(tmp_path: Path) -> None:
    fill(tmp_path)
    (tmp_path / "audit.db").unlink()
    code, lines = verify(tmp_path)
    assert code == 1
    assert lines[0] == (
        f"AUDIT TRAIL TAMPERED: the audit trail {tmp_path / 'audit.db'} is missing, but the "
        f"anchor in {tmp_path / 'audit.anchor'} names record 6: the trail was deleted"
    )


def test_an_edited_row_is_named_even_with_the_chain_recomputed(tmp_path: Path) -> None:
    fill(tmp_path)
    rechain_without_key(tmp_path, lambda r: dataclasses.replace(r, new="99"), start=3)
    code, lines = verify(tmp_path)
    assert code == 1
    assert lines == [
        "AUDIT TRAIL TAMPERED: record 3: MAC mismatch (altered or forged: not signed with the key)",
        "first bad record: 3",
    ]


def test_an_edited_row_keeping_the_links_is_named(tmp_path: Path) -> None:
    fill(tmp_path)
    tamper(tmp_path, "UPDATE audit SET user = 'eve' WHERE seq = 4")
    code, lines = verify(tmp_path)
    assert (code, lines[1]) == (1, "first bad record: 4")
    assert "record 4: MAC mismatch" in lines[0]


def test_a_forged_row_inserted_in_the_middle_is_the_one_named(tmp_path: Path) -> None:
    fill(tmp_path)
    third = rows(tmp_path)[2]
    forged = dataclasses.replace(third, seq=4, user="eve", prev_hash=third.hash)
    forged = dataclasses.replace(forged, hash=forged.computed_hash())
    columns = "seq, time, user, workstation, action, tag, old, new, unit, reason, result, detail"
    tamper(
        tmp_path,
        "UPDATE audit SET seq = seq + 100 WHERE seq >= 4",
        "UPDATE audit SET seq = seq - 99 WHERE seq >= 100",
        f"INSERT INTO audit ({columns}, prev_hash, hash, keyed) SELECT 4, time, 'eve',"
        " workstation, action, tag, old, new, unit, reason, result, detail,"
        f" '{third.hash}', '{forged.hash}', 1 FROM audit WHERE seq = 3",
    )
    code, lines = verify(tmp_path)
    assert code == 1
    assert lines[0].startswith("AUDIT TRAIL TAMPERED: record 4: MAC mismatch")
    assert lines[1] == "first bad record: 4"


def test_a_forged_row_appended_at_the_end_is_the_one_named(tmp_path: Path) -> None:
    fill(tmp_path)
    last = rows(tmp_path)[-1]
    forged = dataclasses.replace(last, seq=7, user="eve", prev_hash=last.hash)
    forged = dataclasses.replace(forged, hash=forged.computed_hash())
    columns = "seq, time, user, workstation, action, tag, old, new, unit, reason, result, detail"
    tamper(
        tmp_path,
        f"INSERT INTO audit ({columns}, prev_hash, hash, keyed) SELECT 7, time, 'eve',"
        " workstation, action, tag, old, new, unit, reason, result, detail,"
        f" '{last.hash}', '{forged.hash}', 1 FROM audit WHERE seq = 6",
    )
    code, lines = verify(tmp_path)
    assert (code, lines[1]) == (1, "first bad record: 7")
    assert "record 7: MAC mismatch" in lines[0]


def test_rows_rewritten_as_unsigned_are_named(tmp_path: Path) -> None:
    """Turning signed records into plain hash-chained ones (as before the key) is no way out."""
    fill(tmp_path)
    tamper(tmp_path, "UPDATE audit SET keyed = 0")
    rechain_without_key(tmp_path, lambda r: r)
    code, lines = verify(tmp_path)
    assert code == 1
    assert lines[0] == (
        "AUDIT TRAIL TAMPERED: record 1: unsigned record where the trail is signed (rewritten "
        "without the key)"
    )


def test_a_deleted_key_is_named(tmp_path: Path) -> None:
    fill(tmp_path)
    (tmp_path / "audit.key").unlink()
    code, lines = verify(tmp_path)
    assert code == 1
    assert lines[0] == (
        f"AUDIT TRAIL TAMPERED: record 1 is signed, but the audit key {tmp_path / 'audit.key'} "
        "is missing"
    )


def test_an_anchor_lowered_by_hand_is_not_genuine(tmp_path: Path) -> None:
    fill(tmp_path)
    anchor = json.loads((tmp_path / "audit.anchor").read_text())
    (tmp_path / "audit.anchor").write_text(json.dumps({**anchor, "seq": 4}))
    code, lines = verify(tmp_path)
    assert code == 1
    assert lines[0] == (
        f"AUDIT TRAIL TAMPERED: the anchor in {tmp_path / 'audit.anchor'} is not genuine (not "
        "signed with the trail's key)"
    )


@pytest.mark.parametrize("kind", ["random", "text", "truncated"])
def test_a_corrupt_trail_is_one_line_naming_the_file(tmp_path: Path, kind: str) -> None:
    fill(tmp_path, 12)
    path = tmp_path / "audit.db"
    if kind == "random":
        path.write_bytes(bytes(range(256)) * 16)
    elif kind == "text":
        path.write_text("seq,time,user\n1,2,bob\n")
    else:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    code, lines = verify(tmp_path)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"{path}: not "), lines


def write_legacy_trail(path: Path, count: int) -> None:
    """A trail as the console wrote it before it had a key: no ref/keyed columns, SHA-256."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL,"
            " user TEXT NOT NULL, workstation TEXT NOT NULL, action TEXT NOT NULL,"
            " tag TEXT NOT NULL, old TEXT, new TEXT, unit TEXT NOT NULL, reason TEXT NOT NULL,"
            " result TEXT NOT NULL, latency_ms REAL, detail TEXT NOT NULL,"
            " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"
        )
        previous = GENESIS_HASH
        for seq in range(1, count + 1):
            old = AuditRecord(seq, START + seq, "bob", "ws0", "login", "", None, None, "", "",
                              "ok", None, "", previous)  # fmt: skip
            old = dataclasses.replace(old, hash=old.computed_hash())
            previous = old.hash
            db.execute(
                "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                dataclasses.astuple(old)[:15],
            )


def test_a_legacy_trail_keeps_its_rows_and_is_signed_from_then_on(tmp_path: Path) -> None:
    write_legacy_trail(tmp_path / "audit.db", 3)
    assert verify(tmp_path) == (0, ["audit trail intact: 3 records verified (records 1 to 3 "
                                    "predate the audit key)"])  # fmt: skip
    fill(tmp_path, 2)
    assert [r.keyed for r in rows(tmp_path)] == [False, False, False, True, True]
    assert verify(tmp_path) == (0, ["audit trail intact: 5 records verified (records 1 to 3 "
                                    "predate the audit key)"])  # fmt: skip


def test_a_legacy_row_rewritten_after_signing_began_is_named(tmp_path: Path) -> None:
    write_legacy_trail(tmp_path / "audit.db", 3)
    fill(tmp_path, 2)
    legacy = rows(tmp_path)[:3]
    edited = dataclasses.replace(legacy[1], user="eve")
    edited = dataclasses.replace(edited, hash=edited.computed_hash())
    third = dataclasses.replace(legacy[2], prev_hash=edited.hash)
    third = dataclasses.replace(third, hash=third.computed_hash())
    tamper(
        tmp_path,
        f"UPDATE audit SET user = 'eve', hash = '{edited.hash}' WHERE seq = 2",
        f"UPDATE audit SET prev_hash = '{third.prev_hash}', hash = '{third.hash}' WHERE seq = 3",
    )
    code, lines = verify(tmp_path)
    assert code == 1
    assert lines[0] == (
        "AUDIT TRAIL TAMPERED: record 3: hash does not match the link from record 4 (record was "
        "altered and re-hashed)"
    )
