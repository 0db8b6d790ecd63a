"""Per-connection state and statistics (L4 diagnostics), refreshed once a second."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.shell.theme import palette
from hmi.view_parts import set_header_labels
from tags.drivers.base import ConnectionState, ConnectionStatus

CONTEXT = "ConnectionsView"
COLUMNS = (
    QT_TRANSLATE_NOOP("ConnectionsView", "Connection"),
    QT_TRANSLATE_NOOP("ConnectionsView", "Kind"),
    QT_TRANSLATE_NOOP("ConnectionsView", "Endpoint"),
    QT_TRANSLATE_NOOP("ConnectionsView", "State"),
    QT_TRANSLATE_NOOP("ConnectionsView", "Tags"),
    QT_TRANSLATE_NOOP("ConnectionsView", "Requests"),
    QT_TRANSLATE_NOOP("ConnectionsView", "Errors"),
    QT_TRANSLATE_NOOP("ConnectionsView", "RTT ms (mean / max)"),
    QT_TRANSLATE_NOOP("ConnectionsView", "Overruns"),
    QT_TRANSLATE_NOOP("ConnectionsView", "Detail / last error"),
)
STATE_NAMES = {
    ConnectionState.CONNECTING: QT_TRANSLATE_NOOP("ConnectionsView", "connecting"),
    ConnectionState.CONNECTED: QT_TRANSLATE_NOOP("ConnectionsView", "connected"),
    ConnectionState.RECONNECTING: QT_TRANSLATE_NOOP("ConnectionsView", "reconnecting"),
    ConnectionState.FAILED: QT_TRANSLATE_NOOP("ConnectionsView", "failed"),
    ConnectionState.STOPPED: QT_TRANSLATE_NOOP("ConnectionsView", "stopped"),
}
BUILT_IN_NAMES = {
    "simulator": QT_TRANSLATE_NOOP("ConnectionsView", "simulator"),
    "sim": QT_TRANSLATE_NOOP("ConnectionsView", "sim"),
    "in-process": QT_TRANSLATE_NOOP("ConnectionsView", "in-process"),
    "modbus": QT_TRANSLATE_NOOP("ConnectionsView", "modbus"),
    "opcua": QT_TRANSLATE_NOOP("ConnectionsView", "opcua"),
    "mqtt": QT_TRANSLATE_NOOP("ConnectionsView", "mqtt"),
}
"""The names, kinds and endpoints the console's own drivers give (not a project's names)."""
_STATE_COLOR = {
    ConnectionState.CONNECTED: None,
    ConnectionState.CONNECTING: "warn",
    ConnectionState.RECONNECTING: "warn",
    ConnectionState.FAILED: "bad",
    ConnectionState.STOPPED: "bad",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def state_name(state: ConnectionState) -> str:
    """A connection's state in the console's language."""
    return _tr(STATE_NAMES[state])


def built_in(text: str) -> str:
    """A name, kind or endpoint the console's drivers give, translated; others as they are."""
    marked = BUILT_IN_NAMES.get(text)
    return _tr(marked) if marked else text


def status_tooltip(status: ConnectionStatus) -> str:
    s = status.stats
    detail = f" — {status.detail}" if status.detail else ""
    lines = [
        f"{built_in(status.name)} ({built_in(status.kind)}) {built_in(status.endpoint)}",
        QCoreApplication.translate("ConnectionsView", "state: {state}").format(
            state=state_name(status.state)
        )
        + detail,
        QCoreApplication.translate(
            "ConnectionsView", "requests {requests}, errors {errors}, reconnects {reconnects}"
        ).format(requests=s.requests, errors=s.errors, reconnects=s.reconnects),
        QCoreApplication.translate(
            "ConnectionsView", "round trip {mean} ms mean, {max} ms max"
        ).format(mean=f"{s.mean_rtt_ms:.1f}", max=f"{s.max_rtt_ms:.1f}"),
    ]
    if s.last_error:
        lines.append(
            QCoreApplication.translate("ConnectionsView", "last error: {error}").format(
                error=s.last_error
            )
        )
    return "\n".join(lines)


class ConnectionsView(QTableWidget):
    def __init__(
        self, source: Callable[[], Sequence[ConnectionStatus]], parent: QWidget | None = None
    ) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self._source = source
        set_header_labels(self, CONTEXT, COLUMNS)
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
                built_in(status.name),
                built_in(status.kind),
                built_in(status.endpoint),
                state_name(status.state),
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

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            set_header_labels(self, CONTEXT, COLUMNS)
            self.refresh()
        super().changeEvent(event)
