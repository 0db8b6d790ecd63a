"""The trend's plot: up to eight one-pixel pens over a time axis, each on its own scale.

Every pen is drawn on a shared 0..1 height (its value mapped through its own engineering
scale); the left axis shows the selected pen's scale in its units and colour. Each frame
draws about two points per pixel per pen whatever the data holds (PeakPyramid), with
pyqtgraph's peak downsampling and clip-to-view on top; NaN breaks a line (Bad quality).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Signal
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from hmi.shell.theme import palette
from hmi.trends.data import EMPTY, Array, PeakPyramid, steps, value_at
from hmi.trends.pens import Pen

Y_MARGIN = 0.02
"""Room above and below the 0..1 scale, so a line at the top or bottom stays visible."""


class PenAxis(pg.AxisItem):  # type: ignore[misc]
    """Ticks in the selected pen's engineering units over the shared 0..1 view."""

    def __init__(self) -> None:
        super().__init__("left")
        self.enableAutoSIPrefix(False)
        self.setTickPen(palette().color("text_dim"))  # ticks and grid stay neutral
        self.scale_range = (0.0, 1.0)

    def show_pen(self, pen: Pen | None) -> None:
        colors = palette()
        if pen is None:
            self.scale_range = (0.0, 1.0)
            self.setLabel("")
            self.setTextPen(colors.color("text_dim"))
            self.setPen(colors.color("text_dim"))
        else:
            self.scale_range = (pen.low, pen.high)
            color = colors.color(pen.color)
            self.setLabel(pen.name, units=pen.tag.unit or None)
            self.setTextPen(color)
            self.setPen(color)
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[Any]:
        low, high = self.scale_range
        span = high - low
        ticks = super().tickValues(low + minVal * span, low + maxVal * span, size)
        return [(step / span, [(v - low) / span for v in values]) for step, values in ticks]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        low, high = self.scale_range
        span = high - low
        shown = [low + v * span for v in values]
        return list(super().tickStrings(shown, scale, spacing * span))


class TrendGrid(pg.GraphicsObject):  # type: ignore[misc]
    """Grid lines at the major ticks of both axes, in one opaque colour: the software
    painter blends translucent lines slowly (pyqtgraph's grid cost 8 ms a frame)."""

    def __init__(self, view: pg.ViewBox, bottom: pg.AxisItem, left: PenAxis) -> None:
        super().__init__()
        self._view = view
        self._axes = (bottom, left)
        self._pen = pg.mkPen(palette().color("trend_grid"), width=1)
        self._pen.setCosmetic(True)
        self.setZValue(-5)
        self._metrics = QFontMetrics(bottom.style["tickFont"] or bottom.font())
        view.sigRangeChanged.connect(self._moved)

    def _moved(self, *_: object) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._view.viewRect())

    def paint(self, painter: QPainter, *_: object) -> None:
        rect = self._view.viewRect()
        (x0, x1), (y0, y1) = self._view.viewRange()
        bottom, left = self._axes
        # DateAxisItem keeps the font metrics of its last paint (a dead painter's): give it
        # live ones, so it places the ticks exactly where it labels them
        bottom.fontMetrics = self._metrics
        xs = _major(bottom.tickValues(x0, x1, max(self._view.width(), 1.0)))
        ys = _major(left.tickValues(y0, y1, max(self._view.height(), 1.0)))
        lines = [QLineF(x, rect.top(), x, rect.bottom()) for x in xs]
        lines += [QLineF(rect.left(), y, rect.right(), y) for y in ys]
        painter.setPen(self._pen)
        painter.drawLines(lines)


def _major(ticks: list[Any]) -> list[float]:
    """The values of the coarsest tick level that has any in range."""
    return next(([float(v) for v in values] for _, values in ticks if len(values)), [])


class _Curve:
    """One pen's data and its line."""

    def __init__(self, pen: Pen, item: pg.PlotDataItem) -> None:
        self.pen = pen
        self.item = item
        self.data = PeakPyramid(EMPTY, EMPTY)
        self.hold_until: float | None = None


