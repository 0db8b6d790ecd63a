"""The recording a replaying runtime plays: its file, what the console calls it, its
bookmarks, its timeline and a history reader for trends and reports.

The runtime owns it (``Runtime.recording``, None when live) and closes it when it stops, so
the console asks it for these instead of opening the files itself. A recording is a file;
the console's own history is the data folder's, or on a shared store (``stores``) that
store's history, journal and audit trail, read only. The bookmarks are in the stores.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from tags.alarms.settings import KpiSettings
from tags.database import TagDatabase
from tags.history.historian import HISTORY_FILE, Historian
from tags.history.store_factory import sqlite_factory
from tags.replay.bookmarks import BOOKMARKS_FILE, Bookmark, BookmarkStore, SqliteBookmarkStore
from tags.replay.events import Timeline, load_timeline

if TYPE_CHECKING:
    from tags.stores import Stores

OWN_HISTORY = "this console's history"


class Recording:
    """One recording being replayed on ``db`` (whose clock is the replay clock)."""

    def __init__(
        self,
        path: Path,
        data_dir: Path,
        db: TagDatabase,
        kpi: KpiSettings,
        *,
        label: str = "",
        stores: Stores | None = None,
    ) -> None:
        """``label``: what it is when more than a file (e.g. a training session);
        ``stores``: the console's stores (default: the data folder's files)."""
        self.path = path
        self.label = label
        self.own_history = path.resolve() == (data_dir / HISTORY_FILE).resolve()
        """The console's own history (its alarm journal and audit trail go with it)."""
        self._stores = stores
        shared = stores is not None and stores.is_postgresql
        self.shared = self.own_history and shared
        """The own history is the shared store's (no file)."""
        factory = stores.history_factory() if self.shared and stores else sqlite_factory(path)
        self.history = Historian(db, factory, mark_gaps=False)
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
            if self._stores is not None:
                self._bookmarks = self._stores.bookmarks()
            else:
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
        if self.shared and self._stores is not None:
            return await asyncio.to_thread(self._shared_timeline, self._stores, start, end)
        return await asyncio.to_thread(
            load_timeline, self.path, self._data_dir, self._tags, start, end, self._kpi
        )

    def _shared_timeline(self, stores: Stores, start: float, end: float) -> Timeline:
        """The timeline of the shared store's history, from its journal and audit trail."""
        journal = stores.journal_for_reading()
        audit = stores.audit_source()
        with contextlib.closing(stores.history()) as store:
            return load_timeline(self.path, self._data_dir, self._tags, start, end, self._kpi,
                                 store=store, journal=journal,
                                 audit=None if isinstance(audit, Path) else audit)  # fmt: skip

    async def close(self) -> None:
        """Stop the history reader and close the bookmarks file. Safe to call twice."""
        await self.history.stop()
        if self._bookmarks is not None:
            self._bookmarks.close()
            self._bookmarks = None
