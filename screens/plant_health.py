"""Plant health (F11): predictive warnings (advice from trends, never alarms), instrument
health worst first, and the kept shift reports with "Report now"
(``hmi.analytics.plant_health_view``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hmi.analytics.missing import analytics_missing
from hmi.analytics.plant_health_view import PlantHealthView
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.shell.screen import ScreenContext, ScreenSpec


def build(ctx: ScreenContext) -> QWidget:
    analytics = ctx.runtime.analytics
    if analytics is None:
        return analytics_missing("Predictive warnings, instrument health and shift reports")
    return PlantHealthView(analytics, ctx.open_faceplate)


PLANT_HEALTH = ScreenSpec(
    "plant_health", QT_TRANSLATE_NOOP("Screen", "Health"), level=3, build=build, shortcut="F11"
)
