"""The one builder of declarative screens: a Layout (hmi.canvas.elements) becomes a Canvas.

The canvas makes one widget per bound element (the factory of its kind in ``FACTORIES``)
and paints the static ones itself (panels, text, equipment outlines, unbound pipes). On
every resize it fits the virtual canvas into the window: one scale for text (the smaller
of width and height ratio), positions scaled per axis up to ``MAX_STRETCH`` beyond it (so a
screen fills a wide window under a tall header without bending text), centred; each child
is placed at its scaled rectangle and given the font size, so a screen reads the same at
1600x900 and at 1920x1080 and no screen has layout code of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QFrame, QWidget

from hmi.canvas.elements import STATIC_KINDS, Element, Layout
from hmi.i18n.retranslate import is_language_change
from hmi.shell.screen import ScreenContext, ScreenSpec
from hmi.trends.sparkline_history import SparklineHistory
from hmi.widgets.alarm_counts import AlarmCounts
from hmi.widgets.analog import AnalogIndicator
from hmi.widgets.base import BoundWidget
from hmi.widgets.cell_map import CellMap
from hmi.widgets.context import DisplayContext
from hmi.widgets.controller import ControllerBlock
from hmi.widgets.critical_point import CriticalPointChart
from hmi.widgets.kpi_tile import KpiTile
from hmi.widgets.link import ScreenLink
from hmi.widgets.paint import CENTER, LEFT, RIGHT, colors, font
from hmi.widgets.pipe import Flow, Pipe, paint_pipe
from hmi.widgets.pump import Pump
from hmi.widgets.shapes import SHAPES, paint_symbol
from hmi.widgets.sparkline import Sparkline
from hmi.widgets.tank import Tank
from hmi.widgets.value_readout import ValueReadout
from hmi.widgets.valve import Valve
from tags.i18n.catalogue import text
from tags.i18n.descriptions import in_language

BASE_FONT_PX = 13.0
"""Font size on the virtual canvas; scaled with it."""
MAX_STRETCH = 1.25
"""How much more one axis may scale than the other, to fill a window of another shape."""
HIGHLIGHT_MS = 4000
"""How long the frame of an alarm's "go to display" stays."""
SECONDARY = frozenset({"pipe", "sparkline"})
"""Kinds that only repeat a tag shown elsewhere: they draw its alarm marker only when no
other widget of the display shows the tag (an alarm is annunciated once per display)."""


Factory = Callable[[DisplayContext, Element], QWidget]


@runtime_checkable
class Scalable(Protocol):
    """A widget that paints its text at a pixel size the canvas gives it."""

    def set_pixel_size(self, px: int) -> None: ...


def shown_text(e: Element, key: str = "label") -> str:
    """An element's text (``label``, ``title``, ``text``...) in the current language. The
    canvas's own texts (an element with a ``context``) are translated in that context and
    filled with its ``values``; a project's are, in Chinese, the screen file's ``<key>_zh``
    where it gives one, else the text as the screens mark it for translation ("Screen")."""
    content = str(e.option(key, ""))
    context = str(e.option("context", ""))
    if context:
        values = dict(e.option("values", ()))
        return QCoreApplication.translate(context, content).format(**values)
    return localized(content, str(e.option(f"{key}_zh", "")))


def localized(words: str, chinese: str = "") -> str:
    """``chinese`` in Chinese where given, else ``words`` translated in context "Screen"."""
    return in_language(QCoreApplication.translate("Screen", words) if words else "", chinese)


def _label(e: Element) -> str:
    return shown_text(e, "label")


def _value(ctx: DisplayContext, e: Element) -> QWidget:
    return ValueReadout(ctx, e.tags["pv"], label=_label(e))


def _analog(ctx: DisplayContext, e: Element) -> QWidget:
    return AnalogIndicator(
        ctx, e.tags["pv"], setpoint=e.tags.get("sp"), label=_label(e), span=e.option("span")
    )


