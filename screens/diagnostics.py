"""L4 diagnostics: connections with their state and statistics, and the live tag browser."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hmi.connections_view import ConnectionsView
from hmi.screen import ScreenContext, ScreenSpec
from hmi.tag_browser import TagBrowser


def build(ctx: ScreenContext) -> QWidget:
    screen = QWidget()
    layout = QVBoxLayout(screen)
    layout.setContentsMargins(8, 6, 8, 6)
    title = QLabel("Connections")
    title.setObjectName("sectionTitle")
    layout.addWidget(title)
    layout.addWidget(ConnectionsView(ctx.runtime.connection_status))
    title = QLabel("Tags")
    title.setObjectName("sectionTitle")
    layout.addWidget(title)
    layout.addWidget(TagBrowser(ctx.bridge), 1)
    return screen


TAGS = ScreenSpec("tags", "Diagnostics", level=4, build=build, shortcut="F12")
