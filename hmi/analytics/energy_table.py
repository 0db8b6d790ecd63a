"""The energy figures table: now, this shift, the previous shift and today, against targets.

One row per figure (hmi/analytics/energy_rows.py), one section per declared area. Cells are
plain grey text; a figure that misses its target gets the "target_off" fill and the last
column says by how much in words, so colour is never the only sign and only the abnormal
is coloured.

Columns are as wide as their text in the font on screen: every figure's full name, and the
widest number a column can show. The table asks the layout for exactly that width (the charts
beside it take the rest), which fits a 1366-pixel screen; only on a narrower one does the
name column give way, eliding names whose full text is then in their tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
)

from hmi.analytics.energy_rows import Row, number
from hmi.analytics.energy_words import judgement
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.shell.theme import palette
from tags.analytics.config import AnalyticsSettings
from tags.analytics.energy import InstantEnergy
from tags.analytics.energy_figures import EnergyFigures, TargetCheck

COLUMNS = (
    QT_TRANSLATE_NOOP("EnergyTable", "Figure"), QT_TRANSLATE_NOOP("EnergyTable", "Unit"),
    QT_TRANSLATE_NOOP("EnergyTable", "Now"), QT_TRANSLATE_NOOP("EnergyTable", "This\nshift"),
    QT_TRANSLATE_NOOP("EnergyTable", "Previous\nshift"),
    QT_TRANSLATE_NOOP("EnergyTable", "Today"), QT_TRANSLATE_NOOP("EnergyTable", "Target"),
    QT_TRANSLATE_NOOP("EnergyTable", "This shift\nagainst target"),
)  # fmt: skip
"""Headers on two lines where that saves width (the figures' names need it)."""
NOW, SHIFT, PREVIOUS, TODAY, TARGET, JUDGEMENT = 2, 3, 4, 5, 6, 7
PERIOD_COLUMNS = {"shift": SHIFT, "previous": PREVIOUS, "today": TODAY}
ROW_HEIGHT = 23
WIDEST = {NOW: "000.00 MW", SHIFT: "00 000.00", PREVIOUS: "00 000.00", TODAY: "00 000.00",
          TARGET: "0 000.00"}  # fmt: skip
"""The widest number each column is sized for (a day's cost, a shift's MWh stay inside)."""
CELL_PADDING = 10
"""Item margins and a little air on both sides of a cell's text, in pixels."""
NAMES_AT_LEAST = 120
"""The name column's width below which the table does not go (a screen under 1366 px)."""


class EnergyTable(QTableWidget):
    """Figures by area; ``show_now`` and ``show_period`` fill the columns."""

    def __init__(self, rows: Sequence[Row], settings: AnalyticsSettings) -> None:
        super().__init__(0, len(COLUMNS))
        self.setObjectName("energyTable")
        self.settings = settings
        self.rows = list(rows)
        self._line: dict[str, int] = {}
        self._off = QBrush(palette().color("target_off"))
        self._plain = QBrush()
        self._checks: dict[str, TargetCheck | None] = {}
        self._titles: dict[str, int] = {}
        self._set_headers()
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the rest is the names'
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._widths: list[int] = []
        self._fill()
        self.fit_columns()

    def sizeHint(self) -> QSize:
        """Every column at its full width, the scroll bar and the frame."""
        extra = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        return QSize(sum(self._widths) + extra, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        full = self.sizeHint()
        give = max(0, self._widths[0] - NAMES_AT_LEAST) if self._widths else 0
        return QSize(full.width() - give, super().minimumSizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns()

    def _set_headers(self) -> None:
        self.setHorizontalHeaderLabels(
            [QCoreApplication.translate("EnergyTable", c) for c in COLUMNS]
        )

    def relabel(self, rows: Sequence[Row]) -> None:
        """The same rows named in the current language (the language changed): headers,
        area titles, names and judgements; the figures stay."""
        currency = self.settings.tariff.currency
        self.rows = list(rows)
        self._set_headers()
        for row in self.rows:
            item = self.item(self._titles[row.area], 0)
            if item is not None:
                item.setText(row.title or row.area)
            name = self._cell(row.key, 0)
            name.setText(row.label)
            name.setToolTip(row.label.strip())
            self._cell(row.key, 1).setText(row.unit.format(currency=currency))
            if row.target is not None and row.key in self._checks:
                self._cell(row.key, JUDGEMENT).setText(judgement(self._checks[row.key]))
        self.fit_columns()

    def column_texts(self, column: int) -> list[str]:
        """The texts a column is sized for: every name or unit, or its widest number."""
        currency = self.settings.tariff.currency
        if column == 0:
            return [row.label for row in self.rows]
        if column == 1:
            return [row.unit.format(currency=currency) for row in self.rows]
        if column == JUDGEMENT:
            worst = QCoreApplication.translate("EnergyTable", "OFF TARGET, {percent} % worse")
            return [worst.format(percent="99.9")]
        return [WIDEST[column]]

    def fit_columns(self) -> None:
        """Size each column to its widest text (and header) in the font in use; the table
        asks for all of them (``sizeHint``)."""
        self.ensurePolished()
        plain = self.fontMetrics()
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)  # an off-target judgement is bold
        header = self.horizontalHeader()
        self._widths = []
        for column in range(len(COLUMNS)):
            metrics = bold if column == JUDGEMENT else plain
            text = max((metrics.horizontalAdvance(t) for t in self.column_texts(column)), default=0)
            width = max(text + CELL_PADDING, header.sectionSizeHint(column))
            self.setColumnWidth(column, width)
            self._widths.append(width)
        self.updateGeometry()

    def _fill(self) -> None:
        currency = self.settings.tariff.currency
        area = ""
        for row in self.rows:
            if row.area != area:
                area = row.area
                line = self.rowCount()
                self.insertRow(line)
                self._titles[area] = line
                self.setSpan(line, 0, 1, len(COLUMNS))
                title = self._item(row.title or area, bold=True)
                title.setBackground(QBrush(palette().color("background")))
                self.setItem(line, 0, title)
            line = self.rowCount()
            self.insertRow(line)
            self._line[row.key] = line
            name = self._item(row.label)
            name.setToolTip(row.label.strip())  # the whole name, should a narrow screen elide it
            self.setItem(line, 0, name)
            self.setItem(line, 1, self._item(row.unit.format(currency=currency)))
            target = "" if row.target is None else number(row.target.value, row.decimals)
            for column in range(NOW, len(COLUMNS)):
                text = target if column == TARGET else ("" if row.now is None and
                                                        column == NOW else "—")  # fmt: skip
                self.setItem(line, column, self._item(text, right=column != JUDGEMENT))

    def _item(self, text: str, *, bold: bool = False, right: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        if right:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    # filling ----------------------------------------------------------------------------

    def show_now(self, now: InstantEnergy) -> None:
        """The instantaneous figures (a row without one stays empty)."""
        for row in self.rows:
            if row.now is None:
                continue
            value = row.now(now)
            text = number(value, row.decimals)
            if row.now_unit and value is not None:
                text = f"{text} {row.now_unit}"
            check = row.check(value)
            self._set(row.key, NOW, text, off=check is not None and check.met is False)

    def show_period(self, column: str, f: EnergyFigures | None) -> None:
        """One period's figures into its column ("shift", "previous" or "today")."""
        at = PERIOD_COLUMNS[column]
        for row in self.rows:
            value = None if f is None else row.period(f)
            check = row.check(value)
            off = check is not None and check.met is False
            self._set(row.key, at, number(value, row.decimals), off=off)
            if at == SHIFT and row.target is not None:
                self._checks[row.key] = check
                self._set(row.key, JUDGEMENT, judgement(check), off=off, bold=off)

    def _cell(self, key: str, column: int) -> QTableWidgetItem:
        item = self.item(self._line[key], column)
        assert item is not None
        return item

    def _set(self, key: str, column: int, text: str, *, off: bool, bold: bool = False) -> None:
        item = self._cell(key, column)
        if item.text() != text:
            item.setText(text)
        if bool(item.data(Qt.ItemDataRole.UserRole)) != off:
            item.setData(Qt.ItemDataRole.UserRole, off)
            item.setBackground(self._off if off else self._plain)
            if column == JUDGEMENT:
                font = QFont(item.font())
                font.setBold(bold)
                item.setFont(font)

    # reading (tests, export) --------------------------------------------------------------

    def text(self, key: str, column: int) -> str:
        return self._cell(key, column).text()

    def off_target(self, key: str, column: int) -> bool:
        """Whether a cell is shown as missing its target."""
        return bool(self._cell(key, column).data(Qt.ItemDataRole.UserRole))

    def fitted_height(self) -> int:
        """The height that shows every row without scrolling."""
        return self.horizontalHeader().height() + self.rowCount() * ROW_HEIGHT + 4
