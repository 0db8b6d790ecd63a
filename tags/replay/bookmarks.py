"""Bookmarks of recordings: a note at a moment, kept in the data folder's ``bookmarks.db``
(``SqliteBookmarkStore``, the default) or on a shared PostgreSQL store
(tags/replay/pg_bookmarks.py); both behind the ``BookmarkStore`` interface.

Keyed by the recording's resolved path, so the bookmarks of a recording come back whenever
it is replayed on this console (the console's own history is one recording too). Times are
the recording's (epoch seconds); ``created`` is when the note was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Self

from tags.clock import Clock, SystemClock
from tags.i18n.catalogue import text
from tags.replay.timeline import EventKind, TimelineEvent
from tags.sqlite_file import SqliteFile

BOOKMARKS_FILE = "bookmarks.db"
MAX_NOTE = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bookmarks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recording TEXT NOT NULL,
    time REAL NOT NULL,
    note TEXT NOT NULL,
    user TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS bookmarks_recording ON bookmarks (recording, time);
"""


@dataclass(frozen=True)
class Bookmark:
    id: int
    recording: str
    time: float
    note: str
    user: str
    created: float

    def event(self) -> TimelineEvent:
        return TimelineEvent(self.time, EventKind.BOOKMARK, self.note, user=self.user)


def recording_key(path: Path) -> str:
    return str(path.resolve())


def clean_note(note: str) -> str:
    """The note as kept: white space collapsed (ValueError for an empty or long note)."""
    note = " ".join(note.split())
    if not note:
        raise ValueError(text("bookmark.no_note"))
    if len(note) > MAX_NOTE:
        raise ValueError(text("bookmark.note_too_long", limit=MAX_NOTE))
    return note


class BookmarkStore(Protocol):
    """The bookmarks of recordings: what every bookmark store offers."""

    def add(self, recording: Path, time: float, note: str, user: str = "") -> Bookmark:
        """A note at ``time`` of ``recording`` (ValueError for an empty or long note)."""
        ...

    def of(self, recording: Path) -> list[Bookmark]:
        """The bookmarks of ``recording``, in time order."""
        ...

    def delete(self, bookmark_id: int) -> None:
        """Remove a bookmark (none with that id: nothing happens)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


class SqliteBookmarkStore(SqliteFile):
    """The bookmarks of every recording replayed on this console, in one SQLite file."""

    WHAT = "bookmark database"

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self._clock = clock or SystemClock()
        super().__init__(path, _SCHEMA)

    def add(self, recording: Path, time: float, note: str, user: str = "") -> Bookmark:
        """A note at ``time`` of ``recording`` (ValueError for an empty or long note)."""
        note = clean_note(note)
        key, created = recording_key(recording), self._clock.now()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO bookmarks (recording, time, note, user, created) VALUES (?,?,?,?,?)",
                (key, float(time), note, user, created),
            )
        assert cursor.lastrowid is not None
        return Bookmark(cursor.lastrowid, key, float(time), note, user, created)

    def of(self, recording: Path) -> list[Bookmark]:
        """The bookmarks of ``recording``, in time order."""
        rows = self._db.execute(
            "SELECT id, recording, time, note, user, created FROM bookmarks "
            "WHERE recording=? ORDER BY time, id",
            (recording_key(recording),),
        )
        return [Bookmark(*row) for row in rows]

    def delete(self, bookmark_id: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM bookmarks WHERE id=?", (bookmark_id,))

    def all(self) -> list[Bookmark]:
        """Every bookmark of every recording, by id (``store copy`` reads them)."""
        rows = self._db.execute(
            "SELECT id, recording, time, note, user, created FROM bookmarks ORDER BY id"
        )
        return [Bookmark(*row) for row in rows]
