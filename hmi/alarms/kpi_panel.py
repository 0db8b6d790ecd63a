"""The EEMUA 191 / ISA-18.2 figures of the alarm system: rates per 10 minutes, peak, flood
time, chattering and stale alarms, the priority mix against its target and the top 10.

The last 24 hours come live from the engine; longer periods from the journal. Figures above
their target are written out ("above target"), not coloured: colour is for alarms.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, QTimer
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
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from tags.alarms.engine import AlarmEngine, AlarmRefused
from tags.alarms.kpi import KpiReport
from tags.model import Priority

ALL = QT_TRANSLATE_NOOP("KpiPanel", "All areas")
PERIODS = (
    (QT_TRANSLATE_NOOP("KpiPanel", "Last 24 h (live)"), 0.0),
    (QT_TRANSLATE_NOOP("KpiPanel", "Last 7 days"), 7 * 86400.0),
    (QT_TRANSLATE_NOOP("KpiPanel", "Last 30 days"), 30 * 86400.0),
)
MIX_TARGETS = {Priority.CRITICAL: "", Priority.HIGH: "5 %", Priority.MEDIUM: "15 %",
               Priority.LOW: "80 %"}  # fmt: skip
"""The EEMUA 191 share of each priority (shown as "target about N")."""
FIGURES = (
    ("now", QT_TRANSLATE_NOOP("KpiPanel", "Annunciated, last 10 min")),
    ("average", QT_TRANSLATE_NOOP("KpiPanel", "Average per 10 min")),
    ("peak", QT_TRANSLATE_NOOP("KpiPanel", "Peak per 10 min")),
    ("annunciated", QT_TRANSLATE_NOOP("KpiPanel", "Annunciated in the period")),
    ("flood", QT_TRANSLATE_NOOP("KpiPanel", "Time in flood")),
    ("floods", QT_TRANSLATE_NOOP("KpiPanel", "Flood periods")),
)


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
        self.area.addItem(ALL, None)
        for area in areas:
            self.area.addItem(area, area)
        self.refresh_button = refresh = QPushButton()
        refresh.clicked.connect(self.refresh)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.area.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period_label, self.area_label = QLabel(), QLabel()
        for item in (self.period_label, self.period, self.area_label, self.area, refresh):
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
        self.figure_titles: list[tuple[QLabel, str]] = []
        self.rates = rates = QGroupBox()
        grid = QGridLayout(rates)
        for row, (name, title) in enumerate(FIGURES):
            title_label = QLabel()
            self.figure_titles.append((title_label, title))
            grid.addWidget(title_label, row, 0)
            value = QLabel("")
            value.setObjectName("kpiValue")
            grid.addWidget(value, row, 1)
            self.figures[name] = value
        grid.setColumnStretch(2, 1)
        left.addWidget(rates)
        self.mix_box = mix = QGroupBox()
        mix_grid = QGridLayout(mix)
        self.mix: dict[Priority, tuple[QLabel, QProgressBar]] = {}
        self.mix_texts: dict[Priority, tuple[QLabel, QLabel]] = {}
        for row, p in enumerate(Priority):
            marker = QLabel()
            marker.setPixmap(marker_pixmap(p))
            mix_grid.addWidget(marker, row, 0)
            priority_label = QLabel()
            mix_grid.addWidget(priority_label, row, 1)
            bar_ = QProgressBar()
            bar_.setObjectName("kpiBar")
            bar_.setRange(0, 100)
            bar_.setTextVisible(False)
            mix_grid.addWidget(bar_, row, 2)
            share = QLabel("")
            mix_grid.addWidget(share, row, 3)
            mix_target = QLabel()
            mix_grid.addWidget(mix_target, row, 4)
            self.mix[p] = (share, bar_)
            self.mix_texts[p] = (priority_label, mix_target)
        left.addWidget(mix)
        lists = QHBoxLayout()
        self.chattering = QListWidget()
        self.stale = QListWidget()
        self.chattering_box, self.stale_box = QGroupBox(), QGroupBox()
        for box, box_list in (
            (self.chattering_box, self.chattering),
            (self.stale_box, self.stale),
        ):
            QVBoxLayout(box).addWidget(box_list)
            lists.addWidget(box)
        left.addLayout(lists, 1)
        self.top_box = top_box = QGroupBox()
        self.top = QTableWidget(0, 3)
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
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the KPI panel in the current language (again on a language change)."""
        for index, (text, _seconds) in enumerate(PERIODS):
            self.period.setItemText(index, self.tr(text))
        self.area.setItemText(0, self.tr(ALL))
        self.refresh_button.setText(self.tr("Refresh"))
        self.period_label.setText(self.tr("Period"))
        self.area_label.setText(self.tr("Area"))
        self.rates.setTitle(self.tr("Alarm rates"))
        for title_label, title in self.figure_titles:
            title_label.setText(self.tr(title))
        self.mix_box.setTitle(self.tr("Priority mix"))
        for p, (priority_label, mix_target) in self.mix_texts.items():
            priority_label.setText(priority_text(p))
            about = MIX_TARGETS[p]
            mix_target.setText(self.tr("target about {share}").format(share=about) if about else "")
        self.chattering_box.setTitle(self.tr("Chattering"))
        hours = f"{self.engine.settings.kpi.stale_hours:g}"
        self.stale_box.setTitle(self.tr("Stale (standing over {hours} h)").format(hours=hours))
        self.top_box.setTitle(self.tr("Top 10 alarms"))
        self.top.setHorizontalHeaderLabels([self.tr("Alarm"), self.tr("Count"), self.tr("Share")])
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _tick(self) -> None:
        if self.isVisible() and float(self.period.currentData()) == 0.0:
            self.refresh()

    def refresh(self) -> KpiReport | None:
        area = self.area.currentData()
        areas = None if area is None else [str(area)]
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
        above = self.tr(" — above target") if window.current_window > target else ""
        f = self.figures
        f["now"].setText(f"{window.current_window}{above}")
        average = f"{r.average_per_window:.2f}"
        f["average"].setText(
            (
                self.tr("{average} (within target {target})")
                if r.within_target
                else self.tr("{average} (above target {target})")
            ).format(average=average, target=f"{target:g}")
        )
        f["peak"].setText(str(r.peak_per_window))
        f["annunciated"].setText(str(r.annunciated))
        f["flood"].setText(
            duration_text(r.time_in_flood) + (self.tr("  — FLOOD NOW") if window.in_flood else "")
        )
        f["floods"].setText(str(len(r.floods)))
        k = self.engine.settings.kpi
        self.note.setText(
            self.tr(
                "EEMUA 191 targets: at most {target} alarm per {minutes} min on average; a flood "
                "begins above {begin} alarms in {minutes} min and ends below {end}"
            ).format(
                target=f"{target:g}",
                minutes=f"{k.window_minutes:g}",
                begin=k.flood_begin,
                end=k.flood_end,
            )
        )
        for p, (share, bar) in self.mix.items():
            n = r.priorities.get(p, 0)
            percent = r.priority_shares.get(p, 0.0) * 100
            share.setText(f"{n}  ({percent:.0f} %)")
            bar.setValue(round(percent))
        self.chattering.clear()
        for alarm in r.chattering:
            self.chattering.addItem(
                self.tr("{alarm}  ({count} activations)").format(
                    alarm=alarm.alarm, count=alarm.count
                )
            )
        self.stale.clear()
        self.stale.addItems(list(r.stale))
        for box in (self.chattering, self.stale):
            if not box.count():
                box.addItem(self.tr("none"))
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
