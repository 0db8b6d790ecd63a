"""The write dialog: old -> new with unit and limits, refusals stated before sending, the
read-back result after, and "outcome unknown" for a write that left without a reply. Every
check is the engine's own (tags.write_path), so the dialog and the write path can never
disagree; the write itself is audited there."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.bridge import TagBridge
from hmi.i18n.retranslate import is_language_change
from hmi.widgets.words import quality_word
from tags.i18n.descriptions import description_of, state_name
from tags.i18n.language import Language, current_language
from tags.model import DataType, Quality, Severity, TagDef, Value
from tags.security.permissions import User
from tags.write_path import (
    WritePath,
    WriteRefused,
    WriteResult,
    WriteStatus,
    check_limits,
    coerce,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("WriteDialog", text)


def limits_text(tag: TagDef) -> str:
    """The limits a write must keep to, in the current language."""
    low = tag.write_low if tag.write_low is not None else tag.eng_low
    high = tag.write_high if tag.write_high is not None else tag.eng_high
    if low is None and high is None:
        return QCoreApplication.translate("WriteDialog", "no limits configured")
    kind = (
        QCoreApplication.translate("WriteDialog", "write limits")
        if tag.write_low is not None
        else QCoreApplication.translate("WriteDialog", "engineering range")
    )
    unit = f" {tag.unit}" if tag.unit else ""
    low_text = tag.format_value(low) if low is not None else "−∞"
    high_text = tag.format_value(high) if high is not None else "+∞"
    return f"{kind} {low_text} … {high_text}{unit}"


def quality_text(quality: Quality) -> str:
    """A value's quality in words: the OPC UA name in English, else "Good" or the short code
    (COMM, OOS ...) in the current language."""
    if current_language() is Language.EN:
        return quality.label
    if quality.severity is Severity.GOOD:
        return QCoreApplication.translate("WriteDialog", "Good")
    return quality_word(quality.short)


def state_choices(tag: TagDef) -> list[tuple[str, int]]:
    """(name shown, value) of each state a state or bool tag may be given."""
    if not tag.states:
        return [("0", 0), ("1", 1)]
    return [(state_name(tag, number) or label, number) for number, label in tag.states.items()]


class WriteDialog(QDialog):
    def __init__(
        self,
        bridge: TagBridge,
        writes: WritePath,
        tag_name: str,
        user: User | None,
        *,
        preset: Value = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.writes = writes
        self.db = bridge.db
        self.user = user
        self.tag: TagDef = bridge.db.tags[tag_name]
        self.outcome: WriteResult | None = None
        self.task: asyncio.Task[WriteResult] | None = None
        tag = self.tag
        self.old = self.db.get(tag.name)
        self.entry: QLineEdit | QComboBox
        if tag.states or tag.data_type is DataType.BOOL:
            combo = QComboBox()
            for label, number in state_choices(tag):
                combo.addItem(label, number)
            if preset is not None:
                combo.setCurrentIndex(
                    max(
                        0,
                        combo.findData(
                            int(bool(preset)) if tag.data_type is DataType.BOOL else preset
                        ),
                    )
                )
            combo.currentIndexChanged.connect(self._validate)
            self.entry = combo
        else:
            self.entry = QLineEdit("" if preset is None else str(preset))
            self.entry.textChanged.connect(self._validate)
        self.reason = QLineEdit()
        self.preview = QLabel()
        self.preview.setObjectName("writePreview")
        self.message = QLabel()
        self.message.setObjectName("writeMessage")
        self.message.setWordWrap(True)
        self.send = QPushButton()
        self.send.setDefault(True)
        self.send.clicked.connect(self.start_write)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self.described, self.current, self.limits = QLabel(), QLabel(), QLabel()
        self.row_labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        fields = (self.described, self.current, self.limits, self.entry, self.reason)
        for row_label, field in zip(self.row_labels, fields, strict=True):
            form.addRow(row_label, field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refusal = writes.why_not_writable(tag.name, user)
        self.retranslate_ui()

    @property
    def old_text(self) -> str:
        """The value before the write, with its unit."""
        unit = f" {self.tag.unit}" if self.tag.unit else ""
        return self.tag.format_value(self.old.value) + unit

    def retranslate_ui(self) -> None:
        tag = self.tag
        self.setWindowTitle(self.tr("Write {tag}").format(tag=tag.name))
        for label, text in zip(self.row_labels, (self.tr("Tag"), self.tr("Current"),
                               self.tr("Limits"), self.tr("New value"), self.tr("Reason")),
                               strict=True):  # fmt: skip
            label.setText(text)
        self.described.setText(f"{tag.name} — {description_of(tag)}")
        self.current.setText(f"{self.old_text}   ({quality_text(self.old.quality)})")
        self.limits.setText(limits_text(tag))
        if isinstance(self.entry, QLineEdit):
            self.entry.setPlaceholderText(
                self.tr("new value in {unit}").format(unit=tag.unit) if tag.unit
                else self.tr("new value")
            )  # fmt: skip
        else:
            for index, (name, _number) in enumerate(state_choices(tag)):
                self.entry.setItemText(index, name)
        self.reason.setPlaceholderText(self.tr("reason (recorded in the audit trail)"))
        self.send.setText(self.tr("Send"))
        self.close_button.setText(self.tr("Close"))
        if self.outcome is not None:
            self._show_outcome(self.outcome)
        elif self.task is None:
            self._validate()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def value_text(self) -> Value:
        if isinstance(self.entry, QComboBox):
            data = self.entry.currentData()
            return bool(data) if self.tag.data_type is DataType.BOOL else data
        return self.entry.text().strip()

    def _validate(self) -> None:
        """Refuse (never clamp) as the operator types; say why."""
        if self.refusal:
            self._show(self.tr("Not allowed: {reason}").format(reason=self.refusal), ok=False)
            self.entry.setEnabled(False)
            return
        raw = self.value_text()
        if raw == "":
            self._show(self.tr("Enter the new value."), ok=False, quiet=True)
            return
        try:
            value = coerce(self.tag, raw)
            check_limits(self.tag, value)
        except WriteRefused as exc:
            self._show(self.tr("Refused: {reason}").format(reason=exc), ok=False)
            return
        unit = f" {self.tag.unit}" if self.tag.unit else ""
        self.preview.setText(f"{self.old_text}  →  {self.tag.format_value(value)}{unit}")
        self._show("", ok=True)

    def _show(self, text: str, *, ok: bool, quiet: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("state", "" if ok or quiet else "refused")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.send.setEnabled(ok)
        if not ok:
            self.preview.setText("")

    def start_write(self) -> asyncio.Task[WriteResult]:
        """Send through the one write path; the result is shown when the read-back is in."""
        self.send.setEnabled(False)
        self.entry.setEnabled(False)
        self._show(self.tr("Sending… waiting for read-back"), ok=False, quiet=True)
        self.task = asyncio.ensure_future(self._write())
        return self.task

    async def _write(self) -> WriteResult:
        result = await self.writes.write(self.tag.name, self.value_text(), user=self.user,
                                     reason=self.reason.text().strip(),
                                     workstation="console")  # fmt: skip
        self.outcome = result
        self._show_outcome(result)
        return result

    def _show_outcome(self, result: WriteResult) -> None:
        unit = f" {self.tag.unit}" if self.tag.unit else ""
        if result.ok:
            readback = f"{self.tag.format_value(result.readback)}{unit}"
            if result.latency_ms is not None:
                text = self.tr("Confirmed: read-back {value} in {ms} ms").format(
                    value=readback, ms=f"{result.latency_ms:.0f}")  # fmt: skip
            else:
                text = self.tr("Confirmed: read-back {value}").format(value=readback)
            self._show(text, ok=False, quiet=True)
            self.message.setProperty("state", "confirmed")
        elif result.status is WriteStatus.UNCONFIRMED:
            self._show(self.tr("Unconfirmed, outcome unknown: {reason}. Check {tag} before "
                               "writing again.").format(reason=result.reason, tag=self.tag.name),
                       ok=False, quiet=True)  # fmt: skip
            self.message.setProperty("state", "unconfirmed")
        else:
            status = {
                WriteStatus.REFUSED: self.tr("Refused"),
                WriteStatus.FAILED: self.tr("Failed"),
            }
            word = status.get(result.status, result.status.value.capitalize())
            self._show(self.tr("{status}: {reason}").format(status=word, reason=result.reason),
                       ok=False)  # fmt: skip
        self.message.style().polish(self.message)
