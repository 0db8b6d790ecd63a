"""Force, simulate and release dialogs: an engineer forces a tag to a value with a reason (for
some minutes, or until released), puts it on a simulated source (a signal generator or the
plant model's value) the same way, or releases either with a reason. The checks shown while typing
are the engine's own (value type and range, reason, minutes); the engine checks again when
asked and its refusal is shown in its words. Both are audited by the engine."""

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

from hmi.forcing.access import force_refusal
from tags.database import TagDatabase
from tags.forcing.force import Force, clean_reason, clock_text
from tags.forcing.source import ForceSource
from tags.forcing.sources import MODEL, SourceError, check_source
from tags.forcing.table import MAX_MINUTES, ForceRefused, check_feed, check_range
from tags.model import DataType, TagDef, Value
from tags.security.permissions import User
from tags.write_path import WriteRefused, coerce

WORKSTATION = "console"


def value_text(tag: TagDef, value: Value) -> str:
    """A value in the tag's format with its unit."""
    if value is None:
        return ""
    unit = f" {tag.unit}" if tag.unit else ""
    return f"{tag.format_value(value)}{unit}"


def range_text(tag: TagDef) -> str:
    if tag.eng_low is None and tag.eng_high is None:
        return "no range configured"
    low = tag.format_value(tag.eng_low) if tag.eng_low is not None else "−∞"
    high = tag.format_value(tag.eng_high) if tag.eng_high is not None else "+∞"
    unit = f" {tag.unit}" if tag.unit else ""
    return f"engineering range {low} … {high}{unit}"


def minutes_from(text: str) -> float | None:
    """The minutes typed (None: until released); ValueError says what is wrong."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        minutes = float(text)
    except ValueError:
        raise ValueError(f"minutes: '{text}' is not a number") from None
    if not 0 < minutes <= MAX_MINUTES:
        raise ValueError(f"minutes: more than 0 and at most {MAX_MINUTES:g} (a week)")
    return minutes


class _ForceBase(QDialog):
    """What the force and release dialogs share: the tag, a reason, a message, two buttons."""

    def __init__(
        self,
        source: ForceSource,
        db: TagDatabase,
        tag_name: str,
        user: User | None,
        action: str,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.db = db
        self.user = user
        self.tag: TagDef = db.tags[tag_name]
        self.task: asyncio.Task[Force | None] | None = None
        self.done_force: Force | None = None
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("reason (recorded in the audit trail)")
        self.reason.textChanged.connect(self.validate)
        self.message = QLabel()
        self.message.setObjectName("forceMessage")
        self.message.setWordWrap(True)
        self.send = QPushButton(action)
        self.send.setDefault(True)
        self.send.clicked.connect(self.start)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        self.setWindowTitle(f"{action} {self.tag.name}")
        self.form = QFormLayout()
        self.form.addRow("Tag", QLabel(f"{self.tag.name} — {self.tag.description}"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refusal = force_refusal(user, self.tag)

    def add_tag_rows(self) -> None:
        """The value shown now, the field's held aside (when known) and the range."""
        tag, now = self.tag, self.db.get(self.tag.name)
        self.form.addRow("Shown now", QLabel(f"{value_text(tag, now.value)}   "
                                             f"({now.quality.label})"))  # fmt: skip
        held = self.source.held(tag.name)
        if held is not None:
            self.form.addRow("Field value", QLabel(value_text(tag, held.value)))
        self.form.addRow("Range", QLabel(range_text(tag)))

    def minutes_entry(self) -> QLineEdit:
        """For how many minutes (empty: until released), checked as typed."""
        minutes = QLineEdit()
        minutes.setPlaceholderText("until released")
        minutes.textChanged.connect(self.validate)
        return minutes

    def say(self, text: str, state: str = "") -> None:
        """A message under the form: "refused" in bold, "done", or "" (a hint)."""
        self.message.setText(text)
        self.message.setProperty("state", state)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def problem(self) -> str:
        """What stops the action now ("" when it may go)."""
        if self.refusal:
            return f"Not allowed: {self.refusal}"
        try:
            clean_reason(self.reason.text())
        except ValueError:
            return "Enter the reason."
        return ""

    def validate(self) -> None:
        problem = self.problem()
        self.send.setEnabled(not problem)
        quiet = problem.startswith("Enter")
        self.say(problem, "" if quiet else ("refused" if problem else ""))

    def start(self) -> asyncio.Task[Force | None]:
        """Ask the engine (or the server); the outcome shows when it answers."""
        self.send.setEnabled(False)
        self.say("Sending…")
        self.task = asyncio.ensure_future(self._run())
        return self.task

    async def _run(self) -> Force | None:
        try:
            force = await self.act()
        except Exception as exc:  # the engine's refusal (ForceRefused), a lost link, a store
            self.say(f"Refused: {exc}", "refused")
            self.send.setEnabled(True)
            return None
        self.done_force = force
        self.say(self.done_text(force), "done")
        return force

    async def act(self) -> Force:
        raise NotImplementedError

    def done_text(self, force: Force) -> str:
        raise NotImplementedError


