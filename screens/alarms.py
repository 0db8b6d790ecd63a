"""The alarm summary display: active, shelved, suppressed and out-of-service lists, the
journal and the KPIs (``hmi.alarms.summary``). Actions act as the console's logged-in user (on
a console of a server, as requests to the server); double-clicking an alarm opens its
faceplate."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hmi.alarms.actions import alarm_requests
from hmi.alarms.summary import AlarmSummary
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.shell.screen import ScreenContext, ScreenSpec


def build(ctx: ScreenContext) -> QWidget:
    runtime = ctx.runtime
    return AlarmSummary(
        runtime.alarms,
        runtime.alarm_journal,
        list(runtime.project.areas),
        open_alarm=ctx.open_faceplate,
        requests=alarm_requests(runtime),
    )


ALARMS = ScreenSpec(
    "alarms", QT_TRANSLATE_NOOP("Screen", "Alarms"), level=2, build=build, shortcut="F9"
)
