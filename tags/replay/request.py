"""What to replay: a recording file, or this console's own history, over a time range.

``inspect_recording`` says whether a file can be replayed (it exists, it is an SQLite history
with recorded samples) and what it covers; ``resolve`` turns the operator's choice (a file or
none, ISO local times or none) into a checked ``ReplayRequest`` or a ``ReplayProblem`` whose
message names the file and what is wrong, for the command line and the console's dialog.
On a shared store the console's own history is the store's (``shared``: opens it to read):
no file is asked for, the request still names the data folder's history file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tags import clock
from tags.history.historian import HISTORY_FILE
from tags.history.sqlite_store import NotAHistory, SqliteHistoryStore
from tags.history.store import HistoryStore
from tags.sqlite_file import DataFileError, named_if_unusable

HistoryOpener = Callable[[], HistoryStore]
"""Opens the shared store's history to read (on the calling thread)."""

SQLITE_MAGIC = b"SQLite format 3\x00"


class ReplayProblem(ValueError):
    """A recording or a range that cannot be replayed; the message says why."""


@dataclass(frozen=True)
class RecordingInfo:
    """What a recording holds: its span (epoch seconds), tag names and ``meta`` facts."""

    path: Path
    start: float
    end: float
    tags: tuple[str, ...]
    meta: dict[str, str]


@dataclass(frozen=True)
class ReplayRequest:
    """A checked replay: the file, the range within it, and whether it is the own history."""

    path: Path
    start: float | None = None
    end: float | None = None
    own_history: bool = False
    label: str = ""
    """What it is, when more than a file (e.g. a training session)."""

    @property
    def range(self) -> tuple[float | None, float | None]:
        return self.start, self.end

    def title(self) -> str:
        """How the console names what it plays (window title, header)."""
        what = self.label or ("this console's history" if self.own_history else self.path.name)
        if self.start is None and self.end is None:
            return what
        first = "…" if self.start is None else local_text(self.start)
        last = "…" if self.end is None else local_text(self.end)
        return f"{what}, {first} to {last}"


def local_text(t: float) -> str:
    return datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S")


def parse_time(text: str) -> float:
    """ISO 8601 (local time unless it carries an offset) -> POSIX seconds."""
    try:
        return clock.parse_time(text.strip())
    except ValueError as exc:
        raise ReplayProblem(str(exc)) from None


def inspect_recording(path: Path) -> RecordingInfo:
    """The span, tags and facts of a recording; ReplayProblem naming the file otherwise."""
    if not path.exists():
        raise ReplayProblem(f"{path}: no such file")
    if not path.is_file():
        raise ReplayProblem(f"{path}: not a file")
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ReplayProblem(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if magic != SQLITE_MAGIC:
        raise ReplayProblem(f"{path}: not a recording (not an SQLite history file)")
    try:
        with named_if_unusable(path, "recording"), SqliteHistoryStore(path, readonly=True) as store:
            names = tuple(store.tag_names())
            meta = store.metadata()
            span = store.span()
    except NotAHistory:
        raise ReplayProblem(f"{path}: not a recording (no recorded samples in it)") from None
    except DataFileError as exc:
        raise ReplayProblem(f"{path}: not a recording ({exc.reason})") from None
    except OSError as exc:
        raise ReplayProblem(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    if span is None:
        raise ReplayProblem(f"{path}: the recording is empty (no samples)")
    return RecordingInfo(path, span[0], span[1], names, meta)


def inspect_shared(path: Path, shared: HistoryOpener) -> RecordingInfo:
    """What the shared store's history holds (``path``: the name the request gives it)."""
    with contextlib.closing(shared()) as store:
        span = store.span()
        if span is None:
            raise ReplayProblem("the shared store holds no history yet")
        return RecordingInfo(path, span[0], span[1], tuple(sorted(store.tag_names())),
                             store.metadata())  # fmt: skip


def inspect_request(request: ReplayRequest, shared: HistoryOpener | None = None) -> RecordingInfo:
    """What a request's recording holds: the own history on a shared store (``shared``), else
    the file."""
    if request.own_history and shared is not None:
        return inspect_shared(request.path, shared)
    return inspect_recording(request.path)


def resolve(
    data_dir: Path,
    file: Path | None,
    start: str | None = None,
    end: str | None = None,
    *,
    shared: HistoryOpener | None = None,
) -> ReplayRequest:
    """The replay asked for: ``file`` (or, without one, the console's own history: the data
    folder's, or the shared store's with ``shared``) between ``start`` and ``end`` (ISO
    times; either may be left out)."""
    own = file is None
    path = data_dir / HISTORY_FILE if file is None else file
    if own and shared is None and not path.exists():
        raise ReplayProblem(f"{path}: this console has recorded no history yet")
    first = parse_time(start) if start else None
    last = parse_time(end) if end else None
    request = ReplayRequest(path, first, last, own)
    return check_range(request, inspect_request(request, shared))


def check_range(request: ReplayRequest, info: RecordingInfo) -> ReplayRequest:
    """The request with its range clamped to the recording, or ReplayProblem saying what the
    recording covers when the range misses it."""
    first, last = request.start, request.end
    if first is not None and last is not None and last <= first:
        raise ReplayProblem(f"the range ends ({local_text(last)}) before it starts")
    if (first is not None and first > info.end) or (last is not None and last < info.start):
        raise ReplayProblem(
            f"{info.path}: nothing recorded in that range (it covers "
            f"{local_text(info.start)} to {local_text(info.end)})"
        )
    if first is not None:
        first = max(first, info.start)
    if last is not None:
        last = min(last, info.end)
    return ReplayRequest(request.path, first, last, request.own_history, request.label)


def check_tags(info: RecordingInfo, project_tags: set[str], project_name: str) -> None:
    """ReplayProblem if the recording holds none of the project's tags."""
    if not project_tags & set(info.tags):
        made_for = info.meta.get("project")
        hint = f" (it was recorded for '{made_for}')" if made_for else ""
        raise ReplayProblem(
            f"{info.path}: records none of the tags of project '{project_name}'{hint}"
        )