class TrendPlot(pg.PlotWidget):  # type: ignore[misc]
    """Time axis, pens, the selected pen's scale, its normal band and a cursor."""

    range_changed = Signal(float, float)
    """The visible time range changed (by code or by the operator)."""
    user_moved = Signal()
    """The operator panned or zoomed with the mouse."""
    cursor_moved = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        self.axis = PenAxis()
        super().__init__(parent=parent, axisItems={"bottom": pg.DateAxisItem(), "left": self.axis})
        colors = palette()
        self.setBackground(colors.color("trend_background"))
        self.setAntialiasing(False)
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        bottom = item.getAxis("bottom")
        bottom.setTextPen(colors.color("text"))
        bottom.setPen(colors.color("text_dim"))
        for axis in (bottom, self.axis):
            axis.setStyle(maxTickLevel=1)  # major and minor ticks: no comb of tiny ones
        self.view = item.getViewBox()
        self.view.setMouseEnabled(x=True, y=False)
        self.view.enableAutoRange(enable=False)
        self.view.setYRange(-Y_MARGIN, 1.0 + Y_MARGIN, padding=0.0)
        self.grid = TrendGrid(self.view, item.getAxis("bottom"), self.axis)
        self.view.addItem(self.grid, ignoreBounds=True)
        self.band = pg.LinearRegionItem(
            (0.0, 0.0), "horizontal", movable=False, brush=colors.color("trend_band")
        )
        self.band.setZValue(-10)
        for line in self.band.lines:
            line.setPen(pg.mkPen(None))
        self.band.hide()
        self.view.addItem(self.band, ignoreBounds=True)
        self.cursor = pg.InfiniteLine(
            angle=90, movable=True, pen=pg.mkPen(colors.color("trend_cursor"), width=1)
        )
        self.cursor.setZValue(50)
        self.cursor_label = pg.InfLineLabel(
            self.cursor, position=0.97, anchors=[(0, 0), (0, 0)],
            color=colors.color("text"), fill=colors.color("trend_background"),
        )  # fmt: skip
        self.cursor.hide()
        self.view.addItem(self.cursor, ignoreBounds=True)
        self.cursor.sigPositionChanged.connect(self._on_cursor)
        self.curves: dict[str, _Curve] = {}
        self.notice = QLabel(self)
        """What is wrong with the history shown (not available, behind), over the plot."""
        self.notice.setObjectName("trendNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.view.sigXRangeChanged.connect(self._on_x_range)
        self.view.sigRangeChangedManually.connect(lambda *_: self.user_moved.emit())

    def show_notice(self, text: str, kind: str = "bad") -> None:
        """Say over the plot what is wrong with its history ("": nothing, hidden)."""
        if not text:
            self.notice.hide()
            return
        if self.notice.text() != text or self.notice.property("kind") != kind:
            self.notice.setText(text)
            self.notice.setProperty("kind", kind)
            self.notice.style().unpolish(self.notice)
            self.notice.style().polish(self.notice)
        self._place_notice()
        self.notice.show()

    def _place_notice(self) -> None:
        width = max(200, min(self.width() - 120, 720))
        self.notice.setFixedWidth(width)
        self.notice.adjustSize()
        self.notice.move((self.width() - width) // 2, 10)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        notice = self.__dict__.get("notice")  # None while pyqtgraph builds the widget
        if notice is not None and notice.isVisible():
            self._place_notice()

    # pens ---------------------------------------------------------------------------------

    def add_pen(self, pen: Pen) -> None:
        item = pg.PlotDataItem(
            pen=pg.mkPen(palette().color(pen.color), width=1),
            connect="finite",
            clipToView=True,
            autoDownsample=True,
            downsampleMethod="peak",
        )
        self.view.addItem(item)
        self.curves[pen.name] = _Curve(pen, item)

    def remove_pen(self, name: str) -> None:
        curve = self.curves.pop(name, None)
        if curve is not None:
            self.view.removeItem(curve.item)

    def set_data(
        self, name: str, xs: Array, ys: Array, hold_until: float | None, *, draw: bool = True
    ) -> None:
        """The pen's points (times, raw values with NaN at Bad), held to ``hold_until``;
        ``draw=False`` leaves the drawing to the next range change or ``redraw``."""
        curve = self.curves[name]
        curve.data = PeakPyramid(xs, ys)
        curve.hold_until = hold_until
        if draw:
            self._draw(curve)

    def points(self, name: str) -> tuple[Array, Array]:
        data = self.curves[name].data
        return data.xs, data.ys

    def select(self, pen: Pen | None) -> None:
        """Show this pen's scale and normal band, and draw it above the others."""
        for curve in self.curves.values():
            curve.item.setZValue(10 if curve.pen is pen else 0)
        self.axis.show_pen(pen)
        tag = pen.tag if pen is not None else None
        if pen is not None and tag is not None and None not in (tag.normal_low, tag.normal_high):
            assert tag.normal_low is not None and tag.normal_high is not None
            self.band.setRegion((pen.normalize(tag.normal_low), pen.normalize(tag.normal_high)))
            self.band.show()
        else:
            self.band.hide()

    def set_visible(self, name: str, visible: bool) -> None:
        self.curves[name].item.setVisible(visible)

    def redraw(self, name: str | None = None) -> None:
        """Redraw one pen (or all) after its scale changed."""
        for curve in self.curves.values() if name is None else [self.curves[name]]:
            self._draw(curve)

    # range ---------------------------------------------------------------------------------

    def x_range(self) -> tuple[float, float]:
        start, end = self.view.viewRange()[0]
        return float(start), float(end)

    def set_x_range(self, start: float, end: float) -> None:
        self.view.setXRange(start, end, padding=0.0)

    def pixels(self) -> int:
        """Width of the plotting area in pixels (what a decimated query asks for)."""
        return max(int(self.view.width()), 50)

    def _on_x_range(self, *_: object) -> None:
        for curve in self.curves.values():
            self._draw(curve)
        self.range_changed.emit(*self.x_range())

    def _draw(self, curve: _Curve) -> None:
        start, end = self.x_range()
        xs, ys = curve.data.view(start, end, self.pixels())
        xs, ys = steps(xs, ys, curve.hold_until)
        pen = curve.pen
        curve.item.setData(xs, (ys - pen.low) * (1.0 / (pen.high - pen.low)))

    # cursor --------------------------------------------------------------------------------

    def _on_cursor(self, *_: object) -> None:
        t = self.cursor_at
        self.cursor_label.setText(datetime.fromtimestamp(t).strftime(" %H:%M:%S "))
        self.cursor_moved.emit(t)

    @property
    def cursor_at(self) -> float:
        return float(self.cursor.value())

    def show_cursor(self, t: float | None = None) -> None:
        """Show the cursor at ``t`` (default: where it was, or the middle of the view)."""
        start, end = self.x_range()
        if t is None:
            t = self.cursor_at if self.cursor.isVisible() else (start + end) / 2
        self.cursor.show()
        self.cursor.setValue(t)
        self._on_cursor()

    def hide_cursor(self) -> None:
        self.cursor.hide()

    def value_at(self, name: str, t: float) -> float | None:
        """The pen's value held at ``t`` (NaN: Bad there; None: no data before)."""
        xs, ys = self.points(name)
        value = value_at(xs, ys, t)
        curve = self.curves[name]
        if value is not None and t > xs[-1] and (curve.hold_until or -np.inf) < t:
            return None  # after the data ends
        return value
