"""Alarms as table rows: the priority marker, time, tag, message, value and limit.

Shared by the banner and the summary lists, so an alarm reads the same everywhere: the
priority's shape in its colour with the number inside (``hmi.widgets.paint``), its name
beside it, times in local time, values and limits in the tag's format and unit. A tag whose
value is held over the field's (forced ...) has its marker framed after the tag, in bold.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from hmi.alarms.status import TagAlarm
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.quality_display import override_word
from hmi.widgets.paint import paint_alarm_marker
from hmi.widgets.words import quality_word
from tags.alarms.state import AlarmState, AlarmView
from tags.model import AlarmKind, Priority, TagDef, TagSample

Index = QModelIndex | QPersistentModelIndex
SampleOf = Callable[[str], TagSample | None]
"""A tag's sample now (for the override marker of an alarm row)."""

CONTEXT = "AlarmTable"
PRIORITY_NAMES: Mapping[Priority, str] = {
    Priority.CRITICAL: QT_TRANSLATE_NOOP("AlarmTable", "critical"),
    Priority.HIGH: QT_TRANSLATE_NOOP("AlarmTable", "high"),
    Priority.MEDIUM: QT_TRANSLATE_NOOP("AlarmTable", "medium"),
    Priority.LOW: QT_TRANSLATE_NOOP("AlarmTable", "low"),
}
"""The priorities' names (English here; ``priority_name`` gives the current language's)."""

KIND_LABELS: Mapping[AlarmKind, str] = {
    AlarmKind.HIHI: QT_TRANSLATE_NOOP("AlarmTable", "HIHI"),
    AlarmKind.HI: QT_TRANSLATE_NOOP("AlarmTable", "HI"),
    AlarmKind.LO: QT_TRANSLATE_NOOP("AlarmTable", "LO"),
    AlarmKind.LOLO: QT_TRANSLATE_NOOP("AlarmTable", "LOLO"),
    AlarmKind.DEVIATION_HI: QT_TRANSLATE_NOOP("AlarmTable", "DEV HI"),
    AlarmKind.DEVIATION_HIHI: QT_TRANSLATE_NOOP("AlarmTable", "DEV HIHI"),
    AlarmKind.DEVIATION_LO: QT_TRANSLATE_NOOP("AlarmTable", "DEV LO"),
    AlarmKind.DEVIATION_LOLO: QT_TRANSLATE_NOOP("AlarmTable", "DEV LOLO"),
    AlarmKind.RATE: QT_TRANSLATE_NOOP("AlarmTable", "ROC"),
    AlarmKind.DISCRETE: QT_TRANSLATE_NOOP("AlarmTable", "STATE"),
    AlarmKind.BAD_QUALITY: QT_TRANSLATE_NOOP("AlarmTable", "BAD"),
}
"""The alarm kinds as the lists read them (English here; ``kind_label`` translates)."""

STATE_LABELS: Mapping[AlarmState, str] = {
    AlarmState.NORMAL: QT_TRANSLATE_NOOP("AlarmTable", "Normal"),
    AlarmState.ACTIVE_UNACK: QT_TRANSLATE_NOOP("AlarmTable", "Active, unacknowledged"),
    AlarmState.ACTIVE_ACK: QT_TRANSLATE_NOOP("AlarmTable", "Active, acknowledged"),
    AlarmState.RTN_UNACK: QT_TRANSLATE_NOOP("AlarmTable", "Returned, unacknowledged"),
    AlarmState.LATCHED: QT_TRANSLATE_NOOP("AlarmTable", "Latched (reset required)"),
    AlarmState.SHELVED: QT_TRANSLATE_NOOP("AlarmTable", "Shelved"),
    AlarmState.SUPPRESSED: QT_TRANSLATE_NOOP("AlarmTable", "Suppressed by design"),
    AlarmState.OUT_OF_SERVICE: QT_TRANSLATE_NOOP("AlarmTable", "Out of service"),
}
"""The engine's alarm states (``AlarmState.label``) as the console shows them."""


def translate(text: str) -> str:
    """A text of the alarm tables' context in the current language."""
    return QCoreApplication.translate(CONTEXT, text)


def priority_name(priority: Priority) -> str:
    return translate(PRIORITY_NAMES[priority])


