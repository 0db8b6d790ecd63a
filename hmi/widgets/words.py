"""The short words process widgets paint (quality codes, override markers, motor states,
controller modes) in the current language.

The words come from elsewhere in English (the engine's quality codes, ``hmi.quality_display``'s
override markers, a mode tag's text): they are marked here under the ``WidgetWords`` context
and translated where painted. A word not listed is painted as it comes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmi.i18n.marks import QT_TRANSLATE_NOOP

CONTEXT = "WidgetWords"
WORDS = frozenset(
    {
        # quality codes of Bad and Uncertain values (tags.model Quality.short)
        QT_TRANSLATE_NOOP("WidgetWords", "WAIT"),
        QT_TRANSLATE_NOOP("WidgetWords", "COMM"),
        QT_TRANSLATE_NOOP("WidgetWords", "TIMEOUT"),
        QT_TRANSLATE_NOOP("WidgetWords", "CFG"),
        QT_TRANSLATE_NOOP("WidgetWords", "CFG?"),
        QT_TRANSLATE_NOOP("WidgetWords", "DEV"),
        QT_TRANSLATE_NOOP("WidgetWords", "SENSOR"),
        QT_TRANSLATE_NOOP("WidgetWords", "OOS"),
        QT_TRANSLATE_NOOP("WidgetWords", "RANGE"),
        QT_TRANSLATE_NOOP("WidgetWords", "DENIED"),
        QT_TRANSLATE_NOOP("WidgetWords", "CERT"),
        QT_TRANSLATE_NOOP("WidgetWords", "BAD"),
        QT_TRANSLATE_NOOP("WidgetWords", "OLD"),
        QT_TRANSLATE_NOOP("WidgetWords", "SUB"),
        QT_TRANSLATE_NOOP("WidgetWords", "INACC"),
        QT_TRANSLATE_NOOP("WidgetWords", "STALE"),
        QT_TRANSLATE_NOOP("WidgetWords", "UNCERTAIN"),
        QT_TRANSLATE_NOOP("WidgetWords", "UNC"),
        QT_TRANSLATE_NOOP("WidgetWords", "OK"),
        # override markers (hmi.quality_display.OVERRIDE_WORDS)
        QT_TRANSLATE_NOOP("WidgetWords", "FORCED"),
        QT_TRANSLATE_NOOP("WidgetWords", "SIM"),
        QT_TRANSLATE_NOOP("WidgetWords", "OVR"),
        # motors and valves
        QT_TRANSLATE_NOOP("WidgetWords", "RUN"),
        QT_TRANSLATE_NOOP("WidgetWords", "STOP"),
        QT_TRANSLATE_NOOP("WidgetWords", "TRIP"),
        QT_TRANSLATE_NOOP("WidgetWords", "OPEN"),
        QT_TRANSLATE_NOOP("WidgetWords", "CLOSED"),
        # controller modes (a mode tag's text)
        QT_TRANSLATE_NOOP("WidgetWords", "MODE"),
        QT_TRANSLATE_NOOP("WidgetWords", "AUTO"),
        QT_TRANSLATE_NOOP("WidgetWords", "MAN"),
        QT_TRANSLATE_NOOP("WidgetWords", "MANUAL"),
        QT_TRANSLATE_NOOP("WidgetWords", "CAS"),
        QT_TRANSLATE_NOOP("WidgetWords", "LOCAL"),
        QT_TRANSLATE_NOOP("WidgetWords", "LOC"),
    }
)
"""Every word translated where painted."""


def widget_word(word: str) -> str:
    """``word`` (a quality code, marker, state or mode) in the current language."""
    if word.upper() not in WORDS:
        return word
    return QCoreApplication.translate(CONTEXT, word.upper())


def quality_word(word: str) -> str:
    """A quality code or override marker (``COMM``, ``FORCED`` ...) in the current language."""
    return widget_word(word)


def widget_text(text: str) -> str:
    """A text of the widgets' own (``WidgetTexts``, marked where written) in the current
    language."""
    return QCoreApplication.translate("WidgetTexts", text)