def _pump(ctx: DisplayContext, e: Element) -> QWidget:
    t = e.tags
    return Pump(
        ctx,
        t["run"],
        cmd=t.get("cmd"),
        trip=t.get("trip"),
        mode=t.get("mode"),
        label=_label(e),
        facing=str(e.option("facing", "right")),
    )


def _valve(ctx: DisplayContext, e: Element) -> QWidget:
    return Valve(
        ctx,
        e.tags["pos"],
        mode=e.tags.get("mode"),
        label=_label(e),
        vertical=bool(e.option("vertical", False)),
    )


def _tank(ctx: DisplayContext, e: Element) -> QWidget:
    return Tank(
        ctx,
        e.tags["pv"],
        setpoint=e.tags.get("sp"),
        label=_label(e),
        cone=bool(e.option("cone", False)),
    )


def _pipe(ctx: DisplayContext, e: Element) -> QWidget:
    return Pipe(
        ctx,
        e.option("points"),
        (e.w, e.h),
        flow=e.tags.get("flow"),
        threshold=float(e.option("threshold", 0.0)),
        arrows=bool(e.option("arrows", True)),
        width=float(e.option("width", 3.0)),
    )


def _controller(ctx: DisplayContext, e: Element) -> QWidget:
    t = e.tags
    return ControllerBlock(
        ctx, pv=t["pv"], sp=t.get("sp"), op=t.get("op"), mode=t.get("mode"), label=_label(e)
    )


def _sparkline(ctx: DisplayContext, e: Element) -> QWidget:
    return Sparkline(ctx, e.tags["pv"], minutes=float(e.option("minutes", 10.0)))


def _cell_map(ctx: DisplayContext, e: Element) -> QWidget:
    rows = [
        (localized(str(label)), [e.tags[f"{r}/{c}"] for c in range(count)])
        for r, (label, count) in enumerate(e.option("rows", ()))
    ]
    return CellMap(ctx, rows, title=shown_text(e, "title"))


def _kpi(ctx: DisplayContext, e: Element) -> QWidget:
    return KpiTile(
        ctx,
        e.tags["pv"],
        label=_label(e),
        target=e.option("target"),
        limit=str(e.option("limit", "")),
        reference=e.option("reference"),
        reference_label=shown_text(e, "reference_label"),
        unit=e.option("unit"),
    )


def _alarm_counts(ctx: DisplayContext, e: Element) -> QWidget:
    area = str(e.option("area"))
    names = [t.name for t in ctx.bridge.db.tags.values() if t.area == area]
    screen = str(e.option("screen", ""))
    return AlarmCounts(ctx, names, screen=screen, title=lambda: _label(e) or screen)


def _link(ctx: DisplayContext, e: Element) -> QWidget:
    return ScreenLink(ctx, _label(e), str(e.option("screen")))


def _critical_point(ctx: DisplayContext, e: Element) -> QWidget:
    return CriticalPointChart(ctx, temperature=e.tags["t"], pressure=e.tags["p"])


FACTORIES: dict[str, Factory] = {
    "value": _value,
    "analog": _analog,
    "pump": _pump,
    "valve": _valve,
    "tank": _tank,
    "pipe": _pipe,
    "controller": _controller,
    "sparkline": _sparkline,
    "cell_map": _cell_map,
    "kpi": _kpi,
    "alarm_counts": _alarm_counts,
    "link": _link,
    "critical_point": _critical_point,
}


def is_static(e: Element) -> bool:
    """Painted by the canvas: decoration and pipes without a flow tag."""
    return e.kind in STATIC_KINDS or (e.kind == "pipe" and not e.tags)


def check(layout: Layout) -> list[str]:
    """Problems of a layout that need no tags to find (unknown kinds and shapes)."""
    problems = []
    for e in layout.elements:
        at = {"x": f"{e.x:g}", "y": f"{e.y:g}"}
        if not is_static(e) and e.kind not in FACTORIES:
            problems.append(text("screen.unknown_kind", kind=e.kind, **at))
        if e.kind == "symbol" and e.option("shape") not in SHAPES:
            problems.append(text("screen.unknown_shape", shape=e.option("shape"), **at))
        if e.x < 0 or e.y < 0 or e.x + e.w > layout.width + 1 or e.y + e.h > layout.height + 1:
            problems.append(text("screen.outside", kind=e.kind, **at))
    return problems