class ForceDialog(_ForceBase):
    """Force a tag: its value now (and the field's, held aside while forced), the new value,
    the reason and for how long."""

    def __init__(
        self,
        source: ForceSource,
        db: TagDatabase,
        tag_name: str,
        user: User | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(source, db, tag_name, user, "Force", parent)
        tag = self.tag
        self.add_tag_rows()
        self.entry: QLineEdit | QComboBox
        if tag.states or tag.data_type is DataType.BOOL:
            combo = QComboBox()
            for number, label in (tag.states or {0: "0", 1: "1"}).items():
                combo.addItem(label, number)
            combo.currentIndexChanged.connect(self.validate)
            self.entry = combo
        else:
            self.entry = QLineEdit()
            self.entry.setPlaceholderText(f"value in {tag.unit}" if tag.unit else "value")
            self.entry.textChanged.connect(self.validate)
        self.minutes = self.minutes_entry()
        self.form.addRow("Force to", self.entry)
        self.form.addRow("Reason", self.reason)
        self.form.addRow("For minutes", self.minutes)
        if self.refusal:
            for widget in (self.entry, self.reason, self.minutes):
                widget.setEnabled(False)
        self.validate()

    def value(self) -> Value:
        if isinstance(self.entry, QComboBox):
            data = self.entry.currentData()
            return bool(data) if self.tag.data_type is DataType.BOOL else data
        return self.entry.text().strip()

    def problem(self) -> str:
        if self.refusal:
            return f"Not allowed: {self.refusal}"
        raw = self.value()
        if raw == "":
            return "Enter the value to force."
        try:
            check_range(self.tag, coerce(self.tag, raw))
        except (WriteRefused, ForceRefused) as exc:
            return f"Refused: {exc}"
        try:
            minutes_from(self.minutes.text())
        except ValueError as exc:
            return f"Refused: {exc}"
        return super().problem()

    async def act(self) -> Force:
        return await self.source.force(
            self.tag.name, self.value(), user=self.user, reason=self.reason.text(),
            minutes=minutes_from(self.minutes.text()), workstation=WORKSTATION,
        )  # fmt: skip

    def done_text(self, force: Force) -> str:
        until = "until released" if force.until is None else f"until {clock_text(force.until)}"
        return f"Forced to {value_text(self.tag, force.value)} {until}."


def source_choices(tag: TagDef) -> list[tuple[str, str]]:
    """(label, source) offered for ``tag``: the plant model's value when the model has one,
    then signal generators over the tag's range (the address stays editable)."""
    choices = []
    try:
        check_source(tag, MODEL)
        choices.append(("Plant model's value", MODEL))
    except SourceError:
        pass
    if tag.states or tag.data_type is DataType.BOOL:
        low, high = (min(tag.states), max(tag.states)) if tag.states else (0, 1)
        choices.append(("Square wave, 60 s", f"sim://signal/square?low={low}&high={high}"
                                            "&period=60"))  # fmt: skip
        return choices
    bottom = tag.eng_low if tag.eng_low is not None else 0.0
    top = tag.eng_high if tag.eng_high is not None else 100.0
    band = f"low={bottom:g}&high={top:g}"
    step = (top - bottom) / 100
    choices += [
        ("Sine over the range, 60 s", f"sim://signal/sine?{band}&period=60"),
        ("Ramp over the range, 60 s", f"sim://signal/ramp?{band}&period=60"),
        ("Random walk in the range", f"sim://signal/random_walk?{band}&step={step:g}"),
    ]
    return choices


class SimulateDialog(_ForceBase):
    """Put a tag on a simulated source while the rest reads the field: marked SIM like a
    force, audited, refusing field writes, for some minutes or until released."""

    def __init__(
        self,
        source: ForceSource,
        db: TagDatabase,
        tag_name: str,
        user: User | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(source, db, tag_name, user, "Simulate", parent)
        tag = self.tag
        self.add_tag_rows()
        self.choice = QComboBox()
        self.address = QLineEdit()
        self.address.setPlaceholderText("sim://signal/SHAPE?low=…&high=… or model")
        for label, address in source_choices(tag):
            self.choice.addItem(label, address)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.address.textChanged.connect(self.validate)
        self.minutes = self.minutes_entry()
        self.form.addRow("Source", self.choice)
        self.form.addRow("Address", self.address)
        self.form.addRow("Reason", self.reason)
        self.form.addRow("For minutes", self.minutes)
        self._chosen()
        if self.refusal:
            for widget in (self.choice, self.address, self.reason, self.minutes):
                widget.setEnabled(False)
        self.validate()

    def _chosen(self) -> None:
        address = self.choice.currentData()
        if isinstance(address, str):
            self.address.setText(address)

    def problem(self) -> str:
        if self.refusal:
            return f"Not allowed: {self.refusal}"
        if not self.address.text().strip():
            return "Enter the source: a sim:// address or model."
        try:
            check_feed(self.tag, self.address.text())
            minutes_from(self.minutes.text())
        except ValueError as exc:  # ForceRefused is one
            return f"Refused: {exc}"
        return super().problem()

    async def act(self) -> Force:
        return await self.source.simulate(
            self.tag.name, self.address.text().strip(), user=self.user,
            reason=self.reason.text(), minutes=minutes_from(self.minutes.text()),
            workstation=WORKSTATION,
        )  # fmt: skip

    def done_text(self, force: Force) -> str:
        until = "until released" if force.until is None else f"until {clock_text(force.until)}"
        return f"Simulated from {force.source} {until}."


class ReleaseDialog(_ForceBase):
    """Release a force: the field's value shows again."""

    def __init__(
        self,
        source: ForceSource,
        db: TagDatabase,
        tag_name: str,
        user: User | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(source, db, tag_name, user, "Release", parent)
        tag = self.tag
        force = source.get(tag.name)
        if force is not None and force.simulated:
            self.form.addRow("Simulated from", QLabel(force.source))
            self.form.addRow("Simulated", QLabel(force.text))
        elif force is not None:
            self.form.addRow("Forced to", QLabel(value_text(tag, force.value)))
            self.form.addRow("Forced", QLabel(force.text))
        held = source.held(tag.name)
        if held is not None:
            self.form.addRow("Field value", QLabel(value_text(tag, held.value)))
        self.form.addRow("Reason", self.reason)
        self.reason.setEnabled(not self.refusal)
        self.validate()

    async def act(self) -> Force:
        return await self.source.release(
            self.tag.name, user=self.user, reason=self.reason.text(), workstation=WORKSTATION
        )

    def done_text(self, force: Force) -> str:
        return f"Released: {self.tag.name} shows the field's value again."
