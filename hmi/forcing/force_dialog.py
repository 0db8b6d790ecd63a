"""Force, simulate and release dialogs: an engineer forces a tag to a value with a reason (for
some minutes, or until released), puts it on a simulated source (a signal generator or the
plant model's value) the same way, or releases either with a reason. The checks shown while typing
are the engine's own (value type and range, reason, minutes); the engine checks again when
asked and its refusal is shown in its words. Both are audited by the engine."""

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

from hmi.faceplate.write_dialog import quality_text, state_choices
from hmi.forcing.access import force_refusal
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from tags.database import TagDatabase
from tags.forcing.force import Force, clean_reason, clock_text
from tags.forcing.source import ForceSource
from tags.forcing.table import MAX_MINUTES, ForceRefused, check_range
from tags.i18n.descriptions import description_of
from tags.model import DataType, TagDef, Value
from tags.security.permissions import User
from tags.write_path import WriteRefused, coerce

WORKSTATION = "console"
CONTEXT = "ForceDialog"


def translated(text: str) -> str:
    """A text of the force dialogs (marked where written) in the current language."""
    return QCoreApplication.translate(CONTEXT, text)


def value_text(tag: TagDef, value: Value) -> str:
    """A value in the tag's format with its unit."""
    if value is None:
        return ""
    unit = f" {tag.unit}" if tag.unit else ""
    return f"{tag.format_value(value)}{unit}"


def force_text(force: Force) -> str:
    """A force as one line in the current language: forced (or simulated from where), by
    whom, until when, why."""
    until = QCoreApplication.translate("ForceDialog", "until released")
    if force.until is not None:
        until = QCoreApplication.translate("ForceDialog", "until {time}").format(
            time=clock_text(force.until)
        )
    if force.simulated:
        line = QCoreApplication.translate(
            "ForceDialog", "simulated from {source} by {user} {until}: {reason}"
        )
    else:
        line = QCoreApplication.translate("ForceDialog", "forced by {user} {until}: {reason}")
    return line.format(source=force.source, user=force.user, until=until, reason=force.reason)


def range_text(tag: TagDef) -> str:
    if tag.eng_low is None and tag.eng_high is None:
        return QCoreApplication.translate("ForceDialog", "no range configured")
    low = tag.format_value(tag.eng_low) if tag.eng_low is not None else "−∞"
    high = tag.format_value(tag.eng_high) if tag.eng_high is not None else "+∞"
    unit = f" {tag.unit}" if tag.unit else ""
    return (
        QCoreApplication.translate("ForceDialog", "engineering range {low} … {high}").format(
            low=low, high=high
        )
        + unit
    )


def minutes_from(text: str) -> float | None:
    """The minutes typed (None: until released); ValueError says what is wrong."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        minutes = float(text)
    except ValueError:
        raise ValueError(
            QCoreApplication.translate("ForceDialog", "minutes: '{text}' is not a number").format(
                text=text
            )
        ) from None
    if not 0 < minutes <= MAX_MINUTES:
        most = QCoreApplication.translate(
            "ForceDialog", "minutes: more than 0 and at most {most} (a week)"
        )
        raise ValueError(most.format(most=f"{MAX_MINUTES:g}"))
    return minutes


def not_allowed(reason: str) -> str:
    return QCoreApplication.translate("ForceDialog", "Not allowed: {reason}").format(reason=reason)


def refused(exc: Exception) -> str:
    """The engine's refusal in its own words, after a translated "Refused:"."""
    return QCoreApplication.translate("ForceDialog", "Refused: {reason}").format(reason=exc)


