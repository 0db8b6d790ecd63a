"""The console collects garbage on the GUI thread only, and hands collection back after."""

from __future__ import annotations

import gc

from pytestqt.qtbot import QtBot

from hmi.shell.gui_gc import GuiThreadCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collection_runs_only_from_the_timer_and_is_handed_back(qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        for _ in range(gc.get_threshold()[0] + 10):
            Cycle()
        assert collector.collect() > 0  # the cycles are found on this (the GUI) thread
    finally:
        collector.stop()
    assert gc.isenabled() == was_enabled
