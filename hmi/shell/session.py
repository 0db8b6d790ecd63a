"""Who is at the console: log in, log out, switch user, and the automatic lock after idle time.

A locked console keeps showing the plant (operators must still see it) but acts as view-only
until the user's password is entered again. Every log-in, failure, lock and log-out is
audited through the runtime.

On a console of a control room's server the server checks the password (``log_in``, async:
the GUI never waits) and audits; its session ends with its own idle lock, and when it says
so (``expired``) the console drops to view-only and asks for the password again. The idle
lock here still locks the console by itself.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from tags.console_runtime import ConsoleRuntime, ServerSession
from tags.runtime import Runtime
from tags.security.permissions import User
from tags.subscription import Subscription

log = logging.getLogger(__name__)

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class Session(QObject):
    changed = Signal()
    """The user or the lock state changed."""
    expired = Signal(str)
    """The server ended the session (its idle lock): the reason; the console is locked."""

    def __init__(self, runtime: ConsoleRuntime, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runtime = runtime
        self.workstation = socket.gethostname()
        self._user: User | None = None
        self.locked = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.lock)
        self.idle_seconds = runtime.project.security.idle_lock_seconds
        self.expiry_reason = ""
        """Why the server ended the session ("" unless it did)."""
        self._server_watch: Subscription | None = None
        self._pending: set[asyncio.Future[None]] = set()
        remote = self.remote_session
        if remote is not None:
            self._server_watch = remote.subscribe(self._ended_by_server)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def user(self) -> User | None:
        """The user whose permissions apply now (None while locked or logged out)."""
        return None if self.locked else self._user

    @property
    def owner(self) -> User | None:
        """The logged-in user, locked or not."""
        return self._user

    @property
    def remote_session(self) -> ServerSession | None:
        """The session on the control room's server (None: this console checks passwords)."""
        server = self.runtime.server
        return None if server is None else server.session

    def login(self, name: str, password: str) -> User:
        """Log in (or switch user) here; raises AuthError with the reason to show. A console
        of a server logs in with ``log_in``."""
        runtime = self.runtime
        if not isinstance(runtime, Runtime):
            raise RuntimeError("the server checks the password here: use log_in")
        user = runtime.authenticate(name, password, workstation=self.workstation)
        if self._user is not None and self._user.name != user.name:
            runtime.logout(self._user, workstation=self.workstation)
        return self._logged_in(user)

    async def log_in(self, name: str, password: str) -> User:
        """Log in wherever passwords are checked: here, or on the server (AuthError with its
        words when it refuses; RemoteRefused when it cannot check them now)."""
        remote = self.remote_session
        if remote is None:
            return self.login(name, password)
        return self._logged_in(await remote.login(name, password))

    def _logged_in(self, user: User) -> User:
        self._user = user
        self.locked = False
        self.expiry_reason = ""
        self._restart_idle()
        self.changed.emit()
        return user

    def unlock(self, password: str) -> User:
        """Unlock with the locked user's own password; raises AuthError otherwise."""
        if self._user is None:
            raise RuntimeError("nobody is logged in")
        return self.login(self._user.name, password)

    def logout(self) -> None:
        runtime, remote = self.runtime, self.remote_session
        if remote is not None:
            self._in_background(remote.logout())
        elif self._user is not None and isinstance(runtime, Runtime):
            runtime.logout(self._user, workstation=self.workstation)
        self._user = None
        self.locked = False
        self._idle.stop()
        self.changed.emit()

    def lock(self) -> None:
        """Drop to view-only until the password is entered again."""
        if self._user is None or self.locked:
            return
        self.locked = True
        if self.remote_session is None:  # a server audits its sessions itself
            self.runtime.audit.append("session_locked", user=self._user,
                                      workstation=self.workstation, result="idle")  # fmt: skip
        self.changed.emit()

    def _ended_by_server(self, reason: str) -> None:
        """The server's idle lock ended the session: view-only until the password is given."""
        if self._user is None:
            return
        self.locked = True
        self.expiry_reason = reason
        self._idle.stop()
        self.changed.emit()
        self.expired.emit(reason)

    def _in_background(self, work: Awaitable[None]) -> None:
        future = asyncio.ensure_future(work)
        self._pending.add(future)
        future.add_done_callback(self._finished)

    def _finished(self, future: asyncio.Future[None]) -> None:
        self._pending.discard(future)
        if not future.cancelled() and future.exception() is not None:
            log.warning("log-out not sent to the server: %s", future.exception())

    def _restart_idle(self) -> None:
        if self._user is not None and not self.locked and self.idle_seconds > 0:
            self._idle.start(round(self.idle_seconds * 1000))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        active = event.type() in _ACTIVITY and self._user is not None and not self.locked
        if active and self._idle.remainingTime() < self.idle_seconds * 1000 - 1000:
            self._restart_idle()  # restart at most once a second
        return False

    def close(self) -> None:
        if self._server_watch is not None:
            self._server_watch.close()
            self._server_watch = None
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._idle.stop()
