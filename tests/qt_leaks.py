"""Finding the top-level windows a test leaves behind.

A window a test opens and forgets goes on receiving timers and tag updates in every later
test, and a console that leaks windows in a test leaks them in the control room too. Only Qt
tests can leak, and Qt is imported here only once a test has imported it, so engine tests pay
nothing.

Qt and pyqtgraph keep hidden helpers of their own (a plot's context menu, the tooltip label):
popups and tooltips count only while visible. Any other top-level widget the test created
counts while it is visible or not yet deleted, after pending deletions and a garbage
collection.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

SEEN = "_top_level_before_test"  # a dynamic property marking the windows that existed before


def _application() -> Any | None:
    """The QApplication if a test has made one (never importing Qt for an engine test)."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    return widgets.QApplication.instance() if widgets else None


def mark_existing_windows() -> None:
    """Remember the top-level widgets that exist before a test: they are not its own."""
    app = _application()
    if app is not None:
        for window in app.topLevelWidgets():
            window.setProperty(SEEN, True)


def leaked_windows() -> list[str]:
    """A description of each top-level widget the test created and left open or alive."""
    app = _application()
    if app is None:
        return []
    left = _left_open(app)
    for _ in range(3):  # deleting a window can schedule the deletion of its helpers
        if not left:
            break
        gc.collect()  # Python-owned widgets held only by reference cycles
        left = _left_open(app)
    return [_describe(window) for window in left]


def _left_open(app: Any) -> list[Any]:
    """The new top-level widgets that count, after the deletions already asked for."""
    from PySide6.QtCore import QCoreApplication, QEvent

    if not any(not window.property(SEEN) for window in app.topLevelWidgets()):
        return []
    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [w for w in app.topLevelWidgets() if not w.property(SEEN) and _counts(w)]


def _counts(window: Any) -> bool:
    """A visible window always counts; a hidden popup or tooltip is a toolkit helper."""
    from PySide6.QtCore import Qt

    if window.isVisible():
        return True
    helper_types = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
    return window.windowType() not in helper_types


def _describe(window: Any) -> str:
    title = window.windowTitle() or window.objectName()
    state = "visible" if window.isVisible() else "hidden, not deleted"
    return f"{type(window).__name__}({title!r}, {state})"
