"""Alarm state to widgets: one connection per AlarmStatus, routed by tag.

A screen of a hundred widgets does not make a hundred connections that each filter the
changed set; widgets register the tags they show and hear only about those. As with the
bridge, every registration is a Subscription that ends when its owner is destroyed or closes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject

from hmi.alarms.status import AlarmStatus
from hmi.subscriptions import close_with
from tags.subscription import Subscription

AlarmCallback = Callable[[str], None]


class _Router:
    """Tag -> callbacks for one AlarmStatus (holds no reference to it)."""

    def __init__(self) -> None:
        self.by_tag: dict[str, list[AlarmCallback]] = {}

    def on_changed(self, tags: object) -> None:
        by_tag = self.by_tag
        for name in tags:  # type: ignore[attr-defined]
            callbacks = by_tag.get(name)
            if callbacks:
                for callback in tuple(callbacks):
                    callback(name)

    def remove(self, names: Iterable[str], callback: AlarmCallback) -> None:
        for name in names:
            callbacks = self.by_tag.get(name)
            if callbacks and callback in callbacks:
                callbacks.remove(callback)
                if not callbacks:
                    del self.by_tag[name]


_ROUTERS: weakref.WeakKeyDictionary[AlarmStatus, _Router] = weakref.WeakKeyDictionary()


def watch_alarms(
    status: AlarmStatus, names: Iterable[str], callback: AlarmCallback, owner: QObject
) -> Subscription:
    """Call ``callback(tag)`` whenever the alarm state of one of ``names`` changes, until
    ``owner`` is destroyed or closes. Read the new state with ``status.of(tag)``."""
    router = _ROUTERS.get(status)
    if router is None:
        router = _Router()
        _ROUTERS[status] = router
        status.changed.connect(router.on_changed)
    wanted = list(dict.fromkeys(names))
    for name in wanted:
        router.by_tag.setdefault(name, []).append(callback)
    subscription = Subscription(lambda: router.remove(wanted, callback))
    close_with(owner, subscription)
    return subscription


def watched_count(status: AlarmStatus) -> int:
    """How many (tag, callback) registrations are live: for leak tests."""
    router = _ROUTERS.get(status)
    return 0 if router is None else sum(len(c) for c in router.by_tag.values())
