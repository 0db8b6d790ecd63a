"""The engine's texts outside reports (predictive warnings, instrument health, loop checks,
forcing, the historian, the command line), by message id, in English and Simplified Chinese;
tags/i18n/catalogue.py takes them in."""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

ENGINE_MESSAGES: dict[str, dict[Language, str]] = {}
