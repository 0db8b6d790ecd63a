"""A faceplate shows its tag's predictive warning as one line, live, and drops it when the
warning clears; a controller's faceplate shows the warning of its PV."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.faceplate.faceplate import Faceplate
from tests.hmi.analytics.analytics_bench import analytics_console

PV = "SCO2.COMP.IN_T.PV"


def inlet(n: int) -> dict[str, float]:
    """Compressor inlet 34.0 °C rising 0.5 K a minute (a sample every 10 s): 36 °C at 4 min."""
    return {PV: 34.0 + (n + 1) * 10.0 / 120.0}


@pytest.mark.slow
def test_a_controllers_faceplate_shows_its_pvs_warning_until_it_clears(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        bench.run(60.0, {PV: 34.0})
        controller = bench.window.open_faceplate("SCO2.COMP.IN_T.SP")
        other = bench.window.open_faceplate("CWP.CLEAN.ASH")
        assert isinstance(controller, Faceplate) and isinstance(other, Faceplate)
        line, quiet = controller.warning_line, other.warning_line
        assert line is not None and quiet is not None
        assert controller.controller["PV"] == PV
        assert line.isHidden() and line.text() == ""

        bench.run(120.0, inlet)  # 35.0 °C after two minutes: two minutes to the HI limit
        bench.wait(lambda: not line.isHidden())
        assert line.text().startswith(f"Predicted: {PV} reaches 36 °C in about 2 min (HI limit;")
        assert quiet.isHidden()  # the other tag has no warning
        assert bench.runtime.alarms.active() == []

        bench.run(60.0, lambda n: inlet(n + 12))  # a minute on, 35.5 °C: the line counts down
        bench.wait(lambda: f"{PV} reaches 36 °C in about 1 min" in line.text())

        # the precooler catches it: back down 0.1 K every 10 s, and the warning goes by itself
        bench.run(300.0, lambda n: {PV: max(35.5 - 0.1 * (n + 1), 34.0)})
        bench.wait(line.isHidden)
        assert line.text() == ""
