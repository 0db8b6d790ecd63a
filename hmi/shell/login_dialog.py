"""Log-in, switch-user and unlock dialog: name, password, and the reason when it fails.

On a console of a control room's server the password is checked there: while the request is
out the dialog says "checking…" and OK waits; the server's refusal is shown in its words.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hmi.shell.session import Session
from tags.console_runtime import ServerRefusal
from tags.security.permissions import User
from tags.security.users import AuthError

CHECKING = "checking with the server…"


class LoginDialog(QDialog):
    def __init__(
        self,
        session: Session,
        *,
        unlock: bool = False,
        reason: str = "",
        parent: QWidget | None = None,
    ):
        """``reason``: why the password is asked again (the server ended the session)."""
        super().__init__(parent)
        self.session = session
        self.unlock = unlock
        owner = session.owner
        self.setWindowTitle("Unlock console" if unlock else "Log in")
        self.name = QLineEdit(owner.name if unlock and owner else "")
        self.name.setReadOnly(unlock)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("User", self.name)
        form.addRow("Password", self.password)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.checking: asyncio.Future[None] | None = None
        """The server's check under way (a console of a server)."""
        layout = QVBoxLayout(self)
        if unlock:
            why = (
                f"The server ended the session ({reason})."
                if reason
                else "The console was locked after idle time."
            )
            layout.addWidget(QLabel(f"{why} The plant stays visible; enter your password "
                                    "to act again."))  # fmt: skip
        layout.addLayout(form)
        if session.runtime.project.demo and not unlock:
            hint = QLabel("Demo project: user name = password = role "
                          "(viewer, operator, supervisor, engineer, admin)")  # fmt: skip
            hint.setObjectName("hint")
            layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if unlock else self.name).setFocus()

    def try_login(self) -> None:
        if self.session.remote_session is not None:
            if self.checking is None or self.checking.done():
                self._ok.setEnabled(False)
                self.error.setText(CHECKING)
                name = self.session.owner.name if self.unlock and self.session.owner else ""
                check = self.session.log_in(name or self.name.text().strip(), self.password.text())
                self.checking = asyncio.ensure_future(self._answered(check))
            return
        try:
            if self.unlock:
                self.session.unlock(self.password.text())
            else:
                self.session.login(self.name.text().strip(), self.password.text())
        except AuthError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    async def _answered(self, check: Awaitable[User]) -> None:
        """The server's answer, shown as a local one is (OK waited meanwhile)."""
        try:
            await check
        except (AuthError, ServerRefusal) as exc:
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        finally:
            self._ok.setEnabled(True)
        self.error.setText("")
        self.accept()

    def done(self, result: int) -> None:
        """Closing drops a check still out (a session the server opened meanwhile expires)."""
        if self.checking is not None and not self.checking.done():
            self.checking.cancel()
        super().done(result)