class ForceBase(QDialog):
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
        self.action = action
        self.rows: list[tuple[QLabel, str]] = []
        self.minutes_entries: list[QLineEdit] = []
        self._hints: set[str] = set()
        self.shown_now: QLabel | None = None
        self.reason = QLineEdit()
        self.reason.textChanged.connect(self.validate)
        self.message = QLabel()
        self.message.setObjectName("forceMessage")
        self.message.setWordWrap(True)
        self.send = QPushButton()
        self.send.setDefault(True)
        self.send.clicked.connect(self.start)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self.form = QFormLayout()
        self.described = QLabel()
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Tag"), self.described)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refusal = force_refusal(user, self.tag)

    def add_row(self, label: str, field: QWidget) -> None:
        """A row of the form; ``label`` marked in this context, translated as shown."""
        shown = QLabel(translated(label))
        self.rows.append((shown, label))
        self.form.addRow(shown, field)

    def retranslate_ui(self) -> None:
        """The texts in the current language (the engine's own stay as it gives them)."""
        self.refusal = force_refusal(self.user, self.tag)
        title = QCoreApplication.translate("ForceDialog", "{action} {tag}")
        self.setWindowTitle(title.format(action=translated(self.action), tag=self.tag.name))
        for shown, label in self.rows:
            shown.setText(translated(label))
        self.described.setText(f"{self.tag.name} — {description_of(self.tag)}")
        if self.shown_now is not None:
            now = self.db.get(self.tag.name)
            self.shown_now.setText(f"{value_text(self.tag, now.value)}   "
                                   f"({quality_text(now.quality)})")  # fmt: skip
        self.reason.setPlaceholderText(
            QCoreApplication.translate("ForceDialog", "reason (recorded in the audit trail)")
        )
        for minutes in self.minutes_entries:
            minutes.setPlaceholderText(QCoreApplication.translate("ForceDialog", "until released"))
        self.send.setText(translated(self.action))
        self.close_button.setText(QCoreApplication.translate("ForceDialog", "Close"))
        if self.done_force is not None:
            self.say(self.done_text(self.done_force), "done")
        elif self.task is None:
            self.validate()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def add_tag_rows(self) -> None:
        """The value shown now, the field's held aside (when known) and the range."""
        tag = self.tag
        self.shown_now = QLabel()
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Shown now"), self.shown_now)
        held = self.source.held(tag.name)
        if held is not None:
            self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Field value"),
                         QLabel(value_text(tag, held.value)))  # fmt: skip
        self.range_label = QLabel(range_text(tag))
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Range"), self.range_label)

    def minutes_entry(self) -> QLineEdit:
        """For how many minutes (empty: until released), checked as typed."""
        minutes = QLineEdit()
        minutes.textChanged.connect(self.validate)
        self.minutes_entries.append(minutes)
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
            return not_allowed(self.refusal)
        try:
            clean_reason(self.reason.text())
        except ValueError:
            return self.hint(QCoreApplication.translate("ForceDialog", "Enter the reason."))
        return ""

    def hint(self, text: str) -> str:
        """``text`` as a quiet hint (what to fill in next), not a refusal."""
        self._hints.add(text)
        return text

    def validate(self) -> None:
        problem = self.problem()
        self.send.setEnabled(not problem)
        quiet = problem in self._hints
        self.say(problem, "" if quiet else ("refused" if problem else ""))

    def start(self) -> asyncio.Task[Force | None]:
        """Ask the engine (or the server); the outcome shows when it answers."""
        self.send.setEnabled(False)
        self.say(QCoreApplication.translate("ForceDialog", "Sending…"))
        self.task = asyncio.ensure_future(self._run())
        return self.task

    async def _run(self) -> Force | None:
        try:
            force = await self.act()
        except Exception as exc:  # the engine's refusal (ForceRefused), a lost link, a store
            self.say(refused(exc), "refused")
            self.send.setEnabled(True)
            return None
        self.done_force = force
        self.say(self.done_text(force), "done")
        return force

    async def act(self) -> Force:
        raise NotImplementedError

    def done_text(self, force: Force) -> str:
        raise NotImplementedError


