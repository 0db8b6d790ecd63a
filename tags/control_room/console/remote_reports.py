"""The shift reports and notes of a console of a server.

Notes and "report now" are requests to the server, which makes them with the session's user
and this workstation and audits them (tags/control_room/server/analytics_requests.py). The
kept reports are read from the shared store when the console has one (its read-only role;
the store keeps the PDFs too), else asked of the server: the list, and each PDF when it is
small enough to send (kept in this console's reports folder once fetched); a larger one is
said to be on the server, with where.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tags.console_runtime import ServerRefusal
from tags.control_room.analytics_messages import (
    note_from_json,
    pdf_from_json,
    report_from_json,
    reports_from_json,
)
from tags.control_room.console.remote_session import NOT_LOGGED_IN, RemoteRefused, RemoteSession
from tags.control_room.messages import Action, MessageError, Refusal
from tags.paths import private_dir, private_file
from tags.reports.archive import REPORTS_DIR, Note, ReportArchive, ReportInfo

log = logging.getLogger(__name__)


class ReportElsewhere(ServerRefusal):
    """A report's PDF too large to send: the message says where it is on the server."""


class RemoteReports:
    """Notes and reports of the server's analytics, as this console reaches them."""

    def __init__(
        self,
        session: RemoteSession,
        data_dir: Path,
        shared_archive: Callable[[], ReportArchive] | None = None,
    ) -> None:
        """``shared_archive``: opens the shared store's archive (read-only role), None
        without a shared store; it is opened on first use, off the event loop."""
        self.session = session
        self.folder = data_dir / REPORTS_DIR
        self._open_archive = shared_archive
        self._archive: ReportArchive | None = None
        self.where = (
            "the shared store" if shared_archive is not None else "the server's reports folder"
        )
        """Where the reports are kept, for the display (the server's folder when it says)."""

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None

    def _shared(self) -> ReportArchive | None:
        if self._open_archive is None:
            return None
        if self._archive is None:
            self._archive = self._open_archive()
        return self._archive

    # the kept reports --------------------------------------------------------------------------

    async def shift_reports(self) -> list[ReportInfo]:
        if self._open_archive is not None:
            return await asyncio.to_thread(self._shared_reports)
        result = await self._ask(Action.SHIFT_REPORTS, session_needed=False)
        where = result.get("where")
        if isinstance(where, str) and where:
            self.where = where
        try:
            return reports_from_json(result, self.folder)
        except MessageError as exc:
            raise RemoteRefused(
                Refusal.INVALID, f"the server's list is not readable: {exc}"
            ) from None

    def _shared_reports(self) -> list[ReportInfo]:
        archive = self._shared()
        assert archive is not None
        return archive.reports()

    async def report_pdf(self, info: ReportInfo) -> Path:
        if self._open_archive is not None:
            return await asyncio.to_thread(self._shared_pdf, info)
        path = self.folder / info.path.name
        if path.exists():  # fetched before: a kept report never changes
            return path
        result = await self._ask(Action.REPORT_PDF, session_needed=False, name=path.name)
        if "pdf" not in result:
            size = result.get("size")
            big = f" ({size / 1e6:.1f} MB)" if isinstance(size, int | float) else ""
            raise ReportElsewhere(
                f"too large to send{big}: it is on the server at {result.get('where', '?')}"
            )
        try:
            data = pdf_from_json(result)
        except MessageError as exc:
            raise RemoteRefused(
                Refusal.INVALID, f"the server's PDF is not readable: {exc}"
            ) from None
        await asyncio.to_thread(_keep, path, data)
        return path

    def _shared_pdf(self, info: ReportInfo) -> Path:
        archive = self._shared()
        assert archive is not None
        return archive.pdf(info)

    # notes and report now ----------------------------------------------------------------------

    async def note(self, text: str, user: str = "") -> Note:
        """The note kept by the server (``user``: ignored, the session's user writes it)."""
        if not text.strip():
            raise ValueError("a note needs some text")
        result = await self._ask(Action.NOTE, text=text)
        try:
            return note_from_json(_object(result, "note"))
        except MessageError as exc:
            raise RemoteRefused(
                Refusal.INVALID, f"the server's answer is not readable: {exc}"
            ) from None

    async def report_now(self, notes: Sequence[str] = (), user: str = "") -> ReportInfo:
        """The report the server made of this shift so far (``user``: the session's)."""
        result = await self._ask(Action.REPORT_NOW, notes=[n for n in notes if n.strip()])
        try:
            return report_from_json(_object(result, "report"), self.folder)
        except MessageError as exc:
            raise RemoteRefused(
                Refusal.INVALID, f"the server's answer is not readable: {exc}"
            ) from None

    async def _ask(
        self, action: Action, *, session_needed: bool = True, **args: Any
    ) -> Mapping[str, Any]:
        """The result of a request, or its refusal raised (RemoteRefused, in the server's
        words); a session refusal logs this console out as any other does."""
        session = self.session
        if session_needed and not session.token:
            raise RemoteRefused(Refusal.SESSION, f"{NOT_LOGGED_IN}: log in first")
        token = session.token if session_needed else ""
        answer = await session.requests.request(action, session=token, **args)
        if answer.ok:
            return answer.result
        kind = answer.kind or Refusal.INVALID
        if kind is Refusal.SESSION:
            session.ended_by_server(answer.error)
        raise RemoteRefused(kind, answer.error)


def _object(result: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    found = result.get(key)
    if not isinstance(found, dict):
        raise MessageError(f"missing field '{key}'")
    return found


def _keep(path: Path, data: bytes) -> None:
    """A fetched PDF in this console's reports folder (owner-only)."""
    private_dir(path.parent)
    private_file(path).write_bytes(data)