class Canvas(QWidget):
    """A built screen: widgets at scaled positions over a statically painted background."""

    def __init__(self, ctx: DisplayContext, layout: Layout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        problems = check(layout)
        if problems:
            raise ValueError("; ".join(problems))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.layout_ = layout
        self.static = [e for e in layout.elements if is_static(e)]
        self.placed: list[tuple[Element, QWidget]] = []
        primary = {t for e in layout.elements if e.kind not in SECONDARY for t in e.tags.values()}
        for e in layout.elements:
            if not is_static(e):
                widget = FACTORIES[e.kind](ctx, e)
                widget.setParent(self)
                if e.kind in SECONDARY and isinstance(widget, BoundWidget):
                    widget.show_alarm = not set(e.tags.values()) <= primary
                self.placed.append((e, widget))
        self.scale = 1.0
        """Text scale: virtual canvas units to pixels (positions may stretch a little more)."""
        self._map = _Map(1.0, 1.0, 1.0, layout)
        self.history: SparklineHistory | None = None
        """Fills the sparklines from history (screens built on a running console)."""
        sparklines = [w for _, w in self.placed if isinstance(w, Sparkline)]
        source = ctx.history
        if source is not None and sparklines:
            history = self.history = SparklineHistory(
                sparklines, source, ctx.bridge.db.clock, owner=self
            )
            self.destroyed.connect(lambda *_: history.cancel())

    def widgets(self) -> list[QWidget]:
        return [w for _, w in self.placed]

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """The widgets' labels in the current language (painted texts follow by themselves)."""
        for e, widget in self.placed:
            if isinstance(widget, ScreenLink):
                widget.setText(f"{_label(e)}  ▸")
            elif hasattr(widget, "label"):
                widget.label = _label(e)
            if isinstance(widget, CellMap):
                widget.title = shown_text(e, "title")
                widget.row_labels = [localized(str(label)) for label, _ in e.option("rows", ())]
            if isinstance(widget, KpiTile):
                widget.reference_label = shown_text(e, "reference_label")
            widget.update()
        self.update()  # the canvas's own texts, painted again translated

    def highlight(self, tag: str, duration_ms: int = HIGHLIGHT_MS) -> QWidget | None:
        """Point at what shows ``tag`` (an alarm's "go to display"): a frame around its main
        widget, or around its cell in a cell map, for a few seconds. None if not shown."""
        showing = [(e, w) for e, w in self.placed if tag in e.tags.values()]
        if not showing:
            return None
        _, widget = min(showing, key=lambda ew: ew[0].kind in SECONDARY)
        rect = QRectF(widget.geometry())
        if isinstance(widget, CellMap):
            cell = widget.cell_rect(tag)
            if cell is not None:
                rect = cell.translated(QPointF(widget.geometry().topLeft()))
        for old in self.findChildren(QFrame, "alarmHighlight"):
            old.deleteLater()
        frame = QFrame(self)
        frame.setObjectName("alarmHighlight")
        frame.setToolTip(tag)
        frame.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        frame.setGeometry(rect.toAlignedRect().adjusted(-4, -4, 4, 4))
        frame.show()
        frame.raise_()
        QTimer.singleShot(duration_ms, frame, frame.deleteLater)
        return frame

    def resizeEvent(self, event: QResizeEvent) -> None:
        lay = self.layout_
        sx, sy = self.width() / lay.width, self.height() / lay.height
        s = min(sx, sy)
        self.scale = s
        self._map = _Map(s, min(sx, s * MAX_STRETCH), min(sy, s * MAX_STRETCH), lay)
        self._map.centre(self.width(), self.height())
        px = round(BASE_FONT_PX * s)
        for e, widget in self.placed:
            if isinstance(widget, Scalable):
                widget.set_pixel_size(px)
            widget.setGeometry(self._map.rect(e.x, e.y, e.w, e.h).toRect())
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), colors()["background"])
        for e in self.static:
            _PAINTERS[e.kind](painter, e, self._map)
        painter.end()


