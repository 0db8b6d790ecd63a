"""The field simulator's scenario titles as the console shows them, in its language: marked
here by scenario name (a test keeps the table the simulator's), translated where shown.
A scenario not in the table shows the title the simulator gives."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmi.i18n.marks import QT_TRANSLATE_NOOP

TITLES = {
    "emm-rectifier-trip": QT_TRANSLATE_NOOP("Scenario", "Rectifier 1 trips on a DC ground fault"),
    "emm-purification": QT_TRANSLATE_NOOP(
        "Scenario", "Purification upset: Co/Ni up, SeO2 dosing fails"
    ),
    "emm-pump-trip": QT_TRANSLATE_NOOP("Scenario", "Duty circulation pump trips"),
    "cwp-magnetite-loss": QT_TRANSLATE_NOOP(
        "Scenario", "Magnetite loss at the magnetic separators"
    ),
    "cwp-feed-change": QT_TRANSLATE_NOOP("Scenario", "Raw coal changes to 34 % ash"),
    "cwp-analyser-fault": QT_TRANSLATE_NOOP("Scenario", "Ash analyser source fault"),
    "sco2-cw-pump-trip": QT_TRANSLATE_NOOP("Scenario", "Cooling-water pump 2 trips"),
    "sco2-sinter-stop": QT_TRANSLATE_NOOP("Scenario", "Sinter machine stops"),
    "sco2-breaker-trip": QT_TRANSLATE_NOOP("Scenario", "Generator breaker trip (load rejection)"),
}


def scenario_title(name: str, title: str) -> str:
    """Scenario ``name``'s title in the console's language (``title`` when not marked here,
    or when the simulator's title has changed since)."""
    marked = TITLES.get(name)
    if marked is None or marked != title:
        return title
    return QCoreApplication.translate("Scenario", marked)
