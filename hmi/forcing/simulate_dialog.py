"""The simulate dialog: an engineer puts a tag on a simulated source (the plant model's value
or a signal generator over the tag's range, the address editable) while the rest reads the
field, marked SIM like a force, for some minutes or until released; checked as typed by the
engine's own check (tags/forcing/table.check_feed)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from hmi.forcing.force_dialog import (
    WORKSTATION,
    ForceBase,
    minutes_from,
    not_allowed,
    range_text,
    refused,
    translated,
)
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from tags.database import TagDatabase
from tags.forcing.force import Force, clock_text
from tags.forcing.source import ForceSource
from tags.forcing.sources import MODEL, SourceError, check_source
from tags.forcing.table import check_feed
from tags.model import DataType, TagDef
from tags.security.permissions import User


def source_choices(tag: TagDef) -> list[tuple[str, str]]:
    """(label, source) offered for ``tag``: the plant model's value when the model has one,
    then signal generators over the tag's range (the address stays editable)."""
    choices = []
    try:
        check_source(tag, MODEL)
        choices.append((QT_TRANSLATE_NOOP("ForceDialog", "Plant model's value"), MODEL))
    except SourceError:
        pass
    if tag.states or tag.data_type is DataType.BOOL:
        low, high = (min(tag.states), max(tag.states)) if tag.states else (0, 1)
        choices.append((QT_TRANSLATE_NOOP("ForceDialog", "Square wave, 60 s"), f"sim://signal/square?low={low}&high={high}"
                                            "&period=60"))  # fmt: skip
        return choices
    bottom = tag.eng_low if tag.eng_low is not None else 0.0
    top = tag.eng_high if tag.eng_high is not None else 100.0
    band = f"low={bottom:g}&high={top:g}"
    step = (top - bottom) / 100
    choices += [
        (
            QT_TRANSLATE_NOOP("ForceDialog", "Sine over the range, 60 s"),
            f"sim://signal/sine?{band}&period=60",
        ),
        (
            QT_TRANSLATE_NOOP("ForceDialog", "Ramp over the range, 60 s"),
            f"sim://signal/ramp?{band}&period=60",
        ),
        (
            QT_TRANSLATE_NOOP("ForceDialog", "Random walk in the range"),
            f"sim://signal/random_walk?{band}&step={step:g}",
        ),
    ]
    return choices


class SimulateDialog(ForceBase):
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
        super().__init__(source, db, tag_name, user, QT_TRANSLATE_NOOP("ForceDialog", "Simulate"),
                         parent)  # fmt: skip
        tag = self.tag
        self.add_tag_rows()
        self.choice = QComboBox()
        self.address = QLineEdit()
        self.address.setMinimumWidth(380)  # a whole sim:// address with its band and period
        for label, address in source_choices(tag):
            self.choice.addItem(translated(label), address)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.address.textChanged.connect(self.validate)
        self.minutes = self.minutes_entry()
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Source"), self.choice)
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Address"), self.address)
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "Reason"), self.reason)
        self.add_row(QT_TRANSLATE_NOOP("ForceDialog", "For minutes"), self.minutes)
        self._chosen()
        if self.refusal:
            for widget in (self.choice, self.address, self.reason, self.minutes):
                widget.setEnabled(False)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.address.setPlaceholderText(
            QCoreApplication.translate("ForceDialog", "sim://signal/SHAPE?low=…&high=… or model")
        )
        for index, (label, _address) in enumerate(source_choices(self.tag)):
            self.choice.setItemText(index, translated(label))
        self.range_label.setText(range_text(self.tag))
        super().retranslate_ui()

    def _chosen(self) -> None:
        address = self.choice.currentData()
        if isinstance(address, str):
            self.address.setText(address)

    def problem(self) -> str:
        if self.refusal:
            return not_allowed(self.refusal)
        if not self.address.text().strip():
            return self.hint(
                QCoreApplication.translate(
                    "ForceDialog", "Enter the source: a sim:// address or model."
                )
            )
        try:
            check_feed(self.tag, self.address.text())
            minutes_from(self.minutes.text())
        except ValueError as exc:  # ForceRefused is one
            return refused(exc)
        return super().problem()

    async def act(self) -> Force:
        return await self.source.simulate(
            self.tag.name, self.address.text().strip(), user=self.user,
            reason=self.reason.text(), minutes=minutes_from(self.minutes.text()),
            workstation=WORKSTATION,
        )  # fmt: skip

    def done_text(self, force: Force) -> str:
        if force.until is None:
            return QCoreApplication.translate(
                "ForceDialog", "Simulated from {source} until released."
            ).format(source=force.source)
        until = QCoreApplication.translate("ForceDialog", "Simulated from {source} until {until}.")
        return until.format(source=force.source, until=clock_text(force.until))
