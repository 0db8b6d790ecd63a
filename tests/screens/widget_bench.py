"""A small tag set and alarm source for the widget tests (tests/hmi/test_widgets*.py):
publish a value with a quality, raise or clear an alarm, and see what the widget shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from hmi.alarms.status import AlarmStatus
from hmi.bridge import TagBridge
from hmi.trends.history import TrendSource
from tags.address import parse_address
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.model import AlarmDef, AlarmKind, DataType, Priority, Quality, TagDef, TagSample, Value


def _tag(name: str, **fields: object) -> TagDef:
    source = f"sim://memory/{name}"
    return TagDef(name=name, source=source, address=parse_address(source), area="TST", **fields)  # type: ignore[arg-type]


def _alarms(name: str, **limits: tuple[float, Priority]) -> tuple[AlarmDef, ...]:
    return tuple(
        AlarmDef(name, AlarmKind(kind), limit, priority)
        for kind, (limit, priority) in limits.items()
    )


def tag_set() -> dict[str, TagDef]:
    low, med, high = Priority.LOW, Priority.MEDIUM, Priority.HIGH
    tags = [
        _tag("TST.LEVEL", unit="%", eng_low=0.0, eng_high=100.0, normal_low=40.0,
             normal_high=60.0, display_format=".1f", description="sump level",
             alarms=_alarms("TST.LEVEL", lolo=(10.0, high), lo=(20.0, low), hi=(80.0, low))),
        _tag("TST.LEVEL_SP", unit="%", eng_low=0.0, eng_high=100.0, display_format=".1f"),
        _tag("TST.DENS", unit="g/cm³", eng_low=1.2, eng_high=1.9, normal_low=1.40,
             normal_high=1.46, display_format=".3f",
             alarms=(AlarmDef("TST.DENS", AlarmKind.DEVIATION_HI, 0.02, med,
                              setpoint_tag="TST.DENS_SP"),
                     AlarmDef("TST.DENS", AlarmKind.DEVIATION_LO, 0.02, med,
                              setpoint_tag="TST.DENS_SP"))),
        _tag("TST.DENS_SP", unit="g/cm³", eng_low=1.2, eng_high=1.9, display_format=".3f"),
        _tag("TST.MODE", data_type=DataType.INT, states={0: "MAN", 1: "AUTO"}),
        _tag("TST.OP", unit="%", eng_low=0.0, eng_high=100.0, display_format=".1f"),
        _tag("TST.RUN", data_type=DataType.BOOL, states={0: "STOPPED", 1: "RUNNING"}),
        _tag("TST.CMD", data_type=DataType.BOOL, states={0: "STOP", 1: "START"}),
        _tag("TST.TRIP", data_type=DataType.BOOL, states={0: "NORMAL", 1: "TRIPPED"}),
        _tag("TST.POS", unit="%", eng_low=0.0, eng_high=100.0, display_format=".1f"),
        _tag("TST.T", unit="°C", eng_low=20.0, eng_high=60.0, normal_low=32.5, normal_high=34.0,
             display_format=".2f", alarms=_alarms("TST.T", lolo=(31.5, high), hi=(36.0, med))),
        _tag("TST.P", unit="MPa", eng_low=0.0, eng_high=15.0, normal_low=7.7, normal_high=7.9,
             display_format=".3f"),
    ]  # fmt: skip
    for i in range(6):
        name = f"TST.CELL.C{i + 1:02d}"
        tags.append(
            _tag(name, unit="V", eng_low=0.0, eng_high=6.0, normal_low=4.2, normal_high=4.5,
                 display_format=".3f", alarms=_alarms(name, lo=(3.6, low), hi=(4.9, low),
                                                      hihi=(5.3, med)))
        )  # fmt: skip
    return {t.name: t for t in tags}


class FakeAlarms:
    """Stands in for the alarm engine: ``raise_alarm`` / ``clear`` and the status follows."""

    def __init__(self) -> None:
        self.views: dict[str, SimpleNamespace] = {}

    def active(self, areas: object = None) -> list[SimpleNamespace]:
        return list(self.views.values())


@dataclass
class Bench:
    """A database, bridge and alarm status for one widget test: a DisplayContext whose
    faceplate and screen openers note what was opened."""

    clock: ManualClock = field(default_factory=ManualClock)
    faceplates: list[str] = field(default_factory=list)
    screens: list[str] = field(default_factory=list)
    history: TrendSource | None = None

    def __post_init__(self) -> None:
        self.db = TagDatabase(tag_set(), self.clock)
        self.bridge = TagBridge(self.db)
        self.bridge._timer.stop()
        self.source = FakeAlarms()
        self.alarms = AlarmStatus()
        self.alarms.attach(self.source)

    # the navigation a ScreenContext offers a widget
    def open_faceplate(self, tag: str) -> None:
        self.faceplates.append(tag)

    def open_screen(self, key: str) -> None:
        self.screens.append(key)

    def publish(
        self, values: dict[str, Value], quality: Quality = Quality.GOOD, reason: str = ""
    ) -> None:
        now = self.clock.now()
        self.db.publish({n: TagSample(v, quality, now, now, reason) for n, v in values.items()})
        self.bridge.flush()

    def raise_alarm(
        self, tag: str, priority: Priority, *, acknowledged: bool = False, active: bool = True
    ) -> None:
        self.source.views[tag] = SimpleNamespace(
            tag=tag,
            priority=priority,
            acknowledged=acknowledged,
            active=active,
            kind=AlarmKind.HI,
        )
        self.alarms.refresh(())

    def clear(self, tag: str) -> None:
        self.source.views.pop(tag, None)
        self.alarms.refresh(())

    def close(self) -> None:
        self.bridge.close()
