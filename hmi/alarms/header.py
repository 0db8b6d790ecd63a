"""The alarm parts of the main window's header, installed in one call by the shell: the
banner as the header's second row, alarm counts on the navigation buttons, the audit-trail
button beside the user, and "go to the alarm's display" for banner clicks. The horn setting
is remembered with the window layout (``MainWindow.settings()``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from hmi.alarms.actions import alarm_requests
from hmi.alarms.area_counts import AreaAlarmCounts
from hmi.alarms.banner import AlarmBanner
from hmi.alarms.horn import Horn
from hmi.alarms.navigation import AlarmNavigator, ScreenForTag
from hmi.diagnostics.audit_view import AuditButton
from hmi.forcing.access import forces_of
from hmi.shell.header import Header
from hmi.shell.screen import ScreenSpec
from hmi.shell.session import Session
from hmi.subscriptions import Coalesced
from tags.console_runtime import ConsoleRuntime

HORN_SETTING = "alarms/horn"
SUMMARY_SCREEN = "alarms"
"""The alarm summary's screen key: its navigation button shows the totals."""


class AlarmHost(Protocol):
    """What the alarm parts need of the window they are installed in (the shell's MainWindow)."""

    @property
    def runtime(self) -> ConsoleRuntime: ...

    @property
    def session(self) -> Session: ...

    @property
    def header(self) -> Header: ...

    @property
    def specs(self) -> Mapping[str, ScreenSpec]: ...

    def open_screen(self, key: str, *, record: bool = True) -> QWidget: ...

    def open_faceplate(self, tag: str) -> Any: ...

    def settings(self) -> QSettings: ...


class AlarmHeader:
    def __init__(
        self,
        window: AlarmHost,
        screen_for_tag: ScreenForTag | None,
        horn: Horn | None = None,
    ) -> None:
        runtime = window.runtime
        session = window.session
        self.navigator = AlarmNavigator(
            window.open_screen, window.open_faceplate, window.specs, screen_for_tag
        )
        self.banner = AlarmBanner(
            runtime.alarms, lambda: session.user, open_alarm=self.navigator, horn=horn,
            requests=alarm_requests(runtime), sample_of=runtime.db.get,
        )  # fmt: skip
        window.header.rows.addWidget(self.banner)
        forces = forces_of(runtime)
        if forces is not None:  # a row's FORCED marker follows the forces, not only alarms
            viewport = self.banner.table.viewport()
            Coalesced(self.banner, forces.subscribe, viewport.update, 0)
        self.counts = AreaAlarmCounts(
            runtime.alarms,
            window.header.nav_buttons,
            {key: spec.area for key, spec in window.specs.items()},
            totals=[SUMMARY_SCREEN],
            parent=window.header,
        )
        self.audit_button = AuditButton(
            runtime.audit, lambda: session.user, now=runtime.clock.now, parent=window.header
        )
        row = window.header.top_row
        row.insertWidget(row.indexOf(window.header.user_label), self.audit_button)
        session.changed.connect(self.banner.update_actions)
        self._settings: Callable[[], QSettings] = window.settings
        stored = window.settings().value(HORN_SETTING, True)
        self.banner.set_horn_enabled(stored not in (False, "false", "0", 0))
        self.banner.horn_button.toggled.connect(self._remember_horn)
        session.changed.connect(self.audit_button.update_state)

    def _remember_horn(self, enabled: bool) -> None:
        settings = self._settings()
        settings.setValue(HORN_SETTING, enabled)
        settings.sync()

    def close(self) -> None:
        self.banner.close_banner()
        self.counts.close()