def kind_label(kind: AlarmKind) -> str:
    return translate(KIND_LABELS[kind])


def state_label(state: AlarmState) -> str:
    return translate(STATE_LABELS.get(state, state.label))


def priority_text(priority: Priority) -> str:
    """ "1 critical" ... "4 low": the number and the word, never the colour alone."""
    return f"{int(priority)} {priority_name(priority)}"


@functools.lru_cache(maxsize=64)
def marker_pixmap(
    priority: Priority, unacknowledged: bool = True, active: bool = True, size: int = 18
) -> QPixmap:
    """The priority marker as a small picture for tables, buttons and legends."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    alarm = TagAlarm(priority, unacknowledged, active, "")
    paint_alarm_marker(painter, QPointF(size / 2, size / 2), size - 2, alarm)
    painter.end()
    return pixmap


def marker_icon(priority: Priority, unacknowledged: bool = True, active: bool = True) -> QIcon:
    return QIcon(marker_pixmap(priority, unacknowledged, active))


def clock_text(seconds: float | None, *, date: bool = False) -> str:
    """Local time of a timestamp ("" for none); with the date for lists that span days."""
    if seconds is None:
        return ""
    moment = datetime.fromtimestamp(seconds)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if date else "%H:%M:%S")


def value_text(tags: Mapping[str, TagDef], view: AlarmView) -> str:
    """The alarm's current value in the tag's format with its unit (quality text if Bad)."""
    tag = tags.get(view.tag)
    if view.kind is AlarmKind.BAD_QUALITY or tag is None:
        return "" if view.value is None else str(view.value)
    return f"{tag.format_value(view.value)} {tag.unit}".rstrip()


def limit_text(tags: Mapping[str, TagDef], view: AlarmView) -> str:
    tag = tags.get(view.tag)
    if view.limit is None:
        return ""
    if tag is None:
        return f"{view.limit:g}"
    return f"{tag.format_value(float(view.limit))} {tag.unit}".rstrip()


class Column(enum.Enum):
    PRIORITY = QT_TRANSLATE_NOOP("AlarmTable", "Priority")
    TIME = QT_TRANSLATE_NOOP("AlarmTable", "Time")
    TAG = QT_TRANSLATE_NOOP("AlarmTable", "Tag")
    KIND = QT_TRANSLATE_NOOP("AlarmTable", "Type")
    MESSAGE = QT_TRANSLATE_NOOP("AlarmTable", "Message")
    VALUE = QT_TRANSLATE_NOOP("AlarmTable", "Value")
    LIMIT = QT_TRANSLATE_NOOP("AlarmTable", "Limit")
    STATE = QT_TRANSLATE_NOOP("AlarmTable", "State")
    AREA = QT_TRANSLATE_NOOP("AlarmTable", "Area")
    UNTIL = QT_TRANSLATE_NOOP("AlarmTable", "Shelved until")
    REASON = QT_TRANSLATE_NOOP("AlarmTable", "Reason")
    BY = QT_TRANSLATE_NOOP("AlarmTable", "By")
    SUPPRESSED_BY = QT_TRANSLATE_NOOP("AlarmTable", "Suppressed by")


_RIGHT = {Column.VALUE, Column.LIMIT}
_BOLD = {Column.PRIORITY, Column.STATE}
"""Unacknowledged alarms: these columns in bold (with the marker's heavy outline)."""


class AlarmTableModel(QAbstractTableModel):
    """A list of AlarmView snapshots; ``set_views`` replaces them all."""

    def __init__(
        self,
        tags: Mapping[str, TagDef],
        columns: Sequence[Column],
        *,
        date: bool = False,
        sample_of: SampleOf | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``sample_of``: a tag's sample now, to mark rows of forced tags (None: unmarked)."""
        super().__init__(parent)
        self._tags = tags
        self._sample_of = sample_of
        self.columns = list(columns)
        self._date = date
        self.views: list[AlarmView] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_views(self, views: Sequence[AlarmView]) -> None:
        self.beginResetModel()
        self.views = list(views)
        self.endResetModel()

    def view_at(self, row: int) -> AlarmView:
        return self.views[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.views)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate(self.columns[section].value)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        view = self.views[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(view, column)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.PRIORITY:
            return marker_pixmap(view.priority, not view.acknowledged, view.active)
        if role == Qt.ItemDataRole.FontRole and column in _BOLD and not view.acknowledged:
            return self._bold
        if role == Qt.ItemDataRole.FontRole and column is Column.TAG and self.marker(view):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(view)
        return None

    def text(self, view: AlarmView, column: Column) -> str:
        if column is Column.PRIORITY:
            return priority_text(view.priority)
        if column is Column.TIME:
            return clock_text(view.activated_at or view.changed_at, date=self._date)
        if column is Column.TAG:
            marker = self.marker(view)
            return f"{view.tag}  [{quality_word(marker)}]" if marker else view.tag
        if column is Column.KIND:
            return kind_label(view.kind)
        if column is Column.MESSAGE:
            return view.message or view.name
        if column is Column.VALUE:
            return value_text(self._tags, view)
        if column is Column.LIMIT:
            return limit_text(self._tags, view)
        if column is Column.STATE:
            first = (
                QCoreApplication.translate("AlarmTable", " — first out") if view.first_out else ""
            )
            return state_label(view.state) + first
        if column is Column.AREA:
            return view.area
        if column is Column.UNTIL:
            return clock_text(view.shelved_until, date=True)
        if column is Column.REASON:
            return view.reason
        if column is Column.BY:
            return view.by
        return view.suppressed_by

    def sort_key(self, index: Index) -> Any:
        """What a cell sorts by: priority then newest first, times as numbers, else text."""
        return self._sort_key(self.views[index.row()], self.columns[index.column()])

    def _sort_key(self, view: AlarmView, column: Column) -> Any:
        if column is Column.PRIORITY:
            return (int(view.priority), -(view.activated_at or view.changed_at))
        if column is Column.TIME:
            return view.activated_at or view.changed_at
        if column is Column.UNTIL:
            return view.shelved_until or 0.0
        return self.text(view, column).lower()

    def marker(self, view: AlarmView) -> str:
        """The override marker of the alarm's tag now ("" for a field value)."""
        if self._sample_of is None:
            return ""
        return override_word(self._sample_of(view.tag))

    def tooltip(self, view: AlarmView) -> str:
        lines = [
            QCoreApplication.translate("AlarmTable", "{alarm} — priority {priority}").format(
                alarm=view.name, priority=priority_text(view.priority)
            ),
            state_label(view.state)
            + (QCoreApplication.translate("AlarmTable", " (first out)") if view.first_out else ""),
        ]
        sample = self._sample_of(view.tag) if self._sample_of is not None else None
        if sample is not None and override_word(sample):
            lines.append(f"{quality_word(override_word(sample))}: {view.tag} {sample.reason}")
        if view.consequence:
            lines.append(
                QCoreApplication.translate("AlarmTable", "Consequence: {text}").format(
                    text=view.consequence
                )
            )
        if view.action:
            lines.append(
                QCoreApplication.translate("AlarmTable", "Action: {text}").format(text=view.action)
            )
        if view.chattering:
            lines.append(QCoreApplication.translate("AlarmTable", "Chattering"))
        if view.reason:
            lines.append(
                QCoreApplication.translate("AlarmTable", "Reason: {reason} ({by})").format(
                    reason=view.reason, by=view.by
                )
            )
        return "\n".join(lines)


class AlarmSortProxy(QSortFilterProxyModel):
    """Sorts an alarm list by the model's ``sort_key``, compared as Python compares it.

    A key may be a tuple (priority, then newest first), and Qt has no order for a Python
    object held in a QVariant: PySide6 6.11 finds no row less than another (the rows keep the
    engine's order), 6.12 compares the objects' addresses (any order). Comparing here sorts
    the same on every Qt and Python version.
    """

    def __init__(self, model: AlarmTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setSourceModel(model)

    def lessThan(self, left: Index, right: Index) -> bool:
        return bool(self._model.sort_key(left) < self._model.sort_key(right))


def alarm_table(model: QAbstractItemModel, *, sortable: bool) -> QTableView:
    """A calm, read-only table of alarms: whole-row selection, no grid, compact rows."""
    table = QTableView()
    table.setModel(model)
    table.setObjectName("alarmTable")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setSortingEnabled(sortable)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(22)
    table.horizontalHeader().setStretchLastSection(True)
    table.setIconSize(marker_pixmap(Priority.LOW).size())
    return table
