"""Engine subscriptions owned by Qt objects.

``close_with(owner, subscription)`` is how a widget (or any QObject) follows the engine: the
subscription is closed when the owner is destroyed, or when the owner is a window that closes
(a Close event it accepts). ``Coalesced`` builds on it: a burst of engine calls becomes one
refresh of the owner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from tags.subscription import Subscription

T = TypeVar("T")
Subscribe = Callable[[Callable[[T], None]], Subscription]
"""An engine's ``subscribe`` method: listener in, Subscription out."""

HOLDER_NAME = "engineSubscriptions"


def close_all(subscriptions: list[Subscription]) -> None:
    """Close and forget every subscription of the list."""
    held, subscriptions[:] = list(subscriptions), []
    for subscription in held:
        subscription.close()


class SubscriptionHolder(QObject):
    """The engine subscriptions of one owner: a child of it, so destroyed with it.

    Keeps no reference to the owner (the destroyed handler holds the list only), so holding
    subscriptions never keeps a widget alive."""

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        self.setObjectName(HOLDER_NAME)
        subscriptions: list[Subscription] = []
        self.subscriptions = subscriptions
        self.destroyed.connect(lambda *_: close_all(subscriptions))
        if isinstance(owner, QWidget):
            owner.installEventFilter(self)

    def hold(self, subscription: Subscription) -> None:
        self.subscriptions[:] = [s for s in self.subscriptions if s.active]
        self.subscriptions.append(subscription)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            # the widget may still refuse: look once its own closeEvent has run
            QTimer.singleShot(0, self, self._after_close)
        elif isinstance(watched, QWidget) and not watched.isWindow():
            # a widget inside a window goes when it is destroyed: no filter call per event
            watched.removeEventFilter(self)
        return False

    def _after_close(self) -> None:
        owner = self.parent()
        if isinstance(owner, QWidget) and not owner.isVisible():
            close_all(self.subscriptions)


def holder_of(owner: QObject) -> SubscriptionHolder:
    """The owner's holder, made on first use."""
    found = owner.findChild(
        SubscriptionHolder, HOLDER_NAME, Qt.FindChildOption.FindDirectChildrenOnly
    )
    return found if isinstance(found, SubscriptionHolder) else SubscriptionHolder(owner)


def close_with(owner: QObject, *subscriptions: Subscription) -> None:
    """Close ``subscriptions`` when ``owner`` is destroyed or (a widget) closes."""
    holder = holder_of(owner)
    for subscription in subscriptions:
        holder.hold(subscription)


def held_count(owner: QObject) -> int:
    """How many of the owner's subscriptions are still open: for leak tests."""
    found = owner.findChild(
        SubscriptionHolder, HOLDER_NAME, Qt.FindChildOption.FindDirectChildrenOnly
    )
    if not isinstance(found, SubscriptionHolder):
        return 0
    return sum(1 for s in found.subscriptions if s.active)


class Coalesced(Generic[T]):
    """Calls ``refresh()`` once, ``delay_ms`` after the first of any number of engine calls,
    until ``owner`` is destroyed or closes (or ``close()``)."""

    def __init__(
        self, owner: QObject, subscribe: Subscribe[T], refresh: Callable[[], None], delay_ms: int
    ) -> None:
        self.owner = owner
        self.refresh = refresh
        self.delay_ms = delay_ms
        self.pending = False
        self.subscription = subscribe(self.on_change)
        close_with(owner, self.subscription)

    def on_change(self, _news: T) -> None:
        if not self.pending:
            self.pending = True
            QTimer.singleShot(self.delay_ms, self.owner, self._run)

    def _run(self) -> None:
        self.pending = False
        self.refresh()

    def close(self) -> None:
        self.subscription.close()
