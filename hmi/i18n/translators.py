"""Install the translators of a language: the console's own (every .qm of
resources/i18n/<code>/, one per part of the console, compiled from the .ts the translators
edit) and Qt's (qtbase_<code>.qm from PySide6's
translations folder: the buttons and texts of Qt's own dialogs).

Installing or removing a translator sends every widget a LanguageChange event: widgets that
follow the retranslate pattern (hmi/i18n/retranslate.py) set their texts again, so switching
needs no restart. The engine's texts follow the same language (tags/i18n), and numbers and
dates the default QLocale.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from tags.i18n.language import Language, set_language

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"
"""The console's .ts sources and the .qm files compiled from them."""
QT_CATALOGUES = ("qtbase",)
"""Qt's own catalogues loaded beside the console's (Qt's dialogs and standard buttons)."""

_installed: list[QTranslator] = []
_language = Language.EN
_startup_locale: QLocale | None = None
"""The default locale before any language was installed: English goes back to it."""


def qm_paths(language: Language) -> list[Path]:
    """The console's compiled translations of ``language``, one per part."""
    return sorted((TRANSLATIONS_DIR / language.value).glob("*.qm"))


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_language(language: Language) -> None:
    """Show the console in ``language`` from now on (the application must exist): Qt's
    translators, the engine's texts and the default locale. English removes the translators
    (the source texts are English). A missing .qm is logged and the texts stay English."""
    global _language, _startup_locale
    if QCoreApplication.instance() is None:
        raise RuntimeError("install_language needs the application made first")
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    set_language(language)
    if _startup_locale is None:
        _startup_locale = QLocale()
    QLocale.setDefault(_startup_locale if language is Language.EN else QLocale(language.value))
    _language = language
    if language is Language.EN:
        return
    catalogues = [(path.stem, str(path.parent)) for path in qm_paths(language)]
    if not catalogues:
        log.warning("no console translation for %s in %s", language.value, TRANSLATIONS_DIR)
    catalogues += [(f"{name}_{language.value}", qt_translations_dir()) for name in QT_CATALOGUES]
    for name, folder in catalogues:
        translator = QTranslator()
        if translator.load(name, folder):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("no %s translation for %s in %s", name, language.value, folder)


def installed_language() -> Language:
    """The language last installed (English before any)."""
    return _language
