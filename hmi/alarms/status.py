"""Alarm state per tag for widgets: the most urgent annunciated alarm of each tag.

Widgets show alarm state as colour + shape + priority number; they ask ``of(tag)`` and
listen to ``changed`` (a set of tag names, emitted once per engine evaluation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from PySide6.QtCore import QObject, Signal

from tags.alarms.state import AlarmView
from tags.model import Priority


class TagAlarm(NamedTuple):
    """What a widget needs to draw a tag's alarm marker."""

    priority: Priority
    unacknowledged: bool
    active: bool
    label: str
    """The alarm kind as shown beside the value, e.g. HI, LOLO, DEV, BAD."""


class AlarmSource(Protocol):
    """What the status needs of the alarm engine (tags.alarms.engine.AlarmEngine)."""

    def active(self, areas: Iterable[str] | None = None) -> list[AlarmView]: ...


def _marker(view: AlarmView) -> str:
    kind = view.kind.value.upper()
    return "DEV" if kind.startswith("DEV") else "BAD" if kind == "BAD_QUALITY" else kind


class AlarmStatus(QObject):
    changed = Signal(object)
    """Emitted with the set of tag names whose alarm state changed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._by_tag: dict[str, TagAlarm] = {}
        self._source: AlarmSource | None = None

    def of(self, tag: str) -> TagAlarm | None:
        return self._by_tag.get(tag)

    def attach(self, source: AlarmSource) -> None:
        """Follow an alarm engine (call ``refresh`` from its listener)."""
        self._source = source
        self.refresh(())

    def refresh(self, _changed: Sequence[AlarmView] | Iterable[object]) -> None:
        """Recompute from the engine's annunciated alarms; emit the tags that changed."""
        if self._source is None:
            return
        now: dict[str, TagAlarm] = {}
        for view in self._source.active():
            current = now.get(view.tag)
            candidate = TagAlarm(view.priority, not view.acknowledged, view.active,
                                 _marker(view))  # fmt: skip
            if current is None or (candidate.priority, not candidate.unacknowledged) < (
                current.priority,
                not current.unacknowledged,
            ):
                now[view.tag] = candidate
        changed = {t for t in now.keys() | self._by_tag.keys() if now.get(t) != self._by_tag.get(t)}
        self._by_tag = now
        if changed:
            self.changed.emit(changed)
