"""The plant health display: predictive warnings and instrument health on the left, the
shift reports on the right. Double-clicking a warning or an instrument opens its faceplate."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from hmi.analytics.health_list import HealthList
from hmi.analytics.report_list import ReportList
from hmi.analytics.warning_list import WarningList
from hmi.i18n.retranslate import is_language_change
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
        self.sections: list[QWidget] = [section("-", "-") for _ in range(3)]
        left.addWidget(self.sections[0])
        self.warnings = WarningList(analytics.predictor, lambda t: when(t, "%H:%M:%S"), open_tag)
        left.addWidget(self.warnings, 2)
        left.addWidget(self.sections[1])
        self.health = HealthList(analytics.health, lambda t: when(t, "%H:%M"), open_tag)
        left.addWidget(self.health, 3)
        outer.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(self.sections[2])
        self.reports = ReportList(analytics)
        right.addWidget(self.reports, 1)
        outer.addLayout(right, 2)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        texts = (
            (self.tr("Predictive warnings"),
             self.tr("advice from the trends, not alarms: nothing to acknowledge, each clears "
                     "itself")),
            (self.tr("Instrument health"), self.tr("measurements that can't be trusted, worst "
                                                   "first")),
            (self.tr("Shift reports"), self.tr("one at every shift change")),
        )  # fmt: skip
        for widget, (title, hint) in zip(self.sections, texts, strict=True):
            shown_title, shown_hint = widget.findChildren(QLabel)[:2]
            shown_title.setText(title)
            shown_hint.setText(hint)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)
