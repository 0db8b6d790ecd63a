"""Per-connection state and statistics (L4 diagnostics), refreshed once a second."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from hmi.shell.theme import palette
from tags.drivers.base import ConnectionState, ConnectionStatus

COLUMNS = (
    "Connection",
    "Kind",
    "Endpoint",
    "State",
    "Tags",
    "Requests",
    "Errors",
    "RTT ms (mean / max)",
    "Overruns",
    "Detail / last error",
)
_STATE_COLOR = {
    ConnectionState.CONNECTED: None,
    ConnectionState.CONNECTING: "warn",
    ConnectionState.RECONNECTING: "warn",
    ConnectionState.FAILED: "bad",
    ConnectionState.STOPPED: "bad",
}


def status_tooltip(status: ConnectionStatus) -> str:
    s = status.stats
    lines = [
        f"{status.name} ({status.kind}) {status.endpoint}",
        f"state: {status.state.value}" + (f" — {status.detail}" if status.detail else ""),
        f"requests {s.requests}, errors {s.errors}, reconnects {s.reconnects}",
        f"round trip {s.mean_rtt_ms:.1f} ms mean, {s.max_rtt_ms:.1f} ms max",
    ]
    if s.last_error:
        lines.append(f"last error: {s.last_error}")
    return "\n".join(lines)


class ConnectionsView(QTableWidget):
    def __init__(
        self, source: Callable[[], Sequence[ConnectionStatus]], parent: QWidget | None = None
    ) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self._source = source
        self.setHorizontalHeaderLabels(COLUMNS)
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(1000)
        self.refresh()

    def refresh(self) -> None:
        statuses = list(self._source())
        self.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            s = status.stats
            cells = (
                status.name,
                status.kind,
                status.endpoint,
                status.state.value,
                str(status.tag_count),
                str(s.requests),
                str(s.errors),
                f"{s.mean_rtt_ms:.1f} / {s.max_rtt_ms:.1f}",
                str(s.overruns),
                s.last_error or status.detail,
            )
            color = _STATE_COLOR[status.state]
            for column, text in enumerate(cells):
                item = self.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.setItem(row, column, item)
                item.setText(text)
                item.setToolTip(status_tooltip(status))
                if column == 3:
                    item.setForeground(palette().color(color or "text"))
        rows = sum(self.rowHeight(r) for r in range(self.rowCount())) or 24
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        self.setFixedHeight(height)
