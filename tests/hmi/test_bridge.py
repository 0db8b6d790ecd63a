"""TagBridge: newest sample per tag, flushed on a timer; watches end with their widgets."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from hmi.bridge import TagBridge
from tags.address import parse_address
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.model import Quality, TagDef, TagSample
from tests.waiting import GENEROUS_MS


def make_db(clock: ManualClock, count: int = 3) -> TagDatabase:
    tags = {}
    for i in range(count):
        name = f"TST.T.V{i}"
        tags[name] = TagDef(
            name=name,
            source=f"sim://memory/{name}",
            address=parse_address(f"sim://memory/{name}"),
            area="TST",
        )
    return TagDatabase(tags, clock)


def sample(value: float, clock: ManualClock) -> TagSample:
    return TagSample(value, Quality.GOOD, clock.now(), clock.now())


def test_a_watch_gets_the_current_sample_at_once_and_only_the_newest_per_flush(
    qtbot: QtBot,
) -> None:
    clock = ManualClock()
    db = make_db(clock)
    bridge = TagBridge(db, rate_hz=10)
    seen: list[tuple[str, object]] = []
    bridge.watch("TST.T.V0", lambda name, s: seen.append((name, s.value)))
    assert seen == [("TST.T.V0", None)]
    for value in (1.0, 2.0, 3.0):
        db.publish({"TST.T.V0": sample(value, clock)})
    bridge.flush()
    assert seen == [("TST.T.V0", None), ("TST.T.V0", 3.0)]
    bridge.flush()  # nothing new: nobody is called
    assert len(seen) == 2
    bridge.close()


def test_changes_reach_widgets_on_the_timer_without_an_explicit_flush(qtbot: QtBot) -> None:
    clock = ManualClock()
    db = make_db(clock)
    bridge = TagBridge(db, rate_hz=10)
    label = QLabel()
    qtbot.addWidget(label)
    bridge.watch("TST.T.V1", lambda _, s: label.setText(str(s.value)), owner=label)
    db.publish({"TST.T.V1": sample(42.0, clock)})
    qtbot.waitUntil(lambda: label.text() == "42.0", timeout=GENEROUS_MS)
    bridge.close()


def test_watch_all_gets_one_batch_of_all_changes(qtbot: QtBot) -> None:
    clock = ManualClock()
    db = make_db(clock, count=100)
    bridge = TagBridge(db)
    batches: list[int] = []
    bridge.watch_all(lambda changes: batches.append(len(changes)))
    for i in range(100):
        db.publish({f"TST.T.V{i}": sample(i, clock)})
    bridge.flush()
    assert batches == [100]
    bridge.close()


def test_a_watch_ends_when_its_widget_is_destroyed(qtbot: QtBot) -> None:
    clock = ManualClock()
    db = make_db(clock)
    bridge = TagBridge(db)
    label = QLabel()
    bridge.watch("TST.T.V2", lambda _, s: None, owner=label)
    bridge.watch_all(lambda changes: None, owner=label)
    assert bridge.watch_count() == 2
    label.deleteLater()
    qtbot.waitUntil(lambda: bridge.watch_count() == 0, timeout=GENEROUS_MS)
    bridge.close()


def test_watching_an_unknown_tag_is_an_error_the_widget_can_show(qtbot: QtBot) -> None:
    bridge = TagBridge(make_db(ManualClock()))
    with pytest.raises(KeyError, match=r"unknown tag 'TST\.NOPE'"):
        bridge.watch("TST.NOPE", lambda _, s: None)
    assert bridge.tag("TST.NOPE") is None
    bridge.close()


def test_bridge_rate_is_bounded(qtbot: QtBot) -> None:
    with pytest.raises(ValueError, match=r"outside 1\.\.20 Hz"):
        TagBridge(make_db(ManualClock()), rate_hz=100)


def test_a_widget_closed_before_the_flush_it_asked_a_repaint_of_is_left_out(
    qtbot: QtBot,
) -> None:
    """A faceplate shut before the next flush: its readouts asked for a repaint when they
    were built; the flush skips them and goes on repainting the rest, then and later."""
    clock = ManualClock()
    db = make_db(clock)
    bridge = TagBridge(db, rate_hz=10)
    gone, kept = QLabel(), QLabel()
    qtbot.addWidget(kept)
    bridge.repaint_later(gone)
    bridge.repaint_later(kept)
    shiboken6.delete(gone)
    db.publish({"TST.T.V0": sample(1.0, clock)})
    bridge.flush()
    bridge.repaint_later(kept)
    db.publish({"TST.T.V0": sample(2.0, clock)})
    bridge.flush()
    assert bridge.flushes == 2 and bridge._dirty == []
    bridge.close()