class ForceDialog(ForceBase):
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
        super().__init__(
            source, db, tag_name, user, QT_TRANSLATE_NOOP("ForceDialog", "Force"), parent
        )
        tag = self.tag
        self.add_tag_rows()
        self.entry: QLineEdit | QComboBox
        if tag.states or tag.data_type is DataType.BOOL:
            combo = QComboBox()
            for label, number in state_choices(tag):
                combo.addItem(label, number)
            combo.currentIndexChanged.connect(self.validate)
            self.entry = combo
        else:
            self.entry = QLineEdit()
            self.entry.textChanged.connect(self.validate)
        self.minutes = self.minutes_entry()
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Force to"), self.entry)
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Reason"), self.reason)
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "For minutes"), self.minutes)
        if self.refusal:
            for widget in (self.entry, self.reason, self.minutes):
                widget.setEnabled(False)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tag = self.tag
        if isinstance(self.entry, QLineEdit):
            within = QCoreApplication.translate("ForceDialog", "value in {unit}").format(
                unit=tag.unit
            )
            self.entry.setPlaceholderText(
                within if tag.unit else QCoreApplication.translate("ForceDialog", "value")
            )
        else:
            for index, (label, _number) in enumerate(state_choices(tag)):
                self.entry.setItemText(index, label)
        self.range_label.setText(range_text(tag))
        super().retranslate_ui()

    def value(self) -> Value:
        if isinstance(self.entry, QComboBox):
            data = self.entry.currentData()
            return bool(data) if self.tag.data_type is DataType.BOOL else data
        return self.entry.text().strip()

    def problem(self) -> str:
        if self.refusal:
            return not_allowed(self.refusal)
        raw = self.value()
        if raw == "":
            return self.hint(QCoreApplication.translate("ForceDialog", "Enter the value to force."))
        try:
            check_range(self.tag, coerce(self.tag, raw))
        except (WriteRefused, ForceRefused) as exc:
            return refused(exc)
        try:
            minutes_from(self.minutes.text())
        except ValueError as exc:
            return refused(exc)
        return super().problem()

    async def act(self) -> Force:
        return await self.source.force(
            self.tag.name, self.value(), user=self.user, reason=self.reason.text(),
            minutes=minutes_from(self.minutes.text()), workstation=WORKSTATION,
        )  # fmt: skip

    def done_text(self, force: Force) -> str:
        value = value_text(self.tag, force.value)
        if force.until is None:
            return QCoreApplication.translate(
                "ForceDialog", "Forced to {value} until released."
            ).format(value=value)
        return QCoreApplication.translate("ForceDialog", "Forced to {value} until {until}.").format(
            value=value, until=clock_text(force.until)
        )


class ReleaseDialog(ForceBase):
    """Release a force: the field's value shows again."""

    def __init__(
        self,
        source: ForceSource,
        db: TagDatabase,
        tag_name: str,
        user: User | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(source, db, tag_name, user, QT_TRANSLATE_NOOP("ForceDialog", "Release"),
                         parent)  # fmt: skip
        tag = self.tag
        force = self.force = source.get(tag.name)
        self.force_line = QLabel()
        if force is not None and force.simulated:
            self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Simulated from"), QLabel(force.source))
            self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Simulated"), self.force_line)
        elif force is not None:
            self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Forced to"),
                         QLabel(value_text(tag, force.value)))  # fmt: skip
            self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Forced"), self.force_line)
        held = source.held(tag.name)
        if held is not None:
            self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Field value"),
                         QLabel(value_text(tag, held.value)))  # fmt: skip
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Reason"), self.reason)
        self.reason.setEnabled(not self.refusal)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        if self.force is not None:
            self.force_line.setText(force_text(self.force))
        super().retranslate_ui()

    async def act(self) -> Force:
        return await self.source.release(
            self.tag.name, user=self.user, reason=self.reason.text(), workstation=WORKSTATION
        )

    def done_text(self, force: Force) -> str:
        return QCoreApplication.translate(
            "ForceDialog", "Released: {tag} shows the field's value again."
        ).format(tag=self.tag.name)
