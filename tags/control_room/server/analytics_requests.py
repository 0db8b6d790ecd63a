"""The plant analytics' requests, answered by the server: operators' shift notes, "report
now", the kept shift reports and their PDFs.

A note and a report are made by the server's own analytics (the notes go into its index,
the shared store's with PostgreSQL) with the session's user and the workstation it came
from, and both are in the audit trail (``shift_note``, ``shift_report``), refusals too.
A viewer only views: its notes are refused. Listing reports and fetching a PDF need no
session (as values need none) and are not audited; a PDF is only ever one the index lists,
by its file name. Nothing here raises: every failure is an answer in words.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tags.control_room.analytics_messages import (
    NOTES_LIMIT,
    PDF_LIMIT,
    REPORTS_LIMIT,
    note_to_json,
    pdf_to_json,
    report_to_json,
)
from tags.control_room.messages import Action, Answer, MessageError, Refusal, need, optional
from tags.control_room.server.sessions import Session
from tags.security.audit_store import AUDIT_ERRORS
from tags.security.permissions import Role

if TYPE_CHECKING:
    from tags.analytics.live import Analytics
    from tags.reports.archive import ReportInfo
    from tags.runtime import Runtime

log = logging.getLogger(__name__)

ANALYTICS_READS = frozenset({Action.SHIFT_REPORTS, Action.REPORT_PDF})
"""Requests that need no session."""
ANALYTICS_ACTIONS = frozenset({Action.NOTE, Action.REPORT_NOW}) | ANALYTICS_READS
NO_ANALYTICS = "the server runs no plant analytics (no notes, no shift reports)"
VIEWER_NOTE = "{role} '{name}' may not write shift notes or make reports (viewers only view)"


class AnalyticsRequests:
    """Answers the analytics' requests on one runtime."""

    def __init__(self, runtime: Runtime, audit_away: Callable[[], str | None]) -> None:
        """``audit_away``: why the audit trail cannot take a record now, or None (a note is
        never kept without its record)."""
        self.runtime = runtime
        self.audit_away = audit_away

    async def answer(
        self, action: Action, session: Session | None, args: Mapping[str, Any]
    ) -> Answer:
        analytics = self.runtime.analytics
        if analytics is None:
            return Answer.refused(Refusal.UNAVAILABLE, NO_ANALYTICS)
        if action is Action.SHIFT_REPORTS:
            return await self._reports(analytics, args)
        if action is Action.REPORT_PDF:
            return await self._pdf(analytics, args)
        if session is None or action not in ANALYTICS_ACTIONS:
            raise MessageError(f"the server does not handle '{action.value}' here")
        if action is Action.NOTE:
            return await self._note(analytics, session, args)
        return await self._report_now(analytics, session, args)

    # notes and reports ---------------------------------------------------------------------

    async def _note(
        self, analytics: Analytics, session: Session, args: Mapping[str, Any]
    ) -> Answer:
        text = need(args, "text", str)
        refused = self._refusal(session, "shift_note", text)
        if refused is not None:
            return refused
        user, workstation = session.user, session.workstation
        try:
            note = await asyncio.to_thread(analytics.add_note, text, user.name, workstation)
        except ValueError as exc:
            self._audit("shift_note", session, text, f"refused: {exc}")
            return Answer.refused(Refusal.REFUSED, str(exc))
        shift = analytics.calendar.shift_at(note.time).label
        self._audit("shift_note", session, note.text, "ok", f"for the report of {shift}")
        log.info("shift note from %s by %s", workstation, user.name)
        return Answer.done(note=note_to_json(note))

    async def _report_now(
        self, analytics: Analytics, session: Session, args: Mapping[str, Any]
    ) -> Answer:
        notes = optional(args, "notes", list, [])
        if not all(isinstance(n, str) for n in notes):
            raise MessageError("field 'notes' must be a list of texts")
        if len(notes) > NOTES_LIMIT:
            raise MessageError(f"field 'notes': at most {NOTES_LIMIT} notes, not {len(notes)}")
        texts = [n for n in notes if n.strip()]
        said = " | ".join(texts)
        refused = self._refusal(session, "shift_report", said)
        if refused is not None:
            return refused
        try:
            info = await analytics.report_now(texts, session.user.name, session.workstation)
        except ValueError as exc:  # a note without text or too long: nothing was made
            self._audit("shift_report", session, said, f"refused: {exc}")
            return Answer.refused(Refusal.REFUSED, str(exc))
        except Exception as exc:  # no history, the disk, the store: said in words
            log.exception("report now from %s failed", session.workstation)
            self._audit("shift_report", session, said, f"failed: {exc}")
            return Answer.refused(Refusal.UNAVAILABLE, f"the report could not be made: {exc}")
        self._audit("shift_report", session, said, "ok", info.path.name)
        return Answer.done(report=report_to_json(info))

    def _refusal(self, session: Session, action: str, said: str) -> Answer | None:
        """The answer refusing a note or report before anything is done, or None."""
        user = session.user
        if user.role is Role.VIEWER:
            why = VIEWER_NOTE.format(role=user.role.value, name=user.name)
            self._audit(action, session, said, f"denied: {why}")
            return Answer.refused(Refusal.DENIED, why)
        away = self.audit_away()
        return None if away is None else Answer.refused(Refusal.UNAVAILABLE, away)

    def _audit(
        self, action: str, session: Session, said: str, result: str, detail: str = ""
    ) -> None:
        try:
            self.runtime.audit.append(
                action, user=session.user, workstation=session.workstation, reason=said,
                result=result, detail=detail,
            )  # fmt: skip
        except AUDIT_ERRORS:
            log.exception("%s from %s could not be recorded", action, session.workstation)

    # kept reports ------------------------------------------------------------------------------

    async def _reports(self, analytics: Analytics, args: Mapping[str, Any]) -> Answer:
        limit = optional(args, "limit", int, REPORTS_LIMIT)
        if not 0 < limit <= REPORTS_LIMIT:
            raise MessageError(f"field 'limit' must be 1..{REPORTS_LIMIT}, not {limit}")
        try:
            kept = await asyncio.to_thread(analytics.archive.reports)
        except Exception as exc:
            log.exception("the shift reports could not be listed")
            return Answer.refused(Refusal.UNAVAILABLE, f"the reports cannot be read: {exc}")
        return Answer.done(
            reports=[report_to_json(r) for r in kept[:limit]], total=len(kept),
            where=f"{analytics.archive.folder} on the server",
        )  # fmt: skip

    async def _pdf(self, analytics: Analytics, args: Mapping[str, Any]) -> Answer:
        name = need(args, "name", str)
        try:
            answer = await asyncio.to_thread(_read_pdf, analytics, name)
        except FileNotFoundError as exc:
            return Answer.refused(Refusal.REFUSED, str(exc))
        except Exception as exc:
            log.exception("the PDF of %s could not be read", name)
            return Answer.refused(Refusal.UNAVAILABLE, f"{name} cannot be read: {exc}")
        return answer


def _read_pdf(analytics: Analytics, name: str) -> Answer:
    """The answer carrying a listed report's PDF, or saying where it is (too large)."""
    listed: ReportInfo | None = next(
        (r for r in analytics.archive.reports() if r.path.name == name), None
    )
    if listed is None:
        raise FileNotFoundError(f"{name} is not a kept report")
    path = analytics.archive.pdf(listed)
    size = path.stat().st_size
    if size > PDF_LIMIT:
        return Answer.done(name=name, size=size, where=str(path))
    return Answer.done(name=name, size=size, pdf=pdf_to_json(path.read_bytes()))
