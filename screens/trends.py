"""Trends: up to eight pens from the historian, live or back in time, with pen sets."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.shell.screen import ScreenContext, ScreenSpec


def build(ctx: ScreenContext) -> QWidget:
    from hmi.trends.history import history_source
    from hmi.trends.trend_view import (
        TrendView,  # plotting loads on the first visit, not at start-up
    )

    runtime = ctx.runtime
    return TrendView(ctx.bridge, history_source(runtime), runtime.data_dir)


TRENDS = ScreenSpec(
    "trends", QT_TRANSLATE_NOOP("Screen", "Trends"), level=3, build=build, shortcut="F8"
)
