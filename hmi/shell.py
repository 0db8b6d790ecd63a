"""Main window: header banner (project, DEMO marker, mode, user, clock), navigation,
screen stack and a status bar with one light per connection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hmi.alarm_status import AlarmStatus
from hmi.bridge import TagBridge
from hmi.connections_view import status_tooltip
from hmi.screen import ScreenContext, ScreenSpec
from tags.runtime import Runtime
from tags.security import User


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


class MainWindow(QMainWindow):
    def __init__(
        self,
        runtime: Runtime,
        bridge: TagBridge,
        screens: Sequence[ScreenSpec],
        alarms: AlarmStatus | None = None,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.bridge = bridge
        self.alarms = alarms or AlarmStatus(self)
        self.user: User | None = None
        self.specs = {s.key: s for s in screens}
        self.pages: dict[str, QWidget] = {}
        self.setWindowTitle(f"{runtime.project.name} — operator console")
        self.resize(1600, 900)
        self.stack = QStackedWidget()
        self.nav_buttons: dict[str, QPushButton] = {}
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.lights: dict[str, QLabel] = {}
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._tick()
        if screens:
            self.open_screen(screens[0].key)

    def _build_header(self) -> QFrame:
        header = QFrame()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(_label(self.runtime.project.name, "title"))
        if self.runtime.project.demo:
            marker = _label("DEMO", "demoMarker")
            marker.setToolTip("Demo project: simulated plant and demo accounts (see README)")
            row.addWidget(marker)
        self.mode = _label(self.runtime.mode, "mode")
        self.mode.setProperty("mode", self.runtime.mode)
        row.addWidget(self.mode)
        row.addSpacing(20)
        for spec in self.specs.values():
            button = QPushButton(spec.title)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, key=spec.key: self.open_screen(key))
            if spec.shortcut:
                button.setToolTip(f"{spec.title} ({spec.shortcut})")
                shortcut = QShortcut(QKeySequence(spec.shortcut), self)
                shortcut.activated.connect(lambda key=spec.key: self.open_screen(key))
            self.nav_buttons[spec.key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.user_label = _label("", "user")
        row.addWidget(self.user_label)
        self.clock = _label("", "clock")
        row.addWidget(self.clock)
        self._show_user()
        return header

    def _show_user(self) -> None:
        if self.user is None:
            self.user_label.setText("not logged in — view only")
        else:
            self.user_label.setText(f"{self.user.name} ({self.user.role.value})")

    def open_screen(self, key: str) -> None:
        spec = self.specs[key]
        if key not in self.pages:
            ctx = ScreenContext(
                self.bridge, self.runtime, self.open_screen, self.alarms, self.open_faceplate
            )
            page = spec.build(ctx)
            self.pages[key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(self.pages[key])
        for other, button in self.nav_buttons.items():
            button.setChecked(other == key)

    def open_faceplate(self, tag: str) -> None:
        """Show a tag's faceplate (details, alarms, writes)."""
        self.statusBar().showMessage(f"faceplate: {tag}", 3000)

    def current_screen(self) -> str:
        for key, page in self.pages.items():
            if page is self.stack.currentWidget():
                return key
        return ""

    def _tick(self) -> None:
        self.clock.setText(datetime.now().strftime("%Y-%m-%d %H:%M:%S"))
        self._update_lights()

    def _update_lights(self) -> None:
        for status in self.runtime.connection_status():
            light = self.lights.get(status.name)
            if light is None:
                light = _label("", "connectionLight")
                self.lights[status.name] = light
                self.statusBar().addPermanentWidget(light)
            state = status.state.value
            light.setText(f"● {status.name}: {state}")
            light.setToolTip(status_tooltip(status))
            if light.property("state") != state:
                light.setProperty("state", state)
                light.style().unpolish(light)
                light.style().polish(light)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        super().closeEvent(event)
