"""Operator actions on a trend: one dashed vertical line per ack, shelve or write in the
visible range, lettered A, S or W at the top, the action, its user and time in the tooltip.

Shown in REPLAY, where the trend looks back at a recorded shift: what the operator did is
seen next to what the process did. Markers follow every pan and zoom; at most ``MAX_MARKERS``
(the first ones in the range) so a busy shift cannot slow the plot down.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt

from hmi.replay.timeline import LETTERS, tooltip_text
from hmi.shell.theme import palette
from hmi.trends.plot import TrendPlot
from tags.replay.timeline import TimelineEvent

MAX_MARKERS = 200
Actions = Callable[[float, float], Sequence[TimelineEvent]]
"""The operator actions in ``[start, end]``."""


class ActionMarkers:
    def __init__(self, plot: TrendPlot, actions: Actions) -> None:
        self.plot = plot
        self.actions = actions
        self.lines: list[pg.InfiniteLine] = []
        self.shown: list[TimelineEvent] = []
        """The actions marked now, in time order."""
        plot.range_changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        """Mark the actions of the visible range (after a pan, a zoom or new actions)."""
        start, end = self.plot.x_range()
        found = list(self.actions(start, end))[:MAX_MARKERS]
        while len(self.lines) < len(found):
            self.lines.append(self._line())
        for line, event in zip(self.lines, found, strict=False):
            line.setValue(event.time)
            line.label.setText(LETTERS.get(event.kind, "•"))
            line.setToolTip(tooltip_text(event))
            line.show()
        for line in self.lines[len(found) :]:
            line.hide()
        self.shown = found

    def _line(self) -> pg.InfiniteLine:
        color = palette().color("timeline_action")
        pen = pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine)
        line = pg.InfiniteLine(
            angle=90, movable=False, pen=pen, label="",
            labelOpts={"position": 0.96, "color": palette().color("panel"), "fill": color},
        )  # fmt: skip
        line.setZValue(40)
        self.plot.view.addItem(line, ignoreBounds=True)
        return line

    def clear(self) -> None:
        for line in self.lines:
            self.plot.view.removeItem(line)
        self.lines.clear()
        self.shown = []
