"""Engine subscriptions owned by Qt objects: closed when the owner is destroyed or closes."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hmi.subscriptions import Coalesced, close_with, held_count
from tags.alarms.engine import AlarmEngine
from tags.analytics.config import PredictionSettings
from tags.analytics.prediction import TrendPredictor
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.subscription import Listeners, Subscription
from tests.hmi.test_bridge import make_db

log = logging.getLogger(__name__)


class Engines:
    """A tag database, an alarm engine and an analytics engine on the same tags."""

    def __init__(self) -> None:
        clock = ManualClock()
        self.db: TagDatabase = make_db(clock)
        self.alarms = AlarmEngine(self.db.tags, clock)
        self.predictor = TrendPredictor(self.db.tags, PredictionSettings(), clock)

    def subscribe(self) -> list[Subscription]:
        return [
            self.db.subscribe(lambda _batch: None),
            self.alarms.subscribe(lambda _views: None),
            self.predictor.subscribe(lambda _warnings: None),
        ]

    def listening(self) -> list[int]:
        """Open subscriptions at the database, the alarm engine and the predictor."""
        return [
            self.db.subscriber_count(),
            len(self.alarms._listeners),
            len(self.predictor._listeners),
        ]


class Stubborn(QWidget):
    """A window that refuses to close (a dialog with unsaved changes, say)."""

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


def test_closing_a_widget_ends_its_engine_subscriptions(qtbot: QtBot) -> None:
    engines = Engines()
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    subscriptions = engines.subscribe()
    close_with(widget, *subscriptions)
    assert engines.listening() == [1, 1, 1] and held_count(widget) == 3
    widget.close()
    qtbot.waitUntil(lambda: engines.listening() == [0, 0, 0], timeout=1000)
    assert not any(s.active for s in subscriptions) and held_count(widget) == 0


def test_destroying_an_owner_ends_its_engine_subscriptions(qtbot: QtBot) -> None:
    engines = Engines()
    owner = QObject()
    close_with(owner, *engines.subscribe())
    close_with(owner, *engines.subscribe())  # a second call: the same holder
    assert engines.listening() == [2, 2, 2]
    owner.deleteLater()
    qtbot.waitUntil(lambda: engines.listening() == [0, 0, 0], timeout=1000)


def test_a_widget_that_refuses_to_close_keeps_listening(qtbot: QtBot) -> None:
    engines = Engines()
    widget = Stubborn()
    qtbot.addWidget(widget)
    widget.show()
    close_with(widget, *engines.subscribe())
    widget.close()
    qtbot.wait(50)
    assert widget.isVisible() and engines.listening() == [1, 1, 1]
    widget.deleteLater()
    qtbot.waitUntil(lambda: engines.listening() == [0, 0, 0], timeout=1000)


def test_a_subscription_closed_by_hand_is_not_held_any_more(qtbot: QtBot) -> None:
    engines = Engines()
    owner = QObject()
    first, *others = engines.subscribe()
    close_with(owner, first, *others)
    first.close()
    assert held_count(owner) == 2 and engines.listening() == [0, 1, 1]
    owner.deleteLater()
    qtbot.waitUntil(lambda: engines.listening() == [0, 0, 0], timeout=1000)


def test_coalesced_makes_a_burst_one_refresh_until_its_owner_closes(qtbot: QtBot) -> None:
    source: Listeners[int] = Listeners(log, "test")
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    refreshes: list[int] = []
    coalesced = Coalesced(widget, source.subscribe, lambda: refreshes.append(1), 10)
    for news in range(5):
        source.notify(news)
    qtbot.waitUntil(lambda: len(refreshes) == 1, timeout=1000)
    qtbot.wait(30)
    assert len(refreshes) == 1
    widget.close()
    qtbot.waitUntil(lambda: not coalesced.subscription.active, timeout=1000)
    assert len(source) == 0
    source.notify(6)
    qtbot.wait(30)
    assert len(refreshes) == 1
