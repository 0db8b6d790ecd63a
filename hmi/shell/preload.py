"""Libraries the first screen does not need, loaded once the console is up.

Plotting (pyqtgraph with numpy's extras, ~0.3 s) is needed by trends, faceplates and the energy
charts, not by the first screen: it is imported a few seconds after start-up, on the GUI
thread (Qt classes must be made there), when the operator is not waiting for anything. A trend
or faceplate opened before that loads it itself.
"""

from __future__ import annotations

import importlib

PRELOAD_AFTER_MS = 3000
MODULES = ("pyqtgraph", "hmi.trends.trend_view", "hmi.faceplate.faceplate")


def preload_plotting() -> None:
    for name in MODULES:
        importlib.import_module(name)
