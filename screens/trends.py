"""Trends: up to eight pens from the historian, live or back in time, with pen sets."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hmi.screen import ScreenContext, ScreenSpec


def build(ctx: ScreenContext) -> QWidget:
    from hmi.trend import TrendView  # plotting loads on the first visit, not at start-up
    from hmi.trend_history import history_source

    runtime = ctx.runtime
    return TrendView(ctx.bridge, history_source(runtime), runtime.data_dir)


TRENDS = ScreenSpec("trends", "Trends", level=3, build=build, shortcut="F8")
