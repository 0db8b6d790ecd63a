"""Log-in, switch-user and unlock dialog: name, password, and the reason when it fails.

On a console of a control room's server the password is checked there: while the request is
out the dialog says "checking…" and OK waits; the server's refusal is shown in its words.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.shell.session import Session
from tags.console_runtime import ServerRefusal
from tags.security.permissions import User
from tags.security.users import AuthError

CHECKING = QT_TRANSLATE_NOOP("LoginDialog", "checking with the server…")


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
        self.reason = reason
        owner = session.owner
        self.name = QLineEdit(owner.name if unlock and owner else "")
        self.name.setReadOnly(unlock)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.name_label, self.password_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.name_label, self.name)
        form.addRow(self.password_label, self.password)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.checking: asyncio.Future[None] | None = None
        """The server's check under way (a console of a server)."""
        layout = QVBoxLayout(self)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setVisible(unlock)
        layout.addWidget(self.why)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(session.runtime.project.demo and not unlock)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.retranslate_ui()
        (self.password if unlock else self.name).setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Unlock console") if self.unlock else self.tr("Log in"))
        self.name_label.setText(self.tr("User"))
        self.password_label.setText(self.tr("Password"))
        why = (
            self.tr("The server ended the session ({reason}).").format(reason=self.reason)
            if self.reason
            else self.tr("The console was locked after idle time.")
        )
        self.why.setText(
            self.tr("{why} The plant stays visible; enter your password to act again.").format(
                why=why
            )
        )
        self.hint.setText(self.tr("Demo project: user name = password = role "
                                  "(viewer, operator, supervisor, engineer, admin)"))  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def try_login(self) -> None:
        if self.session.remote_session is not None:
            if self.checking is None or self.checking.done():
                self._ok.setEnabled(False)
                self.error.setText(QCoreApplication.translate("LoginDialog", CHECKING))
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
