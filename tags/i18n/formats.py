"""Dates and times as people of the current language read them.

English keeps the console's ISO form (``2026-12-07 14:05``); Chinese writes the date the
Chinese way (``2026年12月7日 14:05``). Times of day are ``14:05`` in both. Numbers keep
Python's formats in both languages: zh_CN groups thousands with ``,`` and keeps ``.`` as the
decimal point, as English does.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from tags.i18n.language import Language, current_language


def date_text(moment: datetime) -> str:
    """The day of ``moment``: ``2026-12-07`` / ``2026年12月7日``."""
    if current_language() is Language.ZH_CN:
        return f"{moment.year}年{moment.month}月{moment.day}日"
    return moment.strftime("%Y-%m-%d")


def date_time_text(moment: datetime, *, seconds: bool = False) -> str:
    """Day and time of ``moment``: ``2026-12-07 14:05`` / ``2026年12月7日 14:05``."""
    clock = moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{date_text(moment)} {clock}"


def at(t: float, tz: tzinfo | None = None, *, seconds: bool = False) -> str:
    """Day and time of the epoch time ``t`` in ``tz`` (None: the machine's zone)."""
    return date_time_text(datetime.fromtimestamp(t, tz), seconds=seconds)
