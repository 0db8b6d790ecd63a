"""How long the operator waits for a display: first open and switching, with real painting.

The demo project runs on the plant simulator at steady state (no drivers, values published
directly, as in the screen tests). Screens are hosted in a 1920x1080 stacked widget like the
shell's. screen_open_ms: build the screen (widgets, watches, first values), make it current
and let Qt lay out and paint it (processEvents; paint events are counted to prove it).
Plotting is loaded first, as the console does a few seconds after start-up (hmi.shell.preload).
screen_switch_ms: make an already-built screen current again and paint it, in three rounds
through all screens while values keep changing; the maximum is reported.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

from _common import emit
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from hmi.shell.preload import preload_plotting
from hmi.shell.theme import apply_theme
from screens import all_screens
from tests.screens.demo_plant import DemoPlant, load_demo

SIZE = (1920, 1080)
ROUNDS = 3


class PaintCounter(QObject):
    """Counts paint events anywhere in the application."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def show(app: QApplication, stack: QStackedWidget, page: QWidget) -> None:
    stack.setCurrentWidget(page)
    app.processEvents()


def main() -> None:
    app = QApplication([])
    apply_theme(app)
    counter = PaintCounter()
    app.installEventFilter(counter)
    with tempfile.TemporaryDirectory() as tmp:
        plant = DemoPlant(load_demo(), Path(tmp), analytics=True)
        plant.run(60, step=5)
        preload_plotting()  # as the console does a few seconds after start-up
        stack = QStackedWidget()
        stack.resize(*SIZE)
        stack.show()
        app.processEvents()
        pages: dict[str, QWidget] = {}
        open_ms: dict[str, float] = {}
        paints: dict[str, int] = {}
        for spec in all_screens():
            before = counter.paints
            started = time.perf_counter()
            try:
                page = spec.build(plant.context())
            except Exception as exc:  # a screen another engineer is still writing
                print(f"screen {spec.key} did not build: {exc!r}", file=sys.stderr)
                continue
            stack.addWidget(page)
            show(app, stack, page)
            open_ms[spec.key] = (time.perf_counter() - started) * 1000
            paints[spec.key] = counter.paints - before
            pages[spec.key] = page
        switch_ms: dict[str, float] = dict.fromkeys(pages, 0.0)
        for _ in range(ROUNDS):
            for key, page in pages.items():
                plant.run(1, step=1)  # values change between switches, as they do live
                started = time.perf_counter()
                show(app, stack, page)
                switch_ms[key] = max(switch_ms[key], (time.perf_counter() - started) * 1000)
        slowest_open = max(open_ms, key=open_ms.__getitem__)
        slowest_switch = max(switch_ms, key=switch_ms.__getitem__)
        emit(
            "screen_open_ms_max",
            open_ms[slowest_open],
            "ms",
            screen=slowest_open,
            paint_events=paints[slowest_open],
            per_screen={k: round(v, 1) for k, v in open_ms.items()},
        )
        emit(
            "screen_switch_ms_max",
            switch_ms[slowest_switch],
            "ms",
            screen=slowest_switch,
            per_screen={k: round(v, 1) for k, v in switch_ms.items()},
        )
        stack.close()
        stack.deleteLater()
        app.processEvents()
        plant.close()


if __name__ == "__main__":
    main()
