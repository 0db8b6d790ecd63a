"""From an alarm to its display: open the screen that shows the tag and point at the object.

The shell is given ``screen_for_tag(tag) -> screen key | None`` (the screens package knows
which display shows which tag). Without one, or for a tag no screen shows, the tag's
faceplate opens instead. On the screen the object is pointed at by a frame that stays a few
seconds: a page may do it itself (``highlight(tag)``); otherwise the bound widget whose
tags include the alarm's tag is framed.
"""

from __future__ import annotations

from collections.abc import Callable, Container

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QWidget

ScreenForTag = Callable[[str], str | None]
HIGHLIGHT_MS = 4000


def shows_tag(widget: QWidget, tag: str) -> bool:
    """True for a bound widget (``main_tag`` / ``points``) that shows ``tag``."""
    if getattr(widget, "main_tag", None) == tag:
        return True
    points = getattr(widget, "points", None)
    if isinstance(points, dict):
        return any(getattr(p, "name", None) == tag for p in points.values())
    return False


def find_widget(page: QWidget, tag: str) -> QWidget | None:
    for child in page.findChildren(QWidget):
        if shows_tag(child, tag) and child.isVisibleTo(page):
            return child
    return None


def highlight(page: QWidget, tag: str, duration_ms: int = HIGHLIGHT_MS) -> QWidget | None:
    """Frame the widget that shows ``tag`` on ``page``; returns the frame (None if none)."""
    custom = getattr(page, "highlight", None)
    if callable(custom):
        custom(tag)
        return None
    target = find_widget(page, tag)
    if target is None:
        return None
    for old in page.findChildren(QFrame, "alarmHighlight"):
        old.deleteLater()
    frame = QFrame(target.parentWidget() or page)
    frame.setObjectName("alarmHighlight")
    frame.setToolTip(tag)
    margin = 4
    frame.setGeometry(target.geometry().adjusted(-margin, -margin, margin, margin))
    frame.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    frame.show()
    frame.raise_()
    QTimer.singleShot(duration_ms, frame, frame.deleteLater)
    return frame


class AlarmNavigator:
    """Go to the display of an alarm's tag, or to its faceplate when no display shows it."""

    def __init__(
        self,
        open_screen: Callable[[str], QWidget],
        open_faceplate: Callable[[str], object],
        screens: Container[str],
        screen_for_tag: ScreenForTag | None = None,
    ) -> None:
        self._open_screen = open_screen
        self._open_faceplate = open_faceplate
        self._screens = screens
        self.screen_for_tag = screen_for_tag

    def __call__(self, tag: str) -> str:
        """Returns the screen key opened, or "" when the faceplate opened instead."""
        key = self.screen_for_tag(tag) if self.screen_for_tag is not None else None
        if key is None or key not in self._screens:
            self._open_faceplate(tag)
            return ""
        page = self._open_screen(key)
        highlight(page, tag)
        return key
