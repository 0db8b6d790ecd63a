"""L4 diagnostics: connections with their state and statistics, the historian's state
(recording, or behind and why), on a console of a server the servers of a redundant pair
(which serves, since when, the last takeovers), the field simulator's scenarios (when the
project runs on it) and the live tag browser."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hmi.diagnostics.connections_view import ConnectionsView
from hmi.diagnostics.history_view import HistoryStateView
from hmi.diagnostics.scenario_list import ScenarioList
from hmi.diagnostics.tag_browser import TagBrowser
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.shell.screen import ScreenContext, ScreenSpec


class _SectionTitle(QLabel):
    """A section's title, in the current language (again on a language change)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.setObjectName("sectionTitle")
        self.source = text
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setText(QCoreApplication.translate("Screen", self.source))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)


def _title(text: str) -> QLabel:
    return _SectionTitle(text)


def build(ctx: ScreenContext) -> QWidget:
    screen = QWidget()
    layout = QVBoxLayout(screen)
    layout.setContentsMargins(8, 6, 8, 6)
    layout.addWidget(_title(QT_TRANSLATE_NOOP("Screen", "Connections")))
    layout.addWidget(ConnectionsView(ctx.runtime.connection_status))
    layout.addWidget(HistoryStateView(lambda: ctx.runtime.historian))
    server = ctx.runtime.server
    if server is not None:  # a console of a server: the pair's view (loaded only there)
        from hmi.diagnostics.pair_view import PairView

        layout.addWidget(PairView(server.servers))
    layout.addWidget(_title(QT_TRANSLATE_NOOP("Screen", "Simulator scenarios")))
    scenarios = ScenarioList(ctx.runtime)
    scenarios.setMaximumHeight(260)
    layout.addWidget(scenarios)
    layout.addWidget(_title(QT_TRANSLATE_NOOP("Screen", "Tags")))
    layout.addWidget(TagBrowser(ctx.bridge), 1)
    return screen


TAGS = ScreenSpec(
    "tags", QT_TRANSLATE_NOOP("Screen", "Diagnostics"), level=4, build=build, shortcut="F12"
)
