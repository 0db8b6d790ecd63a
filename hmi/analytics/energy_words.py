"""The energy figures' names in the console's language.

The engine's catalogue (tags/analytics/energy_catalogue.py) names each figure in English with
templates (``{Product} yield``); the engine's message catalogue gives each in the current
language (the shift report uses the same), and the console fills it with the area's words, in
Chinese where the area declares them (``product_zh`` ...). Units stay as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from tags.analytics.energy_areas import AreaEnergy
from tags.analytics.energy_catalogue import figure_name as catalogue_name
from tags.analytics.energy_catalogue import fill
from tags.analytics.energy_figures import TargetCheck
from tags.i18n.language import Language, current_language


def figure_name(template: str, decl: AreaEnergy) -> str:
    """A catalogue name for ``decl``'s area in the current language (the engine's names of
    the figures, the same as the shift report's: tags/i18n/report_texts.py)."""
    chinese = current_language() is Language.ZH_CN
    return fill(catalogue_name(template), decl, chinese=chinese)


def judgement(check: TargetCheck | None) -> str:
    """How a figure stands against its target, in words (colour is never the only sign)."""
    if check is None or check.met is None:
        return ""
    deviation = check.deviation_percent
    if deviation is None:
        return (
            QCoreApplication.translate("EnergyTable", "met")
            if check.met
            else QCoreApplication.translate("EnergyTable", "off target")
        )
    if check.met:
        if abs(deviation) < 0.05:
            return QCoreApplication.translate("EnergyTable", "met")
        return QCoreApplication.translate("EnergyTable", "met, {percent} % better").format(
            percent=f"{deviation:.1f}"
        )
    return QCoreApplication.translate("EnergyTable", "OFF TARGET, {percent} % worse").format(
        percent=f"{-deviation:.1f}"
    )


def _tr(text: str) -> str:
    return QCoreApplication.translate("EnergyTable", text)


SHIFT_NAMES = {"Morning": QT_TRANSLATE_NOOP("EnergyView", "Morning"),
               "Afternoon": QT_TRANSLATE_NOOP("EnergyView", "Afternoon"),
               "Night": QT_TRANSLATE_NOOP("EnergyView", "Night")}  # fmt: skip
"""The shift calendar's default shift names (a project's own names show as given)."""


def shift_name(name: str) -> str:
    """A shift's name in the current language (the default names are translated)."""
    if name in SHIFT_NAMES:
        return QCoreApplication.translate("EnergyView", SHIFT_NAMES[name])
    return name


def period_label(label: str) -> str:
    """A shift's label (``2025-06-15 Morning``) with its name in the current language."""
    day, _, name = label.partition(" ")
    return f"{day} {shift_name(name)}" if name else label
