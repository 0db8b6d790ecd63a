"""The operators' sessions on the server: a log-in gives a random token; every request with it
keeps it alive; the project's idle lock without a request ends it (as the console's own
session locks after idle time). A token belongs to the workstation that logged in with it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from tags.clock import Clock
from tags.security.permissions import User


class SessionRefused(Exception):
    """No session, an expired one, or one of another workstation; the message says which."""

    def __init__(self, message: str, expired: Session | None = None) -> None:
        super().__init__(message)
        self.expired = expired
        """The session that just expired (to be recorded once), else None."""


@dataclass
class Session:
    token: str
    user: User
    workstation: str
    last_used: float
    """The clock's monotonic seconds of the last request."""


class OperatorSessions:
    """Every open session, by token."""

    def __init__(self, clock: Clock, idle_lock_s: float) -> None:
        if not idle_lock_s > 0:
            raise ValueError(f"the idle lock must be above 0 s, not {idle_lock_s}")
        self.clock = clock
        self.idle_lock_s = idle_lock_s
        self._open: dict[str, Session] = {}

    def __len__(self) -> int:
        return len(self._open)

    def open(self, user: User, workstation: str) -> Session:
        """A new session for a user just authenticated at ``workstation``."""
        session = Session(secrets.token_urlsafe(32), user, workstation, self.clock.monotonic())
        self._open[session.token] = session
        return session

    def use(self, token: str, workstation: str) -> Session:
        """The live session of ``token`` at ``workstation``, kept alive from now on."""
        if not token:
            raise SessionRefused("not logged in: log in first")
        session = self._open.get(token)
        if session is None or session.workstation != workstation:
            raise SessionRefused("unknown session: log in again")
        now = self.clock.monotonic()
        if now - session.last_used > self.idle_lock_s:
            del self._open[token]
            raise SessionRefused(
                f"session locked after {self.idle_lock_s:g} s without activity: log in again",
                expired=session,
            )
        session.last_used = now
        return session

    def end(self, token: str, workstation: str) -> Session:
        """Close a live session (log-out); SessionRefused if there is none."""
        session = self.use(token, workstation)
        del self._open[token]
        return session

    def expire_idle(self) -> list[Session]:
        """Drop the sessions idle past the lock (so no token lives on unused)."""
        now = self.clock.monotonic()
        gone = [s for s in self._open.values() if now - s.last_used > self.idle_lock_s]
        for session in gone:
            del self._open[session.token]
        return gone
