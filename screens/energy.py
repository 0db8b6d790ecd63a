"""Energy (F10): EMM DC specific energy and current efficiency with the energy cost by tariff
period, CWP energy, magnetite and yield, SCO2 heat recovered, generation, export and the gain
over the replaced plant; live, this shift, the previous shift and today against the project's
targets, with charts per shift, day or week and CSV export (``hmi.analytics.energy_view``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hmi.analytics.missing import analytics_missing
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.shell.screen import ScreenContext, ScreenSpec


def build(ctx: ScreenContext) -> QWidget:
    analytics = ctx.runtime.analytics
    if analytics is None:
        return analytics_missing("Energy figures")
    from hmi.analytics.energy_view import EnergyView  # plotting loads on the first visit

    return EnergyView(ctx.runtime, analytics)


ENERGY = ScreenSpec(
    "energy", QT_TRANSLATE_NOOP("Screen", "Energy"), level=3, build=build, shortcut="F10"
)
