"""Descriptions of tags and areas in the current language: a project file may give
``description_zh`` beside ``description``; Chinese falls back to English where it has none."""

from __future__ import annotations

from typing import Protocol

from tags.i18n.language import Language, current_language


class Described(Protocol):
    @property
    def description(self) -> str: ...

    @property
    def description_zh(self) -> str: ...


def description_of(item: Described) -> str:
    """``item``'s description in the current language (English where no Chinese is given)."""
    if current_language() is Language.ZH_CN and item.description_zh:
        return item.description_zh
    return item.description
