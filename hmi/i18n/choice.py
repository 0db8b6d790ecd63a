"""Which language a console starts in, and keeping the operator's choice per workstation.

The order: ``--lang`` on the command line, else the choice kept in this workstation's
settings (its data folder's console.ini, where the window keeps its layout), else the
workstation's locale (QLocale.system()).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QSettings

from tags.i18n.language import Language

SETTINGS_FILE = "console.ini"
LANGUAGE_KEY = "console/language"


def workstation_settings(data_dir: Path) -> QSettings:
    """This workstation's console settings (window layout, language) in its data folder."""
    return QSettings(str(data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)


def saved_language(data_dir: Path) -> Language | None:
    """The language kept for this workstation (None: never chosen, or unreadable)."""
    value = workstation_settings(data_dir).value(LANGUAGE_KEY)
    if not isinstance(value, str):
        return None
    try:
        return Language.from_code(value)
    except ValueError:
        return None


def save_language(data_dir: Path, language: Language) -> None:
    settings = workstation_settings(data_dir)
    settings.setValue(LANGUAGE_KEY, language.value)
    settings.sync()


def locale_language(locale: QLocale | None = None) -> Language:
    """The language for a locale (the system's by default)."""
    return Language.for_locale((locale or QLocale.system()).name())


def chosen_language(data_dir: Path, requested: Language | None = None) -> Language:
    """``requested`` (``--lang``), else this workstation's kept choice, else its locale."""
    return requested or saved_language(data_dir) or locale_language()
