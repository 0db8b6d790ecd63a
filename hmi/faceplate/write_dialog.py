"""The write dialog: old -> new with unit and limits, refusals stated before sending, the
read-back result after, and "outcome unknown" for a write that left without a reply. Every
check is the engine's own (tags.write_path), so the dialog and the write path can never
disagree; the write itself is audited there."""

from __future__ import annotations

import asyncio

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
from tags.model import DataType, TagDef, Value
from tags.security.permissions import User
from tags.write_path import (
    WritePath,
    WriteRefused,
    WriteResult,
    WriteStatus,
    check_limits,
    coerce,
)


def limits_text(tag: TagDef) -> str:
    low = tag.write_low if tag.write_low is not None else tag.eng_low
    high = tag.write_high if tag.write_high is not None else tag.eng_high
    if low is None and high is None:
        return "no limits configured"
    kind = "write limits" if tag.write_low is not None else "engineering range"
    unit = f" {tag.unit}" if tag.unit else ""
    low_text = tag.format_value(low) if low is not None else "−∞"
    high_text = tag.format_value(high) if high is not None else "+∞"
    return f"{kind} {low_text} … {high_text}{unit}"


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
        self.setWindowTitle(f"Write {tag.name}")
        old = self.db.get(tag.name)
        unit = f" {tag.unit}" if tag.unit else ""
        self.old_text = tag.format_value(old.value) + unit
        self.entry: QLineEdit | QComboBox
        if tag.states or tag.data_type is DataType.BOOL:
            combo = QComboBox()
            states = tag.states or {0: "0", 1: "1"}
            for number, label in states.items():
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
            self.entry.setPlaceholderText(f"new value in {tag.unit}" if tag.unit else "new value")
            self.entry.textChanged.connect(self._validate)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("reason (recorded in the audit trail)")
        self.preview = QLabel()
        self.preview.setObjectName("writePreview")
        self.message = QLabel()
        self.message.setObjectName("writeMessage")
        self.message.setWordWrap(True)
        self.send = QPushButton("Send")
        self.send.setDefault(True)
        self.send.clicked.connect(self.start_write)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("Tag", QLabel(f"{tag.name} — {tag.description}"))
        form.addRow("Current", QLabel(f"{self.old_text}   ({old.quality.label})"))
        form.addRow("Limits", QLabel(limits_text(tag)))
        form.addRow("New value", self.entry)
        form.addRow("Reason", self.reason)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refusal = writes.why_not_writable(tag.name, user)
        self._validate()

    def value_text(self) -> Value:
        if isinstance(self.entry, QComboBox):
            data = self.entry.currentData()
            return bool(data) if self.tag.data_type is DataType.BOOL else data
        return self.entry.text().strip()

    def _validate(self) -> None:
        """Refuse (never clamp) as the operator types; say why."""
        if self.refusal:
            self._show(f"Not allowed: {self.refusal}", ok=False)
            self.entry.setEnabled(False)
            return
        raw = self.value_text()
        if raw == "":
            self._show("Enter the new value.", ok=False, quiet=True)
            return
        try:
            value = coerce(self.tag, raw)
            check_limits(self.tag, value)
        except WriteRefused as exc:
            self._show(f"Refused: {exc}", ok=False)
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
        self._show("Sending… waiting for read-back", ok=False, quiet=True)
        self.task = asyncio.ensure_future(self._write())
        return self.task

    async def _write(self) -> WriteResult:
        result = await self.writes.write(self.tag.name, self.value_text(), user=self.user,
                                     reason=self.reason.text().strip(),
                                     workstation="console")  # fmt: skip
        self.outcome = result
        latency = f" in {result.latency_ms:.0f} ms" if result.latency_ms is not None else ""
        unit = f" {self.tag.unit}" if self.tag.unit else ""
        if result.ok:
            self._show(f"Confirmed: read-back {self.tag.format_value(result.readback)}{unit}"
                       f"{latency}", ok=False, quiet=True)  # fmt: skip
            self.message.setProperty("state", "confirmed")
        elif result.status is WriteStatus.UNCONFIRMED:
            self._show(f"Unconfirmed, outcome unknown: {result.reason}. Check {self.tag.name} "
                       "before writing again.", ok=False, quiet=True)  # fmt: skip
            self.message.setProperty("state", "unconfirmed")
        else:
            self._show(f"{result.status.value.capitalize()}: {result.reason}", ok=False)
        self.message.style().polish(self.message)
        return result
