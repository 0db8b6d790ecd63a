"""ValueReadout: shows value and quality, repaints when (and only when) the text changes."""

from __future__ import annotations

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QGridLayout, QWidget
from pytestqt.qtbot import QtBot

from hmi.bridge import REPAINT_GROUP, TagBridge
from hmi.quality_display import DisplayState
from hmi.widgets.context import StandaloneContext
from hmi.widgets.value_readout import ValueReadout
from tags.address import parse_address
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.model import Quality, TagDef, TagSample
from tests.waiting import GENEROUS_MS


class CountingReadout(ValueReadout):
    paints = 0

    def paintEvent(self, event: QPaintEvent) -> None:
        CountingReadout.paints += 1
        super().paintEvent(event)


def make_db(clock: ManualClock, count: int) -> TagDatabase:
    tags = {}
    for i in range(count):
        name = f"TST.R.V{i}"
        source = f"sim://memory/{name}"
        tags[name] = TagDef(
            name=name,
            source=source,
            address=parse_address(source),
            area="TST",
            unit="kPa",
            display_format=".1f",
            description="pressure",
        )
    return TagDatabase(tags, clock)


def publish_all(db: TagDatabase, clock: ManualClock, value: float, quality: Quality) -> None:
    now = clock.now()
    db.publish(
        {
            n: TagSample(
                value, quality, now, now, "" if quality is Quality.GOOD else "plc-x unit 1: timeout"
            )
            for n in db.tags
        }
    )


def test_readout_shows_value_with_unit_and_bad_quality_as_a_code(qtbot: QtBot) -> None:
    clock = ManualClock()
    db = make_db(clock, 1)
    bridge = TagBridge(db)
    readout = ValueReadout(StandaloneContext(bridge), "TST.R.V0")
    qtbot.addWidget(readout)
    assert readout.shown.text == "WAIT"
    publish_all(db, clock, 12.345, Quality.GOOD)
    bridge.flush()
    assert (readout.shown.text, readout.shown.state) == ("12.3 kPa", DisplayState.NORMAL)
    publish_all(db, clock, 12.345, Quality.BAD_TIMEOUT)
    bridge.flush()
    assert (readout.shown.text, readout.shown.state) == ("TIMEOUT", DisplayState.BAD)
    assert "plc-x unit 1: timeout" in readout.tooltip_text()
    assert readout.property("state") == "bad"
    bridge.close()


def test_readout_bound_to_an_unknown_tag_shows_a_configuration_marker(qtbot: QtBot) -> None:
    bridge = TagBridge(make_db(ManualClock(), 1))
    readout = ValueReadout(StandaloneContext(bridge), "TST.NOPE")
    qtbot.addWidget(readout)
    assert readout.shown.text == "CFG?"
    assert "unknown tag" in readout.tooltip_text()
    bridge.close()


def test_many_changed_readouts_are_all_repainted_and_unchanged_ones_are_not(
    qtbot: QtBot,
) -> None:
    clock = ManualClock()
    count = REPAINT_GROUP * 3
    db = make_db(clock, count)
    bridge = TagBridge(db)
    host = QWidget()
    grid = QGridLayout(host)
    context = StandaloneContext(bridge)
    readouts = [CountingReadout(context, f"TST.R.V{i}") for i in range(count)]
    for i, readout in enumerate(readouts):
        grid.addWidget(readout, i // 8, i % 8)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    publish_all(db, clock, 1.0, Quality.GOOD)
    bridge.flush()
    CountingReadout.paints = 0
    publish_all(db, clock, 2.0, Quality.GOOD)
    bridge.flush()
    qtbot.waitUntil(lambda: CountingReadout.paints >= count, timeout=GENEROUS_MS)
    assert all(r.shown.text == "2.0 kPa" for r in readouts)
    CountingReadout.paints = 0
    publish_all(db, clock, 2.0, Quality.GOOD)  # same text: nothing to repaint
    bridge.flush()
    qtbot.wait(100)
    assert CountingReadout.paints == 0
    bridge.close()
