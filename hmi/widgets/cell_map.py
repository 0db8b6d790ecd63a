"""Cell map: many similar measurements (the 2 x 60 electrolytic cells) in one widget.

Each cell is coloured only by its deviation from the tag's normal band: light inside the
band, then three steps of darker grey toward and beyond the alarm limit on that side, with a
small up or down triangle saying which side. An alarm (from AlarmStatus) draws the priority
marker (colour, shape, number) in the cell; a Bad value a magenta cross; an uncertain or
stale value a hatch. One widget paints all cells; clicks and tooltips find the cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QToolTip, QWidget

from hmi.quality_display import DisplayState
from hmi.widgets.base import BoundWidget, Point
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import CENTER, LEFT, colors, font, paint_alarm_marker, paint_override
from tags.i18n.descriptions import description_of
from tags.model import AlarmKind, TagDef

_HIGH = (AlarmKind.HI, AlarmKind.HIHI)
_LOW = (AlarmKind.LO, AlarmKind.LOLO)


def _first_limit(tag: TagDef, kinds: tuple[AlarmKind, ...], high: bool) -> float | None:
    found = [a.limit for a in tag.alarms if a.kind in kinds and a.limit is not None]
    if not found:
        return None
    return min(found) if high else max(found)


def deviation(tag: TagDef, value: float) -> int:
    """-3..3: how far outside the normal band, in steps toward the first alarm limit
    (0 inside the band; +-3 at or beyond the limit)."""
    lo, hi = tag.normal_low, tag.normal_high
    if hi is not None and value > hi:
        limit = _first_limit(tag, _HIGH, True)
        edge = limit if limit is not None else tag.eng_high
        f = 1.0 if edge is None or edge <= hi else (value - hi) / (edge - hi)
        return 1 if f < 0.5 else 2 if f < 1.0 else 3
    if lo is not None and value < lo:
        limit = _first_limit(tag, _LOW, False)
        edge = limit if limit is not None else tag.eng_low
        f = 1.0 if edge is None or edge >= lo else (lo - value) / (lo - edge)
        return -1 if f < 0.5 else -2 if f < 1.0 else -3
    return 0


class CellMap(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        rows: Sequence[tuple[str, Sequence[str]]],
        *,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        tags: Mapping[str, str] = {
            f"{r}/{c}": name for r, (_, names) in enumerate(rows) for c, name in enumerate(names)
        }
        super().__init__(ctx, tags, parent)
        self.row_labels = [label for label, _ in rows]
        self.columns = max((len(names) for _, names in rows), default=0)
        self.title = title
        self.grid: list[list[Point | None]] = [
            [self.points.get(f"{r}/{c}") for c in range(len(names))]
            for r, (_, names) in enumerate(rows)
        ]
        self.bind()

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        # a map with some unknown tags still shows the known ones; unknown cells say CFG
        self._paint_map(painter, rect)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._pending = False
        painter = QPainter(self)
        rect = QRectF(self.rect())
        painter.fillRect(rect, colors()["background"])
        painter.setFont(font(self.px))
        self._paint_map(painter, rect)
        painter.end()

    def _geometry(self) -> tuple[QRectF, float, float]:
        metrics = QFontMetricsF(font(self.px))
        label_w = max([metrics.horizontalAdvance(t) for t in self.row_labels] + [0]) + 10
        header = metrics.height() + 2
        area = QRectF(label_w, header, self.width() - label_w - 1, self.height() - header - 1)
        rows = max(1, len(self.grid))
        return area, area.width() / max(1, self.columns), area.height() / rows

    def cell_at(self, x: float, y: float) -> Point | None:
        area, cw, ch = self._geometry()
        if not area.contains(QPointF(x, y)):
            return None
        r, c = int((y - area.top()) / ch), int((x - area.left()) / cw)
        if r < len(self.grid) and c < len(self.grid[r]):
            return self.grid[r][c]
        return None

    def cell_rect(self, tag: str) -> QRectF | None:
        """Where the cell of ``tag`` is drawn (widget coordinates), None if not in the map."""
        area, cw, ch = self._geometry()
        for r, row in enumerate(self.grid):
            for c, point in enumerate(row):
                if point is not None and point.name == tag:
                    return QRectF(area.left() + c * cw, area.top() + r * ch, cw, ch)
        return None

    def cell_look(self, point: Point | None) -> str:
        """How a cell is drawn: config, bad, alarm-<n>, dev<+-n>, with "~" when greyed and
        " FORCED" (the override's word) when badged."""
        if point is None:
            return "config"
        badge = f" {point.shown.marker}" if point.shown.marker else ""
        if point.alarm is not None:
            return f"alarm-{int(point.alarm.priority)}{badge}"
        if point.state is DisplayState.BAD or point.number is None:
            return "bad"
        look = f"dev{deviation(point.tag, point.number):+d}"
        return (look + "~" if point.state is not DisplayState.NORMAL else look) + badge

    def _paint_map(self, painter: QPainter, rect: QRectF) -> None:
        c = colors()
        area, cw, ch = self._geometry()
        painter.setPen(c["text_dim"])
        for col in range(self.columns):
            n = col + 1
            if n == 1 or n % 5 == 0:
                x = area.left() + col * cw
                painter.drawText(QRectF(x - cw, 0, cw * 3, area.top()), CENTER, str(n))
        fills = {
            0: c["equipment_off"],
            1: c["deviation_1"],
            2: c["deviation_2"],
            3: c["deviation_3"],
        }
        gap = 1.0 if cw > 6 else 0.0
        for r, row in enumerate(self.grid):
            y = area.top() + r * ch
            painter.setPen(c["text"])
            painter.drawText(QRectF(0, y, area.left() - 6, ch), LEFT, self.row_labels[r])
            for col, point in enumerate(row):
                cell = QRectF(area.left() + col * cw + gap, y + gap, cw - 2 * gap, ch - 2 * gap)
                self._paint_cell(painter, cell, point, fills)

    def _paint_cell(
        self, painter: QPainter, cell: QRectF, point: Point | None, fills: dict[int, QColor]
    ) -> None:
        c = colors()
        if point is None:
            painter.fillRect(cell, c["bad_fill"])
            painter.setPen(QPen(c["bad"], 1, Qt.PenStyle.DashLine))
            painter.drawRect(cell)
            return
        if point.state is DisplayState.BAD or point.number is None:
            painter.fillRect(cell, c["bad_fill"])
            painter.setPen(QPen(c["bad"], 1.5))
            painter.drawLine(cell.topLeft(), cell.bottomRight())
            painter.drawLine(cell.bottomLeft(), cell.topRight())
        else:
            dev = deviation(point.tag, point.number)
            painter.fillRect(cell, fills[abs(dev)])
            if dev:
                self._paint_direction(painter, cell, dev > 0, abs(dev) >= 2)
            if point.state is not DisplayState.NORMAL:
                painter.fillRect(cell, QBrush(c["stale"], Qt.BrushStyle.BDiagPattern))
        if point.alarm is not None:
            size = min(cell.width(), cell.height()) - 1
            paint_alarm_marker(painter, cell.center(), size, point.alarm)
        if point.shown.marker:  # forced or simulated: the badge in the cell's corner
            side = min(cell.width(), cell.height()) * 0.6
            paint_override(painter, cell.topLeft(), side, point.shown.marker)

    def _paint_direction(self, painter: QPainter, cell: QRectF, up: bool, dark: bool) -> None:
        c = colors()
        s = min(cell.width(), cell.height()) * 0.28
        x, y = cell.center().x(), cell.center().y()
        d = -1 if up else 1
        tri = [
            QPointF(x, y + d * s),
            QPointF(x - s, y - d * s * 0.7),
            QPointF(x + s, y - d * s * 0.7),
        ]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(c["equipment_off"] if dark else c["text"]))
        painter.drawPolygon(QPolygonF(tri))
        painter.restore()

    # interaction -------------------------------------------------------------------------

    def faceplate_tag(self, x: float, y: float) -> str:
        point = self.cell_at(x, y)
        return "" if point is None else point.name

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.cell_at(event.pos().x(), event.pos().y())
            text = self.title if point is None else self._cell_tooltip(point)
            QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)

    def _cell_tooltip(self, point: Point) -> str:
        detail = point.shown.tooltip or description_of(point.tag)
        text = f"{point.name}: {point.with_unit()}\n{detail}"
        if point.alarm is not None:
            text += "\n" + self.tr("alarm {kind}, priority {priority}").format(
                kind=point.alarm.label, priority=int(point.alarm.priority)
            )
        return text
