"""Upkeep of the SQLite history: retention by age and size, compaction, rollup rebuilds and
finishing a file for shipping. A mixin of SqliteHistoryStore (tags/history/sqlite_store.py), run on
the historian's writer thread."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from tags.history.query import ROLLUP_INSERT, TagCache, ms
from tags.history.rollup import TIERS_MS, Rollup, TagRollups, encode, floor_to, number
from tags.history.store import RetentionResult


class SqliteUpkeep(TagCache):
    """Retention and maintenance; the store provides the connection and the bucket logic."""

    _conn: sqlite3.Connection
    _states: dict[int, TagRollups]

    def _last_time(self, tid: int) -> int | None:
        raise NotImplementedError

    def _rebuild_bucket(self, tid: int, tier: int, b: int, last: int | None) -> None:
        raise NotImplementedError

    def span(self, names: Sequence[str] | None = None) -> tuple[float, float] | None:
        raise NotImplementedError

    # retention ---------------------------------------------------------------------------

    def used_bytes(self) -> int:
        conn = self._conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        return int((pages - free) * size)

    def retain(
        self, *, now: float, keep_seconds: float | None, max_bytes: int | None
    ) -> RetentionResult:
        before = self.used_bytes()
        deleted = 0
        cutoff: float | None = None
        if keep_seconds is not None:
            oldest = self.span()
            if oldest is not None and oldest[0] < now - keep_seconds:
                cutoff = now - keep_seconds
                deleted += self._delete_before(cutoff)
        for _ in range(30):
            if max_bytes is None:
                break
            used = self.used_bytes()
            have = self.span()
            if used <= max_bytes or have is None or have[1] <= have[0]:
                break
            share = min(0.5, (used - max_bytes) / used + 0.02)
            cut = have[0] + max((have[1] - have[0]) * share, 0.001)
            cutoff = cut if cutoff is None else max(cutoff, cut)
            deleted += self._delete_before(cut)
        return RetentionResult(deleted, cutoff, before, self.used_bytes())

    def _delete_before(self, cutoff: float) -> int:
        """Delete samples before ``cutoff``, one transaction per 100 tags; fix the rollups."""
        conn = self._conn
        c = ms(cutoff)
        deleted = 0
        ids = [ref[0] for ref in self._refs(None)]
        for i in range(0, len(ids), 100):
            conn.execute("BEGIN IMMEDIATE")
            try:
                for tid in ids[i : i + 100]:
                    cursor = conn.execute("DELETE FROM samples WHERE tag=? AND t<?", (tid, c))
                    deleted += cursor.rowcount
                    last = self._last_time(tid)
                    for tier, width in enumerate(TIERS_MS):
                        edge = floor_to(c, width)
                        conn.execute(
                            "DELETE FROM rollups WHERE tag=? AND tier=? AND b<?", (tid, tier, edge)
                        )
                        if edge < c:
                            self._rebuild_bucket(tid, tier, edge, last)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            finally:
                self._states.clear()
        return deleted

    def compact(self) -> None:
        self._conn.executescript("PRAGMA incremental_vacuum;")  # execute() frees one page only
        self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file and empty it."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def finish(self, *, drop_rollups: bool = False) -> None:
        """Make the file self-contained (no -wal file) and small, e.g. to ship a recording.

        ``drop_rollups`` suits a short recording: queries then read samples (as they do for
        the newest data anyway) and a writer opening the file rebuilds the rollups first.
        """
        conn = self._conn
        if drop_rollups:
            with conn:
                conn.execute("DELETE FROM rollups")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('rollups', 'dropped')")
            self._states.clear()
        self.checkpoint()
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("VACUUM")

    def rebuild_rollups(self) -> None:
        """Recompute every rollup from the samples (one transaction)."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM rollups")
            sql = "SELECT t, v, q FROM samples WHERE tag=? ORDER BY t"
            for tid, _, _ in self._refs(None):
                state = TagRollups.fresh(0)
                done: list[tuple[int, int, Rollup]] = []
                for t, v, q in conn.execute(sql, (tid,)):
                    state.add(t, number(v), q, done)
                rows = [(tid, tier, b, *encode(b, r)) for tier, b, r in done]
                conn.executemany(ROLLUP_INSERT, rows)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('rollups', 'kept')")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            self._states.clear()
