"""The plant health display: predictive warnings and instrument health on the left, the
shift reports on the right. Double-clicking a warning or an instrument opens its faceplate."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from hmi.analytics.health_list import HealthList
from hmi.analytics.report_list import ReportList
from hmi.analytics.warning_list import WarningList
from hmi.view_parts import section
from tags.console_runtime import PlantAnalytics


class PlantHealthView(QWidget):
    def __init__(self, analytics: PlantAnalytics, open_tag: Callable[[str], object]) -> None:
        super().__init__()
        self.setObjectName("plantHealth")
        when = analytics.calendar.local_text
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(12)
        left = QVBoxLayout()
        left.addWidget(section("Predictive warnings", "advice from the trends, not alarms: "
                               "nothing to acknowledge, each clears itself"))  # fmt: skip
        self.warnings = WarningList(analytics.predictor, lambda t: when(t, "%H:%M:%S"), open_tag)
        left.addWidget(self.warnings, 2)
        left.addWidget(section("Instrument health", "measurements that can't be trusted, "
                               "worst first"))  # fmt: skip
        self.health = HealthList(analytics.health, lambda t: when(t, "%H:%M"), open_tag)
        left.addWidget(self.health, 3)
        outer.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(section("Shift reports", "one at every shift change"))
        self.reports = ReportList(analytics)
        right.addWidget(self.reports, 1)
        outer.addLayout(right, 2)
