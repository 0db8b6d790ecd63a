"""Verifying an audit trail: every record's MAC and link, then the trail against its anchors.

Names the first bad record: an edited one (its MAC no longer matches, even when the editor
recomputed the chain: without the key no MAC can be recomputed), a forged one (inserted or
appended: its own MAC fails, so it is named, not its successor), a deleted one (a gap in the
sequence), an unsigned record after signing began, and a cut-off end or an emptied trail
(an anchor names a later record than the trail holds).

Records from before the trail had a key (legacy) are checked by their plain hash chain, and
the first signed record's MAC covers the last legacy hash, so they cannot be rewritten
either once one signed record follows them; the result says up to which seq they go.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from tags.i18n.catalogue import text
from tags.security.audit_anchor import Anchor, AnchorFile, AnchorTable, gather_anchors, places
from tags.security.audit_file import AuditFile
from tags.security.audit_key import AuditKeyError, key_path, load_key, same
from tags.security.audit_record import GENESIS_HASH, AuditRecord, VerifyResult, has_audit_table
from tags.security.audit_store import AuditReader

_Fault = tuple[int | None, str]


class AuditFileError(Exception):
    """The audit file cannot be read as an audit trail; the message names it."""


def _missing(first: int, last: int) -> str:
    return f"record {first} missing" if first == last else f"records {first} to {last} missing"


def verify(
    trail: AuditReader, key: bytes | None, anchors: Sequence[Anchor], key_file: Path
) -> VerifyResult:
    """Check the records of ``trail`` (in either store) with ``key`` (None: no key file)
    against ``anchors``."""
    checker = _Checker(trail, key, anchors, key_file)
    checked = 0
    previous: AuditRecord | None = None
    legacy_until: int | None = None
    for record in trail.records():
        checked += 1
        fault = checker.record(previous, record)
        if fault is not None:
            return VerifyResult(False, checked, fault[0], fault[1], legacy_until)
        if not record.keyed:
            legacy_until = record.seq
        previous = record
    last_seq = previous.seq if previous else 0
    fault = checker.end(last_seq) or checker.anchors(last_seq)
    if fault is not None:
        return VerifyResult(False, checked, fault[0], fault[1], legacy_until)
    if previous is None:
        return VerifyResult(True, 0, None, text("audit.empty"))
    message = text("audit.intact", count=checked)
    if legacy_until is not None:
        message += text("audit.legacy", last=legacy_until)
    return VerifyResult(True, checked, None, message, legacy_until)


def missing_trail(path: Path, key: bytes | None, anchors: Sequence[Anchor]) -> VerifyResult:
    """The verdict on a trail file that does not exist: tampering when an anchor names records."""
    kept = [a for a in anchors if a.seq > 0]
    if not kept:
        return VerifyResult(True, 0, None, f"no audit trail at {path}")
    newest = max(kept, key=lambda a: a.seq)
    if key is not None and not newest.genuine(key):
        return VerifyResult(False, 0, None, _forged_anchor(newest))
    return VerifyResult(
        False, 0, 1, f"the audit trail {path} is missing, but the anchor in {newest.where} "
        f"names record {newest.seq}: the trail was deleted",
    )  # fmt: skip


def _forged_anchor(anchor: Anchor) -> str:
    return f"the anchor in {anchor.where} is not genuine (not signed with the trail's key)"


class _Checker:
    def __init__(
        self,
        trail: AuditReader,
        key: bytes | None,
        anchors: Sequence[Anchor],
        key_file: Path,
    ) -> None:
        self.trail = trail
        self.key = key
        self.anchors_found = sorted(anchors, key=lambda a: a.seq, reverse=True)
        self.key_file = key_file
        genuine = [a for a in anchors if key is not None and a.genuine(key)]
        self.keyed_from = min((a.keyed_from for a in genuine), default=None)
        """Where signing began, as the anchors remember it (None: no anchor)."""

    def record(self, previous: AuditRecord | None, record: AuditRecord) -> _Fault | None:
        """The (seq, message) of the first bad record seen at ``record``, or None."""
        seq = record.seq
        expected_seq = previous.seq + 1 if previous else 1
        if seq != expected_seq:
            gap = _missing(expected_seq, seq - 1)
            if previous is None:
                return expected_seq, f"{gap} (chain starts at {seq})"
            return expected_seq, f"{gap} (chain jumps from {previous.seq} to {seq})"
        if record.keyed:
            return self._keyed(previous, record)
        signing_began = previous is not None and previous.keyed
        if self.keyed_from is not None and seq >= self.keyed_from:
            signing_began = True
        if signing_began:
            return seq, (
                f"record {seq}: unsigned record where the trail is signed (rewritten without the "
                "key)"
            )
        return self._legacy(previous, record)

    def _keyed(self, previous: AuditRecord | None, record: AuditRecord) -> _Fault | None:
        seq = record.seq
        if self.key is None:
            return seq, f"record {seq} is signed, but the audit key {self.key_file} is missing"
        if not same(record.computed_mac(self.key), record.hash):
            return seq, f"record {seq}: MAC mismatch (altered or forged: not signed with the key)"
        expected_prev = previous.hash if previous else GENESIS_HASH
        if record.prev_hash == expected_prev:
            return None
        if previous is None:
            return seq, f"record {seq}: broken link (prev_hash is not the genesis hash)"
        return previous.seq, (
            f"record {previous.seq}: hash does not match the link from record {seq} "
            "(record was altered and re-hashed)"
        )

    def _legacy(self, previous: AuditRecord | None, record: AuditRecord) -> _Fault | None:
        """The plain hash chain of records written before the trail had a key."""
        seq = record.seq
        expected_prev = previous.hash if previous else GENESIS_HASH
        if record.prev_hash != expected_prev and previous is None:
            return seq, f"record {seq}: broken link (prev_hash is not the genesis hash)"
        if record.prev_hash != expected_prev and previous is not None:
            earlier = self.trail.seq_with_hash(record.prev_hash, seq)
            if earlier is not None:
                first = earlier + 1
                what = f"record {first} was"
                if first != previous.seq:
                    what = f"records {first} to {previous.seq} were"
                return first, f"{what} inserted (record {seq} links back to record {earlier})"
            if record.computed_hash() == record.hash:
                return previous.seq, (
                    f"record {previous.seq}: hash does not match the link from record {seq} "
                    "(record was altered and re-hashed)"
                )
            return (
                seq,
                f"record {seq}: broken link (prev_hash does not match record {previous.seq})",
            )
        if record.computed_hash() != record.hash:
            return seq, f"record {seq}: hash mismatch (record was altered)"
        return None

    def end(self, last_seq: int) -> _Fault | None:
        """Rows deleted from the end while the store still remembers issuing their numbers."""
        issued = self.trail.issued()
        if issued > last_seq:
            gap = _missing(last_seq + 1, issued)
            return last_seq + 1, f"{gap} (the end of the trail was deleted)"
        return None

    def anchors(self, last_seq: int) -> _Fault | None:
        """The trail against every anchor: none may name a record it lacks or differs from."""
        if self.anchors_found and self.key is None:
            where = self.anchors_found[0].where
            return None, f"the audit key {self.key_file} is missing (the anchor in {where} " \
                "shows the trail had one)"  # fmt: skip
        assert self.key is not None or not self.anchors_found
        for anchor in self.anchors_found:
            if self.key is not None and not anchor.genuine(self.key):
                return None, _forged_anchor(anchor)
        for anchor in self.anchors_found:  # newest first: the longest cut is named
            if anchor.seq > last_seq and last_seq == 0:
                return 1, (
                    f"the audit trail is empty, but the anchor in {anchor.where} names record "
                    f"{anchor.seq}: its records were removed"
                )
            if anchor.seq > last_seq:
                return last_seq + 1, (
                    f"{_missing(last_seq + 1, anchor.seq)}: the trail ends at record {last_seq}, "
                    f"but the anchor in {anchor.where} names record {anchor.seq} "
                    "(the end of the trail was cut off)"
                )
            stored = self.trail.hash_of(anchor.seq)
            if anchor.seq > 0 and (stored is None or not same(stored, anchor.mac)):
                return anchor.seq, (
                    f"record {anchor.seq} does not match the anchor in {anchor.where} "
                    "(the trail was rewritten)"
                )
        return None


def verify_data_dir(data_dir: Path) -> tuple[VerifyResult, list[AuditRecord]]:
    """Verify the console's trail in ``data_dir`` without changing anything there: the
    verdict and the write intents whose outcome is unknown. AuditFileError (naming the file)
    when the trail is not a readable SQLite file."""
    path, copies, folders = places(data_dir)
    anchor_file = AnchorFile(path.with_suffix(".anchor"))
    anchors, problem = gather_anchors(anchor_file, [AnchorTable(p) for p in copies], folders)
    if problem is not None:
        return VerifyResult(False, 0, None, problem), []
    try:
        key = load_key(key_path(path))
    except AuditKeyError as exc:
        return VerifyResult(False, 0, None, str(exc)), []
    if not path.exists():
        return missing_trail(path, key, anchors), []
    if not path.is_file():
        raise AuditFileError(f"{path}: not an audit trail (not a regular file)")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10.0)
    except sqlite3.Error as exc:
        raise AuditFileError(f"{path}: not a readable audit trail ({exc})") from None
    try:
        if (
            not has_audit_table(db)
            and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        ):
            raise AuditFileError(f"{path}: not an audit trail (an SQLite file without its table)")
        trail = AuditFile(db)
        result = verify(trail, key, anchors, key_path(path))
        pending = trail.unresolved_intents() if has_audit_table(db) else []
    except sqlite3.Error as exc:
        raise AuditFileError(f"{path}: not a readable audit trail ({exc})") from None
    finally:
        db.close()
    return result, pending
