"""The energy display: live figures of the three plants against their targets, the previous
shift and today from the history, charts per shift, day or week, and CSV export.

Live figures come from the analytics' energy source (this console's LiveEnergy, or the
figures its server publishes: at most one snapshot a second), shown by a one-second timer
while the display is visible. History figures are asked for on
the historian's reader thread (hmi/analytics/energy_history.py) when the display is shown, every
minute while it is, and on demand; one query runs at a time and a widget that goes away
cancels it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.analytics.energy_charts import EnergyCharts, chart_specs
from hmi.analytics.energy_history import EnergyHistory, PeriodFigures
from hmi.analytics.energy_rows import rows
from hmi.analytics.energy_table import EnergyTable
from hmi.analytics.energy_words import figure_name, shift_name
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.subscriptions import close_with
from hmi.trends.history import HistorianSource, history_source
from tags.analytics.energy import EnergyAnalysis, LiveEnergySnapshot
from tags.analytics.energy_figures import export_csv
from tags.analytics.shift_calendar import Period, Shift
from tags.console_runtime import ConsoleRuntime, PlantAnalytics

VIEWS = ((QT_TRANSLATE_NOOP("EnergyView", "Per shift, last 7 days"), "shift"),
         (QT_TRANSLATE_NOOP("EnergyView", "Per day, last 14 days"), "day"),
         (QT_TRANSLATE_NOOP("EnergyView", "Per week, last 8 weeks"), "week"))  # fmt: skip
BANDS = {"peak": QT_TRANSLATE_NOOP("EnergyView", "peak"),
         "flat": QT_TRANSLATE_NOOP("EnergyView", "flat"),
         "valley": QT_TRANSLATE_NOOP("EnergyView", "valley")}  # fmt: skip
"""The tariff bands by name."""
HISTORY_EVERY = 60
"""Seconds between history refreshes while the display is shown."""


class _Jobs:
    """The display's history task, cancelled when the display is destroyed (holds no Qt
    object)."""

    def __init__(self) -> None:
        self.task: asyncio.Future[Any] | None = None
        self.again = False

    def close(self, *_: object) -> None:
        self.cancel()

    def busy(self) -> bool:
        return self.task is not None and not self.task.done()

    def cancel(self) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()


def _title() -> QLabel:
    label = QLabel()
    label.setObjectName("sectionTitle")
    return label


class EnergyView(QWidget):
    def __init__(self, runtime: ConsoleRuntime, analytics: PlantAnalytics) -> None:
        super().__init__()
        self.setObjectName("energyView")
        self.runtime = runtime
        self.analytics = analytics
        self.live = analytics.energy
        settings = runtime.project.analytics
        self.settings = settings
        self.calendar = analytics.calendar
        analysis = EnergyAnalysis.from_project(runtime.project)
        source = history_source(runtime)
        self.history = (
            EnergyHistory(analysis, source.historian.query)
            if isinstance(source, HistorianSource)
            else None
        )
        self.declared = settings.energy.areas
        self.table = EnergyTable(rows(self.declared, figure_name), settings)
        self.charts = EnergyCharts(self.declared, self.calendar, figure_name)
        self.rows: list[PeriodFigures] = []
        self.kind = "shift"
        self._build()
        self._snapshot: LiveEnergySnapshot | None = None
        self._fresh = False
        self._ticks = 0
        self._jobs = _Jobs()
        self.destroyed.connect(self._jobs.close)
        close_with(self, self.live.subscribe(self._on_snapshot))
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._on_snapshot(self.live.snapshot())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.figures_title.setText(self.tr("Figures against targets"))
        self.history_title.setText(self.tr("History"))
        for index, (text, _kind) in enumerate(VIEWS):
            self.period.setItemText(index, QCoreApplication.translate("EnergyView", text))
        self.refresh_button.setText(self.tr("Refresh"))
        self.export_button.setText(self.tr("Export CSV…"))
        self._fresh = self._snapshot is not None
        if self._snapshot is None:
            self._on_snapshot(None)
        self.show_live()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.table.relabel(rows(self.declared, figure_name))
            self.charts.retitle(chart_specs(self.declared, figure_name))
            self.retranslate_ui()
            if self.rows:
                self.charts.show_rows(self.kind, self.rows)
            if self.isVisible():
                self.request_history()
        super().changeEvent(event)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        self.shift_label = QLabel("")
        self.shift_label.setObjectName("energyShift")
        self.tariff_label = QLabel("")
        self.coverage_label = QLabel("")
        self.coverage_label.setObjectName("energyNote")
        for label in (self.shift_label, self.tariff_label, self.coverage_label):
            top.addWidget(label)
            top.addSpacing(24)
        top.addStretch(1)
        outer.addLayout(top)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        self.figures_title = _title()
        left.addWidget(self.figures_title)
        left.addWidget(self.table, 1)
        body.addLayout(left)  # as wide as the table's columns need, the charts take the rest
        right = QVBoxLayout()
        self.history_title = _title()
        right.addWidget(self.history_title)
        bar = QHBoxLayout()
        self.period = QComboBox()
        for text, kind in VIEWS:
            self.period.addItem(text, kind)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.request_history)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._ask_export)
        for widget in (self.period, self.refresh_button, self.export_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        right.addLayout(bar)
        self.status = QLabel("")
        self.status.setObjectName("energyNote")
        self.status.setWordWrap(True)
        right.addWidget(self.status)
        right.addWidget(self.charts, 1)
        body.addLayout(right, 1)

    # live -------------------------------------------------------------------------------

    def _on_snapshot(self, snapshot: LiveEnergySnapshot | None) -> None:
        """From the engine (at most once a second): keep it for the next timer tick."""
        if snapshot is None:  # a server's figures not arrived yet
            self.shift_label.setText(self.tr("Waiting for the server's energy figures…"))
            return
        self._snapshot = snapshot
        self._fresh = True

    def _tick(self) -> None:
        if not self.isVisible():
            return
        self.show_live()
        self._ticks += 1
        if self._ticks % HISTORY_EVERY == 0 or (self._jobs.again and not self._jobs.busy()):
            self._jobs.again = False
            self.request_history()

    def show_live(self) -> None:
        """Show the newest snapshot (if a new one came)."""
        snapshot = self._snapshot
        if snapshot is None or not self._fresh:
            return
        self._fresh = False
        self.table.show_now(snapshot.instant)
        self.table.show_period("shift", snapshot.shift)
        if snapshot.previous_shift is not None:
            self.table.show_period("previous", snapshot.previous_shift)
        now = snapshot.instant.time
        shift = self.calendar.shift_at(now)
        since = self.calendar.local_text(max(shift.start, snapshot.shift.start), "%H:%M")
        self.shift_label.setText(self.tr("This shift: {shift}, since {since}").format(
            shift=f"{shift.day.isoformat()} {_shift_shown(shift)}", since=since))  # fmt: skip
        band = QCoreApplication.translate("EnergyView", BANDS.get(snapshot.instant.band, ""))
        self.tariff_label.setText(self.tr("Tariff now: {band}, {price} {currency}/kWh").format(
            band=band or snapshot.instant.band, price=QLocale().toString(snapshot.instant.price,
            "f", 2), currency=self.settings.tariff.currency))  # fmt: skip
        cover = snapshot.shift.coverage
        self.coverage_label.setText(
            self.tr("Data this shift: {areas}").format(
                areas=", ".join(f"{a} {100 * c:.0f} %" for a, c in cover.items()))
            if cover
            else self.tr("No area of this project declares energy figures.")
        )  # fmt: skip

    # history ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.show_live()
        self.request_history()

    def _period_changed(self, _index: int) -> None:
        self.kind = str(self.period.currentData())
        self.request_history()

    def request_history(self) -> None:
        """Ask the history for the charts, the previous shift and today (one at a time)."""
        if self.history is None:
            self.status.setText(
                self.tr("No history here: the charts read the shared store (start the console "
                        "with --store).") if self.runtime.server is not None
                else self.tr("No history in this console: the charts need the historian.")
            )  # fmt: skip
            return
        if self._jobs.busy():
            self._jobs.again = True
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # shown before the console's loop runs: at the next tick
            self._jobs.again = True
            return
        self.status.setText(self.tr("Reading the history…"))
        self._jobs.task = loop.create_task(self.reload())

    async def reload(self) -> list[PeriodFigures]:
        """Fill the charts and the history columns; the periods of the chosen view."""
        history = self.history
        if history is None:
            return []
        now = self.analytics.clock.now()
        kind = self.kind
        calendar = self.calendar
        last = calendar.last_completed(now)
        try:
            found = await history.rows(kind, now)
            previous = await history.one(Period(last.label, last.start, last.end), now)
            today = await history.one(calendar.day(now), now)
        except Exception as exc:  # history trouble must never break the display
            self.status.setText(self.tr("History not available: {reason}").format(reason=exc))
            return []
        self.rows = found
        self.charts.show_rows(kind, found)
        if self._snapshot is None or self._snapshot.previous_shift is None:
            self.table.show_period("previous", previous.figures)
        self.table.show_period("today", today.figures)
        self.status.setText(
            self.tr("From the history at {time}; the running period is the lighter bar, a "
                    "period that missed its target the coloured one.").format(
                time=calendar.local_text(now, "%H:%M:%S"))
        )  # fmt: skip
        return found

    # export -----------------------------------------------------------------------------

    def _ask_export(self) -> None:
        stamp = self.calendar.local_text(self.analytics.clock.now(), "%Y%m%d-%H%M")
        suggested = self.runtime.data_dir / f"energy-per-{self.kind}-{stamp}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export energy figures"), str(suggested), self.tr("CSV files (*.csv)")
        )
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> int:
        """The periods of the charts as CSV (one line each); how many were written."""
        if not self.rows:
            self.status.setText(self.tr("Nothing to export yet: the history has not been read."))
            return 0
        try:
            written = export_csv([r.figures for r in self.rows], path, self.declared)
        except OSError as exc:
            self.status.setText(self.tr("Export failed: {reason}").format(reason=exc))
            return 0
        done = self.tr("{count} periods written to {path}")
        self.status.setText(done.format(count=written, path=path))
        return written


def _shift_shown(shift: Shift) -> str:
    """The shift's name as the project gives it in Chinese, else translated if a default."""
    return shift.shown_name if shift.name_zh else shift_name(shift.name)
