"""The audit trail: what signing and anchoring cost per record, and verifying a long trail.

Prints (JSON lines):
- ``audit_append_ms``: median time of one append to the console's trail (signed with
  HMAC-SHA256, its anchor written to ``audit.anchor`` and the users database), 200 appends;
  ``audit_append_unanchored_ms`` (context): the same trail without the anchor copies in other
  stores (only ``audit.anchor``).
- ``audit_verify_ms``: ``audit verify``'s check of a 10,000-record trail against its anchors.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from _common import emit

from commands.project import audit_verify
from tags.clock import SystemClock
from tags.security.audit import AuditTrail

APPENDS = 200
VERIFY_RECORDS = 10_000


def append_ms(trail: AuditTrail, count: int) -> float:
    times = []
    for i in range(count):
        started = time.perf_counter()
        trail.append("write", user="bench", tag="CWP.FIC1.SP", old=i, new=i + 1, unit="m³/h",
                     reason="benchmark", result="confirmed: read-back matches")  # fmt: skip
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def fill_fast(folder: Path, count: int) -> None:
    """A long trail quickly: appends in one process, durability relaxed for the fill only."""
    with AuditTrail.in_data_dir(folder, SystemClock()) as trail:
        trail._db.execute("PRAGMA synchronous = OFF")  # the fill is not what is measured
        for i in range(count):
            trail.append("login", user=f"u{i % 7}", result="ok")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "console").mkdir()
        with AuditTrail.in_data_dir(folder / "console", SystemClock()) as trail:
            emit("audit_append_ms", append_ms(trail, APPENDS), "ms", records=APPENDS)
        with AuditTrail(folder / "plain.db", SystemClock()) as trail:
            emit("audit_append_unanchored_ms", append_ms(trail, APPENDS), "ms")
        (folder / "long").mkdir()
        fill_fast(folder / "long", VERIFY_RECORDS)
        started = time.perf_counter()
        code = audit_verify(folder / "long", io.StringIO())
        elapsed = (time.perf_counter() - started) * 1000
        assert code == 0
        emit("audit_verify_ms", elapsed, "ms", records=VERIFY_RECORDS)


if __name__ == "__main__":
    main()
