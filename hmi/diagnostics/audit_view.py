"""The audit viewer, for supervisors and up (Action.VIEW_AUDIT): audit records with filters,
and the result of verifying the hash chain at the top, where nobody can miss it. A write
intent shows its outcome, or "outcome unknown" when no outcome was ever recorded.

The header's "Audit trail" button is enabled only for a user who may view the trail and
says why not otherwise; the dialog itself refuses anyone else (``PermissionDenied``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.alarms.table import Index, alarm_table, clock_text
from hmi.diagnostics.audit_actions import ACTIONS, action_name, recorded_action, result_name
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.rows_model import RowsModel
from tags.security.audit import (
    OUTCOME_UNKNOWN,
    WRITE_INTENT,
    AuditRecord,
    VerifyResult,
)
from tags.security.audit_store import AuditStore
from tags.security.permissions import Action, PermissionDenied, User, allowed, require

COLUMNS = (
    QT_TRANSLATE_NOOP("AuditView", "Seq"),
    QT_TRANSLATE_NOOP("AuditView", "Time"),
    QT_TRANSLATE_NOOP("AuditView", "User"),
    QT_TRANSLATE_NOOP("AuditView", "Workstation"),
    QT_TRANSLATE_NOOP("AuditView", "Action"),
    QT_TRANSLATE_NOOP("AuditView", "Tag"),
    QT_TRANSLATE_NOOP("AuditView", "Old"),
    QT_TRANSLATE_NOOP("AuditView", "New"),
    QT_TRANSLATE_NOOP("AuditView", "Unit"),
    QT_TRANSLATE_NOOP("AuditView", "Reason"),
    QT_TRANSLATE_NOOP("AuditView", "Result"),
    QT_TRANSLATE_NOOP("AuditView", "Latency"),
    QT_TRANSLATE_NOOP("AuditView", "Detail"),
)
PERIODS = (
    (QT_TRANSLATE_NOOP("AuditView", "Last 24 h"), 86400.0),
    (QT_TRANSLATE_NOOP("AuditView", "Last 7 days"), 7 * 86400.0),
    (QT_TRANSLATE_NOOP("AuditView", "Last 30 days"), 30 * 86400.0),
    (QT_TRANSLATE_NOOP("AuditView", "All"), 0.0),
)
QT_TRANSLATE_NOOP("AuditView", "outcome unknown")  # OUTCOME_UNKNOWN, as recorded
LIMIT = 5000


class AuditModel(RowsModel[AuditRecord]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent, context="AuditView")
        self.first_bad: int | None = None
        """The seq verify found altered or missing: that row is shown in bold."""
        self.outcomes: dict[int, AuditRecord] = {}
        """The outcome record of each write intent shown that has one, by the intent's seq."""
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def records(self) -> list[AuditRecord]:
        return self.rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.FontRole and r.seq == self.first_bad:
            return self._bold
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        latency = "" if r.latency_ms is None else f"{r.latency_ms:.0f} ms"
        return (
            str(r.seq), clock_text(r.time, date=True), r.user, r.workstation,
            action_name(r.action), r.tag, r.old or "", r.new or "", r.unit, r.reason,
            self.result_text(r), latency, r.detail,
        )[index.column()]  # fmt: skip

    def result_text(self, r: AuditRecord) -> str:
        """A write intent shows how its write went (its outcome record), or that nobody
        knows: the writer stopped between sending and recording the outcome."""
        if r.action != WRITE_INTENT:
            return result_name(r.result)
        outcome = self.outcomes.get(r.seq)
        if outcome is None:
            return QCoreApplication.translate("AuditView", OUTCOME_UNKNOWN)
        return QCoreApplication.translate("AuditView", "{result} (record {seq})").format(
            result=result_name(outcome.result), seq=outcome.seq
        )


def verify_text(result: VerifyResult) -> str:
    if result.ok:
        return QCoreApplication.translate("AuditView", "Verified: {message}").format(
            message=result.message
        )
    return QCoreApplication.translate("AuditView", "AUDIT TRAIL TAMPERED — {message}").format(
        message=result.message
    )


