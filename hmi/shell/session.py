"""Who is at the console: log in, log out, switch user, and the automatic lock after idle time.

A locked console keeps showing the plant (operators must still see it) but acts as view-only
until the user's password is entered again. Every log-in, failure, lock and log-out is
audited through the runtime.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from tags.runtime import Runtime
from tags.security.permissions import User

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class Session(QObject):
    changed = Signal()
    """The user or the lock state changed."""

    def __init__(self, runtime: Runtime, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runtime = runtime
        self.workstation = socket.gethostname()
        self._user: User | None = None
        self.locked = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.lock)
        self.idle_seconds = runtime.project.security.idle_lock_seconds
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

    def login(self, name: str, password: str) -> User:
        """Log in (or switch user); raises AuthError with the reason to show."""
        user = self.runtime.authenticate(name, password, workstation=self.workstation)
        if self._user is not None and self._user.name != user.name:
            self.runtime.logout(self._user, workstation=self.workstation)
        self._user = user
        self.locked = False
        self._restart_idle()
        self.changed.emit()
        return user

    def unlock(self, password: str) -> User:
        """Unlock with the locked user's own password; raises AuthError otherwise."""
        if self._user is None:
            raise RuntimeError("nobody is logged in")
        return self.login(self._user.name, password)

    def logout(self) -> None:
        if self._user is not None:
            self.runtime.logout(self._user, workstation=self.workstation)
        self._user = None
        self.locked = False
        self._idle.stop()
        self.changed.emit()

    def lock(self) -> None:
        """Drop to view-only until the password is entered again."""
        if self._user is None or self.locked:
            return
        self.locked = True
        self.runtime.audit.append("session_locked", user=self._user,
                                  workstation=self.workstation, result="idle")  # fmt: skip
        self.changed.emit()

    def _restart_idle(self) -> None:
        if self._user is not None and not self.locked and self.idle_seconds > 0:
            self._idle.start(round(self.idle_seconds * 1000))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        active = event.type() in _ACTIVITY and self._user is not None and not self.locked
        if active and self._idle.remainingTime() < self.idle_seconds * 1000 - 1000:
            self._restart_idle()  # restart at most once a second
        return False

    def close(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._idle.stop()
