"""Static equipment outlines for process mimics, painted by the canvas (no widget, no tag).

Flat, grey, no 3-D: the outline of a heat exchanger, turbine, compressor, generator,
cyclone, screen, magnetic separator, flotation bank, rectifier, vessel or pump, with
an optional label inside. Anything that changes with the process is a bound widget instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen, QPolygonF

from hmi.widgets.paint import CENTER, colors


def _poly(painter: QPainter, points: list[tuple[float, float]]) -> None:
    painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))


def _box(painter: QPainter, r: QRectF) -> None:
    painter.drawRect(r)


def _hx(painter: QPainter, r: QRectF) -> None:
    """Heat exchanger: a box with a zig-zag coil through it."""
    painter.drawRect(r)
    n = 6
    points = [QPointF(r.left(), r.center().y())]
    for i in range(n):
        x = r.left() + (i + 0.5) * r.width() / n
        y = r.top() + r.height() * (0.22 if i % 2 == 0 else 0.78)
        points.append(QPointF(x, y))
    points.append(QPointF(r.right(), r.center().y()))
    painter.drawPolyline(QPolygonF(points))


def _turbine(painter: QPainter, r: QRectF) -> None:
    """Turbine: narrow inlet on the left widening to the right."""
    _poly(
        painter,
        [
            (r.left(), r.top() + r.height() * 0.3),
            (r.right(), r.top()),
            (r.right(), r.bottom()),
            (r.left(), r.top() + r.height() * 0.7),
        ],
    )


def _compressor(painter: QPainter, r: QRectF) -> None:
    """Compressor: wide inlet on the left narrowing to the right."""
    _poly(
        painter,
        [
            (r.left(), r.top()),
            (r.right(), r.top() + r.height() * 0.3),
            (r.right(), r.top() + r.height() * 0.7),
            (r.left(), r.bottom()),
        ],
    )


def _compressor_rtl(painter: QPainter, r: QRectF) -> None:
    """Compressor for flow from right to left."""
    _poly(
        painter,
        [
            (r.right(), r.top()),
            (r.left(), r.top() + r.height() * 0.3),
            (r.left(), r.top() + r.height() * 0.7),
            (r.right(), r.bottom()),
        ],
    )


def _generator(painter: QPainter, r: QRectF) -> None:
    d = min(r.width(), r.height())
    painter.drawEllipse(QRectF(r.center().x() - d / 2, r.center().y() - d / 2, d, d))


def _cyclone(painter: QPainter, r: QRectF) -> None:
    """Cyclone: a short cylinder over a long cone."""
    cyl = r.height() * 0.28
    _poly(
        painter,
        [
            (r.left(), r.top()),
            (r.right(), r.top()),
            (r.right(), r.top() + cyl),
            (r.center().x() + r.width() * 0.1, r.bottom()),
            (r.center().x() - r.width() * 0.1, r.bottom()),
            (r.left(), r.top() + cyl),
        ],
    )


def _screen(painter: QPainter, r: QRectF) -> None:
    """Vibrating screen: an inclined deck."""
    _poly(
        painter,
        [
            (r.left(), r.top()),
            (r.right(), r.top() + r.height() * 0.55),
            (r.right(), r.bottom()),
            (r.left(), r.top() + r.height() * 0.45),
        ],
    )


def _drum(painter: QPainter, r: QRectF) -> None:
    """Magnetic separator: a drum in a tank."""
    painter.drawRect(QRectF(r.left(), r.center().y(), r.width(), r.height() / 2))
    d = min(r.width() * 0.6, r.height() * 0.8)
    painter.drawEllipse(QRectF(r.center().x() - d / 2, r.top(), d, d))


def _flotation(painter: QPainter, r: QRectF) -> None:
    """Flotation bank: three cells side by side."""
    w = r.width() / 3
    for i in range(3):
        painter.drawRect(QRectF(r.left() + i * w, r.top(), w, r.height()))


def _rectifier(painter: QPainter, r: QRectF) -> None:
    """Rectifier: a box with the diode mark."""
    painter.drawRect(r)
    cx, cy, s = r.center().x(), r.center().y(), min(r.width(), r.height()) * 0.25
    _poly(painter, [(cx - s, cy - s), (cx - s, cy + s), (cx + s, cy)])
    painter.drawLine(QPointF(cx + s, cy - s), QPointF(cx + s, cy + s))


def _pump(painter: QPainter, r: QRectF) -> None:
    """An unmonitored pump: circle and flow triangle, hollow."""
    d = min(r.width(), r.height())
    c = QRectF(r.center().x() - d / 2, r.center().y() - d / 2, d, d)
    painter.drawEllipse(c)
    x, y, k = c.center().x(), c.center().y(), d / 2
    _poly(painter, [(x + k * 0.62, y), (x - k * 0.42, y - k * 0.55), (x - k * 0.42, y + k * 0.55)])


def _vessel(painter: QPainter, r: QRectF) -> None:
    path = QPainterPath()
    path.addRoundedRect(r, r.width() * 0.15, r.width() * 0.15)
    painter.drawPath(path)


SHAPES: dict[str, Callable[[QPainter, QRectF], None]] = {
    "box": _box,
    "hx": _hx,
    "turbine": _turbine,
    "compressor": _compressor,
    "compressor_rtl": _compressor_rtl,
    "generator": _generator,
    "cyclone": _cyclone,
    "screen": _screen,
    "magsep": _drum,
    "flotation": _flotation,
    "rectifier": _rectifier,
    "vessel": _vessel,
    "pump": _pump,
}


def paint_symbol(painter: QPainter, rect: QRectF, shape: str, label: str = "") -> None:
    c = colors()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(c["equipment_on"], 1.5))
    painter.setBrush(QBrush(c["equipment_off"]))
    SHAPES[shape](painter, rect)
    if label:
        painter.setPen(c["text"])
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawText(rect, CENTER, label)
    painter.restore()
