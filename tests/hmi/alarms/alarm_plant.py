"""A small three-area plant for the alarm widget tests: the real engine on a ManualClock with a
real SQLite journal, alarms of every priority, and users of every rank."""

from __future__ import annotations

from typing import Any

from tags.alarms.journal import AlarmJournal
from tags.model import AlarmKind, Priority, Value
from tags.security.permissions import Role, User
from tests.tags.alarms.bench import Bench, alarm, tag

OPERATOR = User("olga", Role.OPERATOR)
SUPERVISOR = User("sam", Role.SUPERVISOR)
VIEWER = User("vic", Role.VIEWER)
AREAS = ["CWP", "EMM", "SCO2"]

C, H, M, L = Priority.CRITICAL, Priority.HIGH, Priority.MEDIUM, Priority.LOW
IN_T = "SCO2.COMP.IN_T"
SPEED = "SCO2.TURB.SPEED"
VIB = "SCO2.BRG.VIB"
DENS = "CWP.DMC.DENS"
SUMP = "CWP.SUMP.LEVEL"
IDC = "EMM.RECT1.IDC"
CELL = "EMM.CELL7.TEMP"
CO2 = "SCO2.ENCL.CO2"

NORMAL: dict[str, Value] = {
    IN_T: 33.2, SPEED: 100.0, VIB: 30.0, DENS: 1.45, SUMP: 55.0, IDC: 12.0, CELL: 38.0, CO2: 400.0,
}  # fmt: skip
UPSET: dict[str, Value] = {
    IN_T: 38.6, SPEED: 111.2, VIB: 72.0, DENS: 1.66, SUMP: 93.5, IDC: 8.2, CELL: 43.1, CO2: 31200.0,
}  # fmt: skip
"""One alarm per tag (IN_T raises both HI and HIHI)."""


def _a(
    name: str, kind: AlarmKind, limit: float, priority: Priority, message: str, **kw: Any
) -> Any:
    return alarm(name, kind, limit, priority=priority, message=message, **kw)


def make_plant(journal: AlarmJournal, **settings: Any) -> Bench:
    """The plant, all values normal, no alarms standing."""
    bench = Bench(
        [
            tag(
                IN_T,
                _a(IN_T, AlarmKind.HIHI, 38.0, H, "Compressor inlet temperature very high"),
                _a(IN_T, AlarmKind.HI, 36.0, M, "Compressor inlet temperature high"),
                _a(IN_T, AlarmKind.LOLO, 31.5, C, "Compressor inlet near two-phase"),
                unit="°C",
                eng=(20.0, 50.0),
            ),
            tag(
                SPEED,
                _a(SPEED, AlarmKind.HIHI, 110.0, C, "Turbine overspeed"),
                unit="%",
                eng=(0.0, 120.0),
            ),
            tag(
                VIB,
                _a(VIB, AlarmKind.HI, 60.0, M, "Bearing vibration high"),
                unit="µm",
                eng=(0.0, 150.0),
            ),
            tag(
                DENS,
                _a(DENS, AlarmKind.HI, 1.6, M, "Dense medium density high"),
                unit="t/m³",
                eng=(1.0, 2.0),
            ),
            tag(SUMP, _a(SUMP, AlarmKind.HI, 90.0, L, "Sump level high"), unit="%"),
            tag(
                IDC,
                _a(IDC, AlarmKind.LO, 10.0, H, "Rectifier 1 current low"),
                unit="kA",
                eng=(0.0, 20.0),
            ),
            tag(
                CELL,
                _a(CELL, AlarmKind.HI, 42.0, L, "Cell 7 electrolyte hot", latch=True),
                unit="°C",
                eng=(20.0, 60.0),
            ),
            tag(
                CO2,
                _a(CO2, AlarmKind.HIHI, 30000.0, C, "Enclosure CO2 very high"),
                unit="ppm",
                eng=(0.0, 50000.0),
            ),
        ],
        journal,
        **settings,
    )
    bench.set(NORMAL)
    return bench


def upset(bench: Bench, order: list[str] | None = None, step: float = 7.0) -> None:
    """Drive the tags of ``order`` (default: all) into alarm one after another."""
    for name in order or list(UPSET):
        bench.advance(step)
        bench.set({name: UPSET[name]})
