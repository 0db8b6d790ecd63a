"""TagBridge: where the tag engine meets Qt.

The bridge subscribes to the tag database, keeps only the newest sample per tag, and hands
changes to widgets on a timer (4-10 Hz), so a fast field can never flood the GUI thread.
A watch is a Subscription (tags/subscription.py), closed when its owner widget is destroyed
or closes (hmi/subscriptions.py), or by ``close()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from hmi.subscriptions import close_with
from tags.database import TagDatabase
from tags.model import TagDef, TagSample
from tags.subscription import Subscription

SampleCallback = Callable[[str, TagSample], None]
REPAINT_GROUP = 24
"""Above this many changed children, a parent is repainted once instead of child by child
(Qt's cost per dirty widget grows with the number of dirty widgets)."""
BatchCallback = Callable[[Mapping[str, TagSample]], None]


class _Watch:
    """One widget's interest in one tag (or in all changes, ``name`` None)."""

    __slots__ = ("callback", "name", "subscription")

    def __init__(self, bridge: TagBridge, name: str | None, callback: object) -> None:
        self.name = name
        self.callback = callback
        self.subscription = Subscription(lambda: bridge._forget(self))


class TagBridge(QObject):
    def __init__(
        self, db: TagDatabase, rate_hz: float = 5.0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        if not 1.0 <= rate_hz <= 20.0:
            raise ValueError(f"bridge rate {rate_hz} Hz outside 1..20 Hz")
        self.db = db
        self._pending: dict[str, TagSample] = {}
        self._by_tag: dict[str, list[_Watch]] = {}
        self._all: list[_Watch] = []
        self._dirty: list[QWidget] = []
        self._subscription = db.subscribe(self._on_batch)
        self._timer = QTimer(self)
        self._timer.setInterval(round(1000 / rate_hz))
        self._timer.timeout.connect(self.flush)
        self._timer.start()
        self.flushes = 0

    # the tag engine side (asyncio thread = GUI thread under qasync) ----------------------

    def _on_batch(self, batch: Mapping[str, TagSample]) -> None:
        self._pending.update(batch)

    # the widget side ---------------------------------------------------------------------

    def tag(self, name: str) -> TagDef | None:
        """The tag definition, or None for a name the project does not know."""
        return self.db.tags.get(name)

    def sample(self, name: str) -> TagSample:
        return self.db.get(name)

    def watch(
        self, name: str, callback: SampleCallback, owner: QObject | None = None
    ) -> Subscription:
        """Call ``callback(name, sample)`` now and on every change, until the subscription is
        closed (by ``owner`` going, when given); KeyError if the tag is unknown."""
        if name not in self.db.tags:
            raise KeyError(f"unknown tag '{name}'")
        watch = _Watch(self, name, callback)
        self._by_tag.setdefault(name, []).append(watch)
        self._tie(watch, owner)
        callback(name, self.db.get(name))
        return watch.subscription

    def watch_all(self, callback: BatchCallback, owner: QObject | None = None) -> Subscription:
        """Call ``callback(changes)`` with every flush's changed samples."""
        watch = _Watch(self, None, callback)
        self._all.append(watch)
        self._tie(watch, owner)
        return watch.subscription

    def _tie(self, watch: _Watch, owner: QObject | None) -> None:
        if owner is not None:
            close_with(owner, watch.subscription)

    def _forget(self, watch: _Watch) -> None:
        if watch.name is None:
            if watch in self._all:
                self._all.remove(watch)
            return
        watches = self._by_tag.get(watch.name, [])
        if watch in watches:
            watches.remove(watch)
        if not watches:
            self._by_tag.pop(watch.name, None)

    def watch_count(self) -> int:
        return sum(len(w) for w in self._by_tag.values()) + len(self._all)

    def flush(self) -> None:
        """Hand the newest sample of every changed tag to its watchers."""
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        self.flushes += 1
        by_tag = self._by_tag
        for name, sample in pending.items():
            watches = by_tag.get(name)
            if watches:
                for watch in tuple(watches):  # a callback may close a watch
                    if watch.subscription.active:
                        watch.callback(name, sample)  # type: ignore[operator]
        for watch in tuple(self._all):
            if watch.subscription.active:
                watch.callback(pending)  # type: ignore[operator]
        if self._dirty:
            self._repaint()

    def repaint_later(self, widget: QWidget) -> None:
        """Ask for a repaint at the end of this flush (instead of ``widget.update()``)."""
        self._dirty.append(widget)

    def _repaint(self) -> None:
        dirty, self._dirty = self._dirty, []
        by_parent: dict[QWidget | None, list[QWidget]] = {}
        for widget in dirty:
            if not isValid(widget):  # closed since it asked (a faceplate shut at once)
                continue
            by_parent.setdefault(widget.parentWidget(), []).append(widget)
        for parent, children in by_parent.items():
            if parent is not None and len(children) > REPAINT_GROUP:
                parent.update()
            else:
                for child in children:
                    child.update()

    def close(self) -> None:
        self._timer.stop()
        self._subscription.close()
        for watch in [w for watches in self._by_tag.values() for w in watches] + self._all:
            watch.subscription.close()
