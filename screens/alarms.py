"""The alarm summary display: active, shelved, suppressed and out-of-service lists, the
journal and the KPIs (``hmi.alarms.summary``). Actions act as the console's logged-in user (on
a console of a server, as requests to the server); double-clicking an alarm opens its
faceplate."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hmi.alarms.actions import alarm_requests
from hmi.alarms.summary import AlarmSummary
from hmi.forcing.access import forces_of
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.shell.screen import ScreenContext, ScreenSpec
from hmi.subscriptions import Coalesced


def build(ctx: ScreenContext) -> QWidget:
    runtime = ctx.runtime
    summary = AlarmSummary(
        runtime.alarms,
        runtime.alarm_journal,
        list(runtime.project.areas),
        open_alarm=ctx.open_faceplate,
        requests=alarm_requests(runtime),
        sample_of=runtime.db.get,
    )
    forces = forces_of(runtime)
    if forces is not None:  # a row's FORCED marker follows the forces, not only alarms
        Coalesced(summary, forces.subscribe, summary.repaint_rows, 0)
    return summary


ALARMS = ScreenSpec(
    "alarms", QT_TRANSLATE_NOOP("Screen", "Alarms"), level=2, build=build, shortcut="F9"
)
