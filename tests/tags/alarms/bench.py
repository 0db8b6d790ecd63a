"""A bench for the alarm engine: tags built in code, a ManualClock, a real SQLite journal.

Tests set values (``bench.set(...)``), step time (``bench.advance(...)``) and read states;
nothing sleeps.
"""

from __future__ import annotations

from typing import Any

from tags.address import parse_address
from tags.alarms.engine import AlarmEngine, AlarmState, AlarmView
from tags.alarms.journal import JournalStore
from tags.alarms.settings import AlarmSettings
from tags.clock import ManualClock
from tags.model import AlarmDef, AlarmKind, DataType, Priority, Quality, TagDef, TagSample, Value
from tags.security.permissions import Role, User

OPERATOR = User("olga", Role.OPERATOR, frozenset({"TST"}))
OTHER_AREA_OPERATOR = User("omar", Role.OPERATOR, frozenset({"CWP"}))
SUPERVISOR = User("sam", Role.SUPERVISOR)
VIEWER = User("vic", Role.VIEWER)


def alarm(tag: str, kind: AlarmKind, limit: float | None = None, **kw: Any) -> AlarmDef:
    kw.setdefault("priority", Priority.LOW)
    return AlarmDef(tag=tag, kind=kind, limit=limit, area=tag.split(".")[0], **kw)


def tag(
    name: str,
    *alarms: AlarmDef,
    data_type: DataType = DataType.FLOAT,
    unit: str = "",
    eng: tuple[float, float] | None = (0.0, 100.0),
) -> TagDef:
    source = f"sim://memory/{name}"
    return TagDef(
        name=name,
        source=source,
        address=parse_address(source),
        data_type=data_type,
        unit=unit,
        area=name.split(".")[0],
        eng_low=eng[0] if eng else None,
        eng_high=eng[1] if eng else None,
        alarms=alarms,
    )


class Bench:
    """An engine over ``tags`` with its clock and journal."""

    def __init__(self, tags: list[TagDef], journal: JournalStore, **settings: Any) -> None:
        self.clock = ManualClock()
        self.journal = journal
        self.tags = {t.name: t for t in tags}
        self.engine = AlarmEngine(
            self.tags, self.clock, settings=AlarmSettings(**settings), journal=journal
        )

    def set(self, values: dict[str, Value], quality: Quality = Quality.GOOD) -> list[AlarmView]:
        """Publish one batch with these values (all at the clock's time)."""
        now = self.clock.now()
        batch = {name: TagSample(value, quality, now, now) for name, value in values.items()}
        return list(self.engine.evaluate(batch))

    def bad(self, name: str, quality: Quality = Quality.BAD_COMMUNICATION_ERROR) -> None:
        self.set({name: None}, quality)

    def advance(self, seconds: float) -> list[AlarmView]:
        self.clock.advance(seconds)
        return list(self.engine.tick())

    def state(self, name: str) -> AlarmState:
        return self.engine.alarm(name).state

    def active_names(self) -> list[str]:
        return [view.name for view in self.engine.active()]
