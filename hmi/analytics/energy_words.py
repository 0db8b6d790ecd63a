"""The energy figures' names in the console's language.

The engine's catalogue (tags/analytics/energy_catalogue.py) names each figure in English with
templates (``{Product} yield``); the console translates a template here, by its English text
in context ``EnergyFigures``, then fills it with the area's words, in Chinese where the area
declares them (``product_zh`` ...). Units stay as they are. A template not marked here shows
in English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from tags.analytics.energy_areas import AreaEnergy
from tags.analytics.energy_catalogue import fill
from tags.analytics.energy_figures import TargetCheck
from tags.i18n.language import Language, current_language

CONTEXT = "EnergyFigures"

MARKED = (
    QT_TRANSLATE_NOOP("EnergyFigures", "DC specific energy"),
    QT_TRANSLATE_NOOP("EnergyFigures", "DC specific energy, series {series}"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Current efficiency (Faraday)"),
    QT_TRANSLATE_NOOP("EnergyFigures", "DC energy"),
    QT_TRANSLATE_NOOP("EnergyFigures", "  of it at peak price"),
    QT_TRANSLATE_NOOP("EnergyFigures", "  of it at flat price"),
    QT_TRANSLATE_NOOP("EnergyFigures", "  of it at valley price"),
    QT_TRANSLATE_NOOP("EnergyFigures", "{Product} plated"),
    QT_TRANSLATE_NOOP("EnergyFigures", "DC energy cost"),
    QT_TRANSLATE_NOOP("EnergyFigures", "DC energy cost per {unit} {product}"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Energy per {unit} {product}"),
    QT_TRANSLATE_NOOP("EnergyFigures", "{Consumable} per t {feed}"),
    QT_TRANSLATE_NOOP("EnergyFigures", "{Product} yield"),
    QT_TRANSLATE_NOOP("EnergyFigures", "{Product} {quality}"),
    QT_TRANSLATE_NOOP("EnergyFigures", "{Feed} washed"),
    QT_TRANSLATE_NOOP("EnergyFigures", "{Product} produced"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Plant energy"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Energy cost"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Heat recovered"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Gross generation"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Net generation exported"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Cycle efficiency (gross / heat)"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Export of the replaced plant (baseline)"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Gain over the baseline"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Value of the export"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Specific energy"),
    QT_TRANSLATE_NOOP("EnergyFigures", "{Product} made"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Energy"),
    QT_TRANSLATE_NOOP("EnergyFigures", "Energy cost per {unit} {product}"),
    # chart titles and the line across a chart's bars
    QT_TRANSLATE_NOOP("EnergyFigures", "current efficiency"),
    QT_TRANSLATE_NOOP("EnergyFigures", "energy exported"),
    QT_TRANSLATE_NOOP("EnergyFigures", "energy per {unit} {product}"),
    QT_TRANSLATE_NOOP("EnergyFigures", "gain over the baseline"),
    QT_TRANSLATE_NOOP("EnergyFigures", "made"),
    QT_TRANSLATE_NOOP("EnergyFigures", "specific energy"),
    QT_TRANSLATE_NOOP("EnergyFigures", "{product} yield"),
    QT_TRANSLATE_NOOP("EnergyFigures", "baseline plant"),
)
"""Every name the catalogue gives a figure, a chart or a chart's line (lupdate reads these)."""


def figure_name(template: str, decl: AreaEnergy) -> str:
    """A catalogue name for ``decl``'s area in the current language."""
    chinese = current_language() is Language.ZH_CN
    return fill(QCoreApplication.translate(CONTEXT, template), decl, chinese=chinese)


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
