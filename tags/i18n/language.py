"""The language engine texts are given in: English (the default) or Simplified Chinese.

One setting per process: the console sets it when it starts and when the operator switches
(the Qt side translates its own texts; this is for texts the engine makes, which reach people
through the console, the command line and reports).
"""

from __future__ import annotations

from enum import Enum


class Language(Enum):
    EN = "en"
    ZH_CN = "zh_CN"

    @classmethod
    def from_code(cls, code: str) -> Language:
        """The language of a code as given on a command line or kept in settings (``en``,
        ``zh_CN``; ``zh-CN`` and any case accepted); ValueError naming the choices."""
        wanted = code.strip().replace("-", "_").lower()
        for language in cls:
            if language.value.lower() == wanted:
                return language
        choices = ", ".join(language.value for language in cls)
        raise ValueError(f"unknown language '{code}' (choices: {choices})")

    @classmethod
    def for_locale(cls, locale_name: str) -> Language:
        """The language for a locale such as ``zh_CN``, ``zh_TW`` or ``de_DE``: Chinese for
        any Chinese locale (Simplified is the one translated), else English."""
        return cls.ZH_CN if locale_name.lower().startswith("zh") else cls.EN

    @property
    def native_name(self) -> str:
        """The language's name in itself, as a language menu lists it."""
        return {Language.EN: "English", Language.ZH_CN: "简体中文"}[self]


_current = Language.EN


def current_language() -> Language:
    return _current


def set_language(language: Language) -> None:
    """Give engine texts in ``language`` from now on."""
    global _current
    _current = language