class AuditView(QDialog):
    def __init__(
        self,
        audit: AuditStore,
        user: User | None,
        *,
        now: Callable[[], float],
        parent: QWidget | None = None,
    ) -> None:
        require(user, Action.VIEW_AUDIT)
        super().__init__(parent)
        self.setObjectName("auditView")
        self.resize(1200, 640)
        self.audit = audit
        self._now = now
        layout = QVBoxLayout(self)
        self.verify_label = QLabel("")
        self.verify_label.setObjectName("auditVerify")
        self.verify_label.setWordWrap(True)
        verify_row = QHBoxLayout()
        verify_row.addWidget(self.verify_label, 1)
        self.again = QPushButton()
        self.again.clicked.connect(self.verify)
        verify_row.addWidget(self.again)
        layout.addLayout(verify_row)
        bar = QHBoxLayout()
        layout.addLayout(bar)
        self.period = QComboBox()
        for _text, seconds in PERIODS:
            self.period.addItem("", seconds)
        self.user = QLineEdit()
        self.tag = QLineEdit()
        self.action = QComboBox()
        self.action.setEditable(True)
        self.action.addItems(["", *ACTIONS])  # named in the console's language by retranslate_ui
        self.search_button = QPushButton()
        self.search_button.clicked.connect(self.search)
        for edit in (self.user, self.tag):
            edit.returnPressed.connect(self.search)
        self.field_labels = [QLabel() for _ in range(4)]
        for label, widget in zip(self.field_labels, (self.period, self.user, self.tag,
                                                     self.action), strict=True):  # fmt: skip
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(self.search_button)
        bar.addStretch(1)
        self.model = AuditModel(self)
        self.table = alarm_table(self.model, sortable=False)
        for column, width in enumerate((50, 150, 90, 110, 110, 150, 70, 70, 50, 140, 160, 70)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.status = QLabel("")
        layout.addWidget(self.status)
        self.verified: VerifyResult | None = None
        self.records_found = 0
        self.retranslate_ui()
        self.verify()
        self.search()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Audit trail"))
        self.again.setText(self.tr("Verify again"))
        for i, (text, _seconds) in enumerate(PERIODS):
            self.period.setItemText(i, QCoreApplication.translate("AuditView", text))
        self.user.setPlaceholderText(self.tr("user"))
        self.tag.setPlaceholderText(self.tr("exact tag name"))
        for i, action in enumerate(ACTIONS, start=1):
            self.action.setItemText(i, action_name(action))
        editor = self.action.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(self.tr("any action"))
        self.search_button.setText(self.tr("Search"))
        names = (self.tr("Period"), self.tr("User"), self.tr("Tag"), self.tr("Action"))
        for label, name in zip(self.field_labels, names, strict=True):
            label.setText(name)
        self.model.retranslate()
        if self.verified is not None:
            self.verify_label.setText(verify_text(self.verified))
            self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _show_count(self) -> None:
        self.status.setText(
            self.tr("{count} records, newest first").format(count=self.records_found)
        )

    def verify(self) -> VerifyResult:
        self.verified = self.audit.verify()
        self.model.first_bad = self.verified.first_bad_seq
        self.table.viewport().update()
        self.verify_label.setText(verify_text(self.verified))
        self.verify_label.setProperty("ok", self.verified.ok)
        self.verify_label.style().unpolish(self.verify_label)
        self.verify_label.style().polish(self.verify_label)
        return self.verified

    def search(self) -> list[AuditRecord]:
        seconds = float(self.period.currentData())
        records = self.audit.query(
            since=self._now() - seconds if seconds else None,
            user=self.user.text().strip() or None,
            tag=self.tag.text().strip() or None,
            action=recorded_action(self.action.currentText().strip()) or None,
            limit=LIMIT,
        )
        self.model.outcomes = self.audit.outcomes(
            r.seq for r in records if r.action == WRITE_INTENT
        )
        self.model.set_rows(records)
        self.records_found = len(records)
        self._show_count()
        return records


class AuditButton(QPushButton):
    """The header button: enabled for users who may view the audit trail."""

    def __init__(
        self,
        audit: AuditStore,
        user: Callable[[], User | None],
        *,
        now: Callable[[], float],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditButton")
        self._audit = audit
        self._user = user
        self._now = now
        self.view: AuditView | None = None
        self.clicked.connect(self.open_view)
        self.update_state()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.update_state()
        super().changeEvent(event)

    def update_state(self) -> None:
        self.setText(self.tr("Audit"))
        user = self._user()
        ok = allowed(user, Action.VIEW_AUDIT)
        self.setEnabled(ok)
        reason = "" if ok else f": {PermissionDenied(user, Action.VIEW_AUDIT, '')}"
        self.setToolTip(self.tr("Audit trail (supervisors and up)") + reason)

    def open_view(self) -> AuditView | None:
        try:
            view = AuditView(self._audit, self._user(), now=self._now, parent=self.window())
        except PermissionDenied as exc:
            self.setToolTip(str(exc))
            return None
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        view.destroyed.connect(lambda *_: setattr(self, "view", None))
        self.view = view
        view.show()
        return view
