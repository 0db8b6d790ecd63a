"""English words left in a text meant for Chinese readers (no Qt: console views, printed
reports and command output all use it).

Tag names (``AREA.UNIT.POINT``), engineering units, numbers and the few abbreviations an
operator reads as they are (PV, SP, OP, PDF, CSV ...) are not English words; anything else of
three or more Latin letters is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

KEPT = frozenset(
    """PV SP OP CV MV AUTO MAN CAS HH HI LO LL ROC DEV OPC UA TCP MQTT CSV PDF PNG SQL ID OK UTC
    CPU RSS KPI ISA EEMUA SCO2 EMM CWP AHF DMC TIC FIC LIC DIC PID UF OF CO2 NH3 H2 SEO2 SeO2 MCC
    PLC DCS Modbus Sparkplug Ctrl Alt Shift Esc Enter Tab Del PgUp PgDn Left Right kA kV kW kWh
    MW MWh MPa kPa bar rpm mm min max Nm ppm mg""".split()  # noqa: SIM905
)
"""Abbreviations, key names and units read as they are in any language."""
TAG = re.compile(r"\b[A-Z][A-Z0-9_]*(?:\.[A-Za-z0-9_*?]+)+\b")
WORD = re.compile(r"[A-Za-z]{3,}[0-9]*")
"""A word with the digits it ends in, so formulas such as SCO2 or SEO2 meet KEPT whole."""


ADDRESS = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*")
"""An address (a URL): data, read as it is in any language."""


def english_words(text: str, units: Iterable[str] = ()) -> list[str]:
    """The English words of ``text`` (addresses such as opc.tcp://host:port/, tag names, units
    and KEPT words taken out)."""
    kept = KEPT | frozenset(units)
    rest = TAG.sub(" ", ADDRESS.sub(" ", text))
    for unit in sorted(units, key=len, reverse=True):
        if unit:
            rest = rest.replace(unit, " ")
    return [w for w in WORD.findall(rest) if w not in kept]
