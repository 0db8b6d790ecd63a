"""Loop check: the commissioning engineers' I/O checkout of every field instrument, its
progress per area and the sheets as PDF or CSV (``hmi.loopcheck.view``). The displays that
show each tag come from the open project's screens."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.loopcheck.screen_tags import screens_by_tag
from hmi.shell.screen import ScreenContext, ScreenSpec


def build(ctx: ScreenContext) -> QWidget:
    from hmi.loopcheck.view import LoopCheckView
    from screens import all_screens

    return LoopCheckView(ctx.runtime, ctx.bridge, screens_by_tag(all_screens()))


LOOPCHECK = ScreenSpec("loopcheck", QT_TRANSLATE_NOOP("Screen", "Loop check"), level=4, build=build)
