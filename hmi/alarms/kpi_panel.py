"""The EEMUA 191 / ISA-18.2 figures of the alarm system: rates per 10 minutes, peak, flood
time, chattering and stale alarms, the priority mix against its target and the top 10.

The last 24 hours come live from the engine; longer periods from the journal. Figures above
their target are written out ("above target"), not coloured: colour is for alarms.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.alarms.table import marker_pixmap, priority_text
from tags.alarms.engine import AlarmEngine, AlarmRefused
from tags.alarms.kpi import KpiReport
from tags.model import Priority

ALL = "All areas"
PERIODS = (("Last 24 h (live)", 0.0), ("Last 7 days", 7 * 86400.0), ("Last 30 days", 30 * 86400.0))
MIX_TARGETS = {Priority.CRITICAL: "", Priority.HIGH: "about 5 %", Priority.MEDIUM: "about 15 %",
               Priority.LOW: "about 80 %"}  # fmt: skip


def duration_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


class KpiPanel(QWidget):
    def __init__(
        self, engine: AlarmEngine, areas: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.report: KpiReport | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        outer.addLayout(bar)
        self.period = QComboBox()
        for text, seconds in PERIODS:
            self.period.addItem(text, seconds)
        self.area = QComboBox()
        self.area.addItems([ALL, *areas])
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.area.currentIndexChanged.connect(lambda _i: self.refresh())
        for item in (QLabel("Period"), self.period, QLabel("Area"), self.area, refresh):
            bar.addWidget(item)
        bar.addStretch(1)
        self.note = QLabel("")
        self.note.setObjectName("kpiNote")
        outer.addWidget(self.note)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        body.addLayout(left, 1)
        self.figures: dict[str, QLabel] = {}
        rates = QGroupBox("Alarm rates")
        grid = QGridLayout(rates)
        names = ("now", "average", "peak", "annunciated", "flood", "floods")
        titles = ("Annunciated, last 10 min", "Average per 10 min", "Peak per 10 min",
                  "Annunciated in the period", "Time in flood", "Flood periods")  # fmt: skip
        for row, (name, title) in enumerate(zip(names, titles, strict=True)):
            grid.addWidget(QLabel(title), row, 0)
            value = QLabel("")
            value.setObjectName("kpiValue")
            grid.addWidget(value, row, 1)
            self.figures[name] = value
        grid.setColumnStretch(2, 1)
        left.addWidget(rates)
        mix = QGroupBox("Priority mix")
        mix_grid = QGridLayout(mix)
        self.mix: dict[Priority, tuple[QLabel, QProgressBar]] = {}
        for row, p in enumerate(Priority):
            marker = QLabel()
            marker.setPixmap(marker_pixmap(p))
            mix_grid.addWidget(marker, row, 0)
            mix_grid.addWidget(QLabel(priority_text(p)), row, 1)
            bar_ = QProgressBar()
            bar_.setObjectName("kpiBar")
            bar_.setRange(0, 100)
            bar_.setTextVisible(False)
            mix_grid.addWidget(bar_, row, 2)
            share = QLabel("")
            mix_grid.addWidget(share, row, 3)
            mix_grid.addWidget(QLabel(f"target {MIX_TARGETS[p]}" if MIX_TARGETS[p] else ""), row, 4)
            self.mix[p] = (share, bar_)
        left.addWidget(mix)
        lists = QHBoxLayout()
        self.chattering = QListWidget()
        self.stale = QListWidget()
        for title, box_list in (
            ("Chattering", self.chattering),
            (f"Stale (standing over {engine.settings.kpi.stale_hours:g} h)", self.stale),
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(box_list)
            lists.addWidget(box)
        left.addLayout(lists, 1)
        top_box = QGroupBox("Top 10 alarms")
        self.top = QTableWidget(0, 3)
        self.top.setHorizontalHeaderLabels(["Alarm", "Count", "Share"])
        self.top.verticalHeader().setVisible(False)
        self.top.setShowGrid(False)
        self.top.verticalHeader().setDefaultSectionSize(22)
        self.top.horizontalHeader().setStretchLastSection(False)
        self.top.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.top.setColumnWidth(1, 80)
        self.top.setColumnWidth(2, 80)
        QVBoxLayout(top_box).addWidget(self.top)
        body.addWidget(top_box, 1)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(5000)
        self.refresh()

    def _tick(self) -> None:
        if self.isVisible() and float(self.period.currentData()) == 0.0:
            self.refresh()

    def refresh(self) -> KpiReport | None:
        areas = None if self.area.currentText() == ALL else [self.area.currentText()]
        seconds = float(self.period.currentData())
        live = self.engine.kpis(areas)
        report = live.day
        if seconds:
            now = self.engine.clock.now()
            try:
                report = self.engine.kpi_report(now - seconds, now, areas)
            except AlarmRefused as exc:
                self.note.setText(str(exc))
                return None
        self.report = report
        self._show(report, live.window)
        return report

    def _show(self, r: KpiReport, window: KpiReport) -> None:
        target = r.target_per_window
        above = " — above target" if window.current_window > target else ""
        f = self.figures
        f["now"].setText(f"{window.current_window}{above}")
        avg_note = "within" if r.within_target else "above"
        f["average"].setText(f"{r.average_per_window:.2f} ({avg_note} target {target:g})")
        f["peak"].setText(str(r.peak_per_window))
        f["annunciated"].setText(str(r.annunciated))
        f["flood"].setText(
            duration_text(r.time_in_flood) + ("  — FLOOD NOW" if window.in_flood else "")
        )
        f["floods"].setText(str(len(r.floods)))
        k = self.engine.settings.kpi
        self.note.setText(
            f"EEMUA 191 targets: at most {target:g} alarm per {k.window_minutes:g} min on "
            f"average; a flood begins above {k.flood_begin} alarms in {k.window_minutes:g} min "
            f"and ends below {k.flood_end}"
        )
        for p, (share, bar) in self.mix.items():
            n = r.priorities.get(p, 0)
            percent = r.priority_shares.get(p, 0.0) * 100
            share.setText(f"{n}  ({percent:.0f} %)")
            bar.setValue(round(percent))
        self.chattering.clear()
        for alarm in r.chattering:
            self.chattering.addItem(f"{alarm.alarm}  ({alarm.count} activations)")
        self.stale.clear()
        self.stale.addItems(list(r.stale))
        for box in (self.chattering, self.stale):
            if not box.count():
                box.addItem("none")
        self.top.setRowCount(len(r.top))
        for row, alarm in enumerate(r.top):
            cells = (alarm.alarm, str(alarm.count), f"{alarm.share * 100:.0f} %")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.top.setItem(row, column, item)
