"""The recording a replaying runtime plays: its file, what the console calls it, its
bookmarks, its timeline and a history reader for trends and reports.

The runtime owns it (``Runtime.recording``, None when live) and closes it when it stops, so
the console asks it for these instead of opening the files itself.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tags.alarms.settings import KpiSettings
from tags.database import TagDatabase
from tags.history.historian import HISTORY_FILE, Historian, sqlite_factory
from tags.replay.bookmarks import BOOKMARKS_FILE, Bookmark, BookmarkStore, SqliteBookmarkStore
from tags.replay.events import Timeline, load_timeline

OWN_HISTORY = "this console's history"


class Recording:
    """One recording being replayed on ``db`` (whose clock is the replay clock)."""

    def __init__(
        self, path: Path, data_dir: Path, db: TagDatabase, kpi: KpiSettings, *, label: str = ""
    ) -> None:
        """``label``: what it is when more than a file (e.g. a training session)."""
        self.path = path
        self.label = label
        self.own_history = path.resolve() == (data_dir / HISTORY_FILE).resolve()
        """The console's own history (its alarm journal and audit trail go with it)."""
        self.history = Historian(db, sqlite_factory(path), mark_gaps=False)
        """Reads the recording on a thread of its own (trends, reports); never records."""
        self._data_dir = data_dir
        self._tags = list(db.tags.values())
        self._kpi = kpi
        self._bookmarks: BookmarkStore | None = None

    @property
    def name(self) -> str:
        """The label, else "this console's history" or the file's name."""
        if self.label:
            return self.label
        return OWN_HISTORY if self.own_history else self.path.name

    # bookmarks (the data folder's bookmarks file, opened on first use) -------------------

    def _bookmark_store(self) -> BookmarkStore:
        if self._bookmarks is None:
            self._bookmarks = SqliteBookmarkStore(self._data_dir / BOOKMARKS_FILE)
        return self._bookmarks

    def bookmarks(self) -> list[Bookmark]:
        """The bookmarks of this recording, in time order."""
        return self._bookmark_store().of(self.path)

    def add_bookmark(self, time: float, note: str, user: str = "") -> Bookmark:
        """A note at ``time`` (ValueError for an empty or long note)."""
        return self._bookmark_store().add(self.path, time, note, user)

    def delete_bookmark(self, bookmark_id: int) -> None:
        self._bookmark_store().delete(bookmark_id)

    # timeline ------------------------------------------------------------------------------

    async def timeline(self, start: float, end: float) -> Timeline:
        """Alarms, floods and operator actions in ``[start, end]``, read on a worker thread."""
        return await asyncio.to_thread(
            load_timeline, self.path, self._data_dir, self._tags, start, end, self._kpi
        )

    async def close(self) -> None:
        """Stop the history reader and close the bookmarks file. Safe to call twice."""
        await self.history.stop()
        if self._bookmarks is not None:
            self._bookmarks.close()
            self._bookmarks = None
