"""A read-only table model over a list of rows with fixed column titles: the journal and
audit views give only ``data``. Titles marked with QT_TRANSLATE_NOOP under ``context`` are
shown translated (``retranslate()`` after a change of language)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt

from hmi.alarms.table import Index

Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self, columns: Sequence[str], parent: QObject | None = None, context: str = ""
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.context = context
        """The translation context of the column titles ("": shown as given)."""
        self.rows: list[Row] = []

    def retranslate(self) -> None:
        """The column titles again, in the language now installed."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            title = self.columns[section]
            return QCoreApplication.translate(self.context, title) if self.context else title
        return None
