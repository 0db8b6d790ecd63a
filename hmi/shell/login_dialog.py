"""Log-in, switch-user and unlock dialog: name, password, and the reason when it fails."""

from __future__ import annotations

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
from tags.security.users import AuthError


class LoginDialog(QDialog):
    def __init__(self, session: Session, *, unlock: bool = False, parent: QWidget | None = None):
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if unlock:
            layout.addWidget(QLabel("The console was locked after idle time. The plant stays "
                                    "visible; enter your password to act again."))  # fmt: skip
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