class _Map:
    """Virtual canvas -> pixels: one scale for text, and per axis (within MAX_STRETCH of
    it) for positions, so a screen fills a window of another shape without bending text."""

    def __init__(self, s: float, sx: float, sy: float, layout: Layout) -> None:
        self.s, self.sx, self.sy = s, sx, sy
        self.w, self.h = layout.width, layout.height
        self.ox = self.oy = 0.0
        self.px = round(BASE_FONT_PX * s)

    def centre(self, width: float, height: float) -> None:
        self.ox = (width - self.w * self.sx) / 2
        self.oy = (height - self.h * self.sy) / 2

    def point(self, x: float, y: float) -> QPointF:
        return QPointF(self.ox + x * self.sx, self.oy + y * self.sy)

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        x0, y0 = round(self.ox + x * self.sx), round(self.oy + y * self.sy)
        x1, y1 = round(self.ox + (x + w) * self.sx), round(self.oy + (y + h) * self.sy)
        return QRectF(x0, y0, x1 - x0, y1 - y0)


def _paint_panel(painter: QPainter, e: Element, m: _Map) -> None:
    c = colors()
    rect = m.rect(e.x, e.y, e.w, e.h)
    painter.setPen(QPen(c["border"], 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    title = shown_text(e, "title")
    if title:
        painter.setFont(font(m.px, True))
        painter.setPen(c["text"])
        painter.drawText(m.rect(e.x + 8, e.y + 2, e.w - 16, BASE_FONT_PX * 1.6), LEFT, title)


def _paint_text(painter: QPainter, e: Element, m: _Map) -> None:
    c = colors()
    painter.setFont(font(m.px, bool(e.option("bold")), float(e.option("size", 1))))
    painter.setPen(c["text_dim"] if e.option("dim") else c["text"])
    align = {"left": LEFT, "center": CENTER, "right": RIGHT}[str(e.option("align", "left"))]
    painter.drawText(m.rect(e.x, e.y, e.w, e.h), align, shown_text(e, "text"))


def _paint_symbol(painter: QPainter, e: Element, m: _Map) -> None:
    painter.setFont(font(m.px))
    paint_symbol(painter, m.rect(e.x, e.y, e.w, e.h), str(e.option("shape")), _label(e))


def _paint_static_pipe(painter: QPainter, e: Element, m: _Map) -> None:
    points = [m.point(e.x + x, e.y + y) for x, y in e.option("points")]
    width = float(e.option("width", 3.0)) * m.s
    paint_pipe(painter, points, max(1.5, width), Flow.FLOWING, e.option("arrows"))


_PAINTERS: dict[str, Callable[[QPainter, Element, _Map], None]] = {
    "panel": _paint_panel,
    "text": _paint_text,
    "symbol": _paint_symbol,
    "pipe": _paint_static_pipe,
}


class CanvasScreen:
    """A screen builder for ScreenSpec.build that keeps its layout for tests and lookups."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def __call__(self, ctx: ScreenContext) -> QWidget:
        return Canvas(ctx, self.layout)


def canvas_screen(
    key: str,
    title: str,
    level: int,
    layout: Layout,
    *,
    area: str = "",
    shortcut: str = "",
    title_zh: str = "",
) -> ScreenSpec:
    """A ScreenSpec whose widgets come from a declarative layout."""
    return ScreenSpec(key, title, level, CanvasScreen(layout), area=area, shortcut=shortcut,
                      title_zh=title_zh)  # fmt: skip


def layout_of(spec: ScreenSpec) -> Layout | None:
    """The layout behind a declarative screen (None for a hand-built one)."""
    return spec.build.layout if isinstance(spec.build, CanvasScreen) else None
