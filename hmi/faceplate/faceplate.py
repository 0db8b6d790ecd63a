"""Faceplate: everything about one tag in one place, and the only door to writing it.

Description, value with unit and quality (and why), limits and normal band, the tag's alarms
and their states, its predictive warning while there is one (a line of advice, never an
alarm), a mini trend, and for controllers PV/SP/OP/MODE with auto/manual switching.
Writes open the write dialog (old -> new, limits, refusal reasons, read-back).

A forced tag shows a framed FORCED marker beside its name and says by whom, until when and
why; an engineer forces ("Force…": value, reason, optional minutes) and releases it here,
others see the buttons disabled with the reason.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.alarms.status import AlarmStatus
from hmi.alarms.table import kind_label
from hmi.analytics.warning_list import WarningLine
from hmi.bridge import TagBridge
from hmi.faceplate.write_dialog import WriteDialog, limits_text
from hmi.forcing.access import force_refusal, forces_of
from hmi.forcing.force_dialog import ForceDialog, ReleaseDialog
from hmi.forcing.simulate_dialog import SimulateDialog
from hmi.i18n.retranslate import is_language_change
from hmi.quality_display import show
from hmi.shell.session import Session
from hmi.shell.theme import palette
from hmi.trends.data import Array
from hmi.trends.history import HistoryFeed, TrendSource, history_source, on_change
from hmi.widgets.context import StandaloneContext
from hmi.widgets.value_readout import ValueReadout
from tags.console_runtime import ConsoleRuntime, PredictionSource
from tags.i18n.descriptions import description_of
from tags.model import AlarmKind, TagDef, TagSample, Value
from tags.write_path import WritePath

CONTROLLER_POINTS = ("PV", "SP", "OP", "MODE")
TREND_SECONDS = 3600.0


def predictions_of(runtime: ConsoleRuntime) -> PredictionSource | None:
    """The predictive warnings the console shows: its analytics', or its server's."""
    if runtime.analytics is not None:
        return runtime.analytics.predictor
    return runtime.server.predictions if runtime.server is not None else None


def alarm_word(marker: str) -> str:
    """An alarm marker (HI, LOLO, DISCRETE ...) as the alarm lists name its kind."""
    try:
        return kind_label(AlarmKind(marker.lower()))
    except (ValueError, KeyError):
        return marker


def controller_of(name: str, known: set[str] | dict[str, TagDef]) -> dict[str, str]:
    """PV/SP/OP/MODE tag names of the controller a tag belongs to (empty if none)."""
    base, _, point = name.rpartition(".")
    if point not in CONTROLLER_POINTS:
        return {}
    members = {p: f"{base}.{p}" for p in CONTROLLER_POINTS if f"{base}.{p}" in known}
    return members if {"PV", "SP"} <= members.keys() else {}


class MiniTrend(pg.PlotWidget):  # type: ignore[misc]
    """The last hour of one tag: history from the historian, then live samples; gaps where
    the quality was Bad."""

    def __init__(
        self,
        bridge: TagBridge,
        history: TrendSource | None,
        tag: TagDef,
        parent: QWidget | None = None,
    ) -> None:
        """``history``: where the last hour comes from (None: the console records none)."""
        super().__init__(parent=parent, axisItems={"bottom": pg.DateAxisItem()})
        colors = palette()
        self.setBackground(colors.color("panel"))
        self.setMinimumHeight(140)
        self.showGrid(x=True, y=True, alpha=0.15)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.getPlotItem().setLabel("left", units=tag.unit)
        if tag.normal_low is not None and tag.normal_high is not None:
            band = pg.LinearRegionItem(
                (tag.normal_low, tag.normal_high),
                "horizontal",
                movable=False,
                brush=colors.color("panel_alt"),
                pen=pg.mkPen(colors.color("border"), width=1),
            )
            self.addItem(band)
        self.curve = self.plot(pen=pg.mkPen(colors.color("text"), width=1))
        self.feed = HistoryFeed(bridge, history, tag.name, seconds=TREND_SECONDS, parent=self)
        on_change(self.feed, self._show)

    def _show(self, xs: Array, ys: Array) -> None:
        """The samples over a fixed hour ending at the newest: the scale an operator reads
        is the same whether the history is long or the console just started."""
        self.curve.setData(xs, ys, connect="finite")
        if len(xs):
            newest = float(xs[-1])
            self.setXRange(newest - TREND_SECONDS, newest, padding=0)


class Faceplate(QDialog):
    def __init__(
        self,
        bridge: TagBridge,
        writes: WritePath,
        alarms: AlarmStatus,
        session: Session,
        tag_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.writes = writes
        self.session = session
        self.tag: TagDef = bridge.db.tags[tag_name]
        tag = self.tag
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.controller = controller_of(tag.name, bridge.db.tags)
        layout = QVBoxLayout(self)
        title = QLabel(f"{tag.name}")
        title.setObjectName("title")
        self.force_marker = QLabel()
        self.force_marker.setObjectName("forceMarker")
        self.force_marker.setVisible(False)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addWidget(self.force_marker)
        heading.addStretch(1)
        layout.addLayout(heading)
        self.forces = forces_of(session.runtime)
        self.described = QLabel()
        layout.addWidget(self.described)
        self.quality = QLabel()
        self.quality.setWordWrap(True)
        grid = QGridLayout()
        names = self.controller or {"": tag.name}
        readouts = StandaloneContext(bridge, alarms)  # alarm state, no faceplate from here
        self.value_label: QLabel | None = None
        for row, (point, name) in enumerate(names.items()):
            label = QLabel(point)
            self.value_label = self.value_label or (None if point else label)
            grid.addWidget(label, row, 0)
            grid.addWidget(ValueReadout(readouts, name, chars=12), row, 1)
        layout.addLayout(grid)
        layout.addWidget(self.quality)
        self.limits = QLabel()
        layout.addWidget(self.limits)
        self.alarm_label = QLabel()
        self.alarm_label.setWordWrap(True)
        layout.addWidget(self.alarm_label)
        self.warning_line: WarningLine | None = None
        predictions = predictions_of(session.runtime)
        if predictions is not None:
            self.warning_line = WarningLine(predictions, list(names.values()), self)
            layout.addWidget(self.warning_line)
        trended = bridge.db.tags[names.get("PV", tag.name)]
        self.trend = MiniTrend(bridge, history_source(session.runtime), trended)
        layout.addWidget(self.trend)
        layout.addLayout(self._buttons())
        self._sample: TagSample | None = None
        self._alarms = alarms
        self.retranslate_ui()
        bridge.watch(tag.name, self._on_sample, owner=self)
        alarms.changed.connect(self._on_alarms)
        session.changed.connect(self._update_buttons)

    def retranslate_ui(self) -> None:
        tag = self.tag
        self.setWindowTitle(self.tr("{tag} — faceplate").format(tag=tag.name))
        self.described.setText(self.tr("{description}   ·   area {area}").format(
            description=description_of(tag), area=tag.area))  # fmt: skip
        if self.value_label is not None:
            self.value_label.setText(self.tr("Value"))
        self.limits.setText(self._limits())
        for (point, _name), button in zip(self._write_points, self._write_only, strict=True):
            button.setText(self.tr("Write {point}…").format(point=point) if point
                           else self.tr("Write…"))  # fmt: skip
        self.simulate_button.setText(self.tr("Simulate…"))
        self.release_button.setText(self.tr("Release force…"))
        self.close_button.setText(self.tr("Close"))
        if self._sample is not None:
            self._on_sample(tag.name, self._sample)
        self._on_alarms({tag.name})
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _limits(self) -> str:
        tag = self.tag
        parts = []
        if tag.normal_low is not None and tag.normal_high is not None:
            parts.append(self.tr("normal {low} … {high} {unit}").format(
                low=tag.format_value(tag.normal_low), high=tag.format_value(tag.normal_high),
                unit=tag.unit).strip())  # fmt: skip
        for alarm in tag.alarms:
            if alarm.limit is not None and alarm.kind.value in ("lolo", "lo", "hi", "hihi"):
                parts.append(f"{alarm.kind.value.upper()} {tag.format_value(alarm.limit)}")
        if tag.writable:
            parts.append(limits_text(tag))
        return "   ·   ".join(parts)

    def _on_sample(self, _name: str, sample: TagSample) -> None:
        self._sample = sample
        shown = show(self.tag, sample, self.bridge.db.clock.now(), unit=True)
        plain = sample.is_good and not shown.marker
        self.quality.setText(self.tr("Quality: {quality}").format(
            quality=self.tr("Good") if plain else shown.tooltip))  # fmt: skip
        self.force_marker.setText(shown.marker)
        self.force_marker.setToolTip(shown.tooltip if shown.marker else "")
        self.force_marker.setVisible(bool(shown.marker))
        self._update_force_buttons()

    def _on_alarms(self, changed: object) -> None:
        names = set(self.controller.values()) | {self.tag.name}
        if isinstance(changed, set) and not changed & names:
            return
        lines = []
        for name in sorted(names):
            state = self._alarms.of(name)
            if state is not None:
                unacknowledged = state.unacknowledged
                ack = self.tr("unacknowledged") if unacknowledged else self.tr("acknowledged")
                line = self.tr("{alarm} priority {priority} on {tag} ({ack})")
                word, priority = alarm_word(state.label), int(state.priority)
                lines.append(line.format(alarm=word, priority=priority, tag=name, ack=ack))
        self.alarm_label.setText(self.tr("Alarms: {alarms}").format(
            alarms=self.tr("; ").join(lines) if lines else self.tr("none active")))  # fmt: skip

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.write_buttons: dict[str, QPushButton] = {}
        self._write_points: list[tuple[str, str]] = []
        self._write_only: list[QPushButton] = []
        targets = (
            {"SP": self.controller["SP"], "OP": self.controller.get("OP", "")}
            if self.controller
            else {"": self.tag.name}
        )
        for point, name in targets.items():
            if not name or not self.bridge.db.tags[name].writable:
                continue
            button = QPushButton()
            button.clicked.connect(lambda _=False, n=name: self.open_write(n))
            self.write_buttons[name] = button
            self._write_points.append((point, name))
            self._write_only.append(button)
            row.addWidget(button)
        if "MODE" in self.controller:
            for label, value in (("AUTO", 1), ("MAN", 0)):
                button = QPushButton(label)
                button.clicked.connect(
                    lambda _=False, v=value: self.open_write(self.controller["MODE"], v)
                )
                self.write_buttons[f"{self.controller['MODE']}={label}"] = button
                row.addWidget(button)
        self.force_button = QPushButton()
        self.force_button.clicked.connect(self.open_force)
        self.simulate_button = QPushButton()
        self.simulate_button.clicked.connect(self.open_simulate)
        self.release_button = QPushButton()
        self.release_button.clicked.connect(self.open_release)
        for button in (self.force_button, self.simulate_button, self.release_button):
            button.setVisible(self.forces is not None)
            row.addWidget(button)
        row.addStretch(1)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.close_button)
        return row

    def _update_buttons(self) -> None:
        user = self.session.user
        for key, button in self.write_buttons.items():
            name = key.split("=")[0]
            button.setToolTip("" if user else self.tr("log in to write"))
            button.setEnabled(self.bridge.db.tags[name].writable)
        self._update_force_buttons()

    def _update_force_buttons(self) -> None:
        """Force / release for engineers (the reason otherwise, in the tooltip)."""
        if self.forces is None:
            return
        refusal = force_refusal(self.session.user, self.tag)
        forced = self.forces.get(self.tag.name) is not None
        self.force_button.setEnabled(not refusal)
        self.force_button.setToolTip(
            refusal or self.tr("Force a value (shown instead of the field's)")
        )
        self.force_button.setText(self.tr("Change force…") if forced else self.tr("Force…"))
        self.simulate_button.setEnabled(not refusal)
        self.simulate_button.setToolTip(
            refusal or self.tr("Feed this tag from a signal generator or the plant model")
        )
        self.release_button.setVisible(forced)
        self.release_button.setEnabled(not refusal)
        self.release_button.setToolTip(refusal or self.tr("Show the field's value again"))

    def open_force(self) -> ForceDialog | None:
        if self.forces is None:
            return None
        dialog = ForceDialog(self.forces, self.bridge.db, self.tag.name, self.session.user, self)
        dialog.show()
        return dialog

    def open_simulate(self) -> SimulateDialog | None:
        if self.forces is None:
            return None
        dialog = SimulateDialog(self.forces, self.bridge.db, self.tag.name, self.session.user,
                                self)  # fmt: skip
        dialog.show()
        return dialog

    def open_release(self) -> ReleaseDialog | None:
        if self.forces is None:
            return None
        dialog = ReleaseDialog(self.forces, self.bridge.db, self.tag.name, self.session.user,
                               self)  # fmt: skip
        dialog.show()
        return dialog

    def open_write(self, name: str, preset: Value = None) -> WriteDialog:
        dialog = WriteDialog(
            self.bridge, self.writes, name, self.session.user, preset=preset, parent=self
        )
        dialog.show()
        return dialog
