"""A small recording of the signal test bench with known alarms, actions and a flood.

Ten minutes from T0. TST.GEN.SINE is 50, then 97 from 100 s (HI, priority 4), 100 from 200 s
(HIHI, priority 2), 50 again from 250 s; TST.FIC1.SP is 50, then 55 from 300 s (a write by
ada in the data folder's audit trail). The recording's alarm journal holds the two
activations, an ack at 210 s, a shelve at 400 s and twelve activations between 450 and 505 s
(a flood: more than 10 in 10 minutes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tags.alarms.journal import AlarmJournal, JournalEntry
from tags.alarms.state import AlarmState, JournalEvent
from tags.clock import Clock, ManualClock
from tags.history.sqlite_store import SqliteHistoryStore
from tags.model import AlarmKind, Priority, Quality, TagSample
from tags.replay.bookmarks import BookmarkStore
from tags.security.audit import AuditTrail

OpenBookmarks = Callable[[Clock | None], BookmarkStore]
"""Opens the bookmark store of a test (the same one each call), with a clock or not."""

T0 = 1_749_945_600.0  # 2025-06-15 00:00 UTC
LENGTH = 600.0
HI_AT, HIHI_AT, NORMAL_AT, WRITE_AT = T0 + 100, T0 + 200, T0 + 250, T0 + 300
ACK_AT, SHELVE_AT = T0 + 210, T0 + 400
FLOOD = [T0 + 450 + 5 * i for i in range(12)]


def sine(t: float) -> float:
    """The recorded TST.GEN.SINE at ``t`` seconds after T0."""
    return 50.0 if t < 100 else 97.0 if t < 200 else 100.0 if t < 250 else 50.0


def _good(value: float | int | bool | str, t: float) -> TagSample:
    return TagSample(value, Quality.GOOD, t, t)


def _entry(
    t: float, event: JournalEvent, alarm: str, priority: Priority, **kw: str
) -> JournalEntry:
    tag = alarm.rsplit(".", 1)[0]
    kind = AlarmKind(alarm.rsplit(".", 1)[1].lower())
    state = AlarmState.ACTIVE_UNACK if event is JournalEvent.ACTIVE else AlarmState.ACTIVE_ACK
    return JournalEntry(t, event, alarm, tag, kind, "TST", priority, "", state, "97 %", 95.0,
                        user=kw.get("user", ""), comment=kw.get("comment", ""),
                        message=kw.get("message", ""))  # fmt: skip


def make_recording(path: Path, data_dir: Path | None = None) -> Path:
    """Write the recording (and the write into ``data_dir``'s audit trail)."""
    records = []
    for i in range(int(LENGTH) + 1):
        t = T0 + i
        records.append(("TST.GEN.SINE", _good(sine(i), t)))
        records.append(("TST.GEN.RAMP", _good(float(i % 10), t)))
    records += [("TST.FIC1.SP", _good(50.0, T0)), ("TST.FIC1.SP", _good(55.0, WRITE_AT + 0.5))]
    records += [("TST.FIC1.MODE", _good(1, T0)), ("TST.GEN.SQUARE", _good(False, T0))]
    with SqliteHistoryStore(path, durable=False) as store:
        store.append(records)
        store.set_metadata({"kind": "recording", "project": "Signal test bench"})
    entries = [
        _entry(HI_AT, JournalEvent.ACTIVE, "TST.GEN.SINE.HI", Priority.LOW, message="Sine high"),
        _entry(HIHI_AT, JournalEvent.ACTIVE, "TST.GEN.SINE.HIHI", Priority.HIGH,
               message="Sine very high"),
        _entry(ACK_AT, JournalEvent.ACK, "TST.GEN.SINE.HIHI", Priority.HIGH, user="ada"),
        _entry(SHELVE_AT, JournalEvent.SHELVE, "TST.GEN.SINE.HI", Priority.LOW, user="ada",
               comment="instrument check"),
    ]  # fmt: skip
    entries += [
        _entry(t, JournalEvent.ACTIVE, f"TST.X{i}.HI", Priority.MEDIUM) for i, t in enumerate(FLOOD)
    ]
    with AlarmJournal(path) as journal:
        journal.write(entries)
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        with AuditTrail(data_dir / "audit.db", ManualClock(WRITE_AT)) as audit:
            audit.append(
                "write", user="ada", tag="TST.FIC1.SP", old=50.0, new=55.0, unit="m³/h",
                reason="step test", result="confirmed: read back",
            )  # fmt: skip
    return path
