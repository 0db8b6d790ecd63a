"""LiveEnergy: integrated batch by batch from the TagDatabase, shift by shift."""

from __future__ import annotations

import pytest

from tags.analytics.energy import LiveEnergy, LiveEnergySnapshot
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.model import Quality, TagSample
from tests.paths import DEMO_PROJECT
from tests.tags.analytics.energy_support import T0, demo_settings, emm, sco2

VALUES = {
    "EMM.RECT1.IDC": 10.0, "EMM.RECT1.UDC": 258.0, "EMM.RECT2.IDC": 10.0,
    "EMM.RECT2.UDC": 258.0, "EMM.KPI.MN_RATE": 0.8, "CWP.FEED.TPH": 450.0,
    "CWP.CLEAN.TPH": 250.0, "SCO2.KPI.HEAT_RECOVERED": 19.0, "SCO2.GEN.P": 5.0,
    "SCO2.NET.P": 4.6,
}  # fmt: skip


def publish(db: TagDatabase, clock: ManualClock, values: dict[str, float]) -> None:
    now = clock.now()
    db.publish({n: TagSample(v, Quality.GOOD, now, now) for n, v in values.items()})


def test_live_figures_follow_the_batches_and_close_each_shift() -> None:
    project = load_project(DEMO_PROJECT)
    clock = ManualClock(T0 + 3 * 3600.0)  # 13:00 UTC: one hour before the 14:00 shift change
    db = TagDatabase(project.tags, clock)
    live = LiveEnergy(project.tags, demo_settings(), clock)
    seen: list[LiveEnergySnapshot] = []
    live.subscribe(seen.append)
    live.attach(db)
    publish(db, clock, VALUES)
    now = live.snapshot().instant
    assert now.value("EMM", "dc_mwh") == pytest.approx(2 * 2.580)  # MW
    assert now.value("EMM", "sec_kwh_t") == pytest.approx(5160 / 0.8)
    assert now.value("EMM", "sec_kwh_t:EMM.RECT1") == pytest.approx(2580 / 0.4)
    ce = now.value("EMM", "ce_percent")
    assert ce == pytest.approx(800 / (20 * 60 * 1.0249) * 100, rel=1e-4)
    assert now.value("CWP", "kwh_per_t") == pytest.approx(450 * 8 / 250)
    assert now.value("SCO2", "cycle_efficiency_percent") == pytest.approx(500 / 19)
    assert (now.band, now.price) == ("flat", 0.66)
    for _ in range(90):  # 90 minutes, a batch a minute
        clock.advance(60.0)
        publish(db, clock, VALUES)
    snap = live.snapshot()
    assert snap.previous_shift is not None and snap.previous_shift.label == "2025-06-15 Morning"
    assert snap.shift.label == "2025-06-15 Afternoon"
    prev, cur = snap.previous_shift, snap.shift
    assert sco2(prev) is not None and sco2(prev).net_mwh == pytest.approx(4.6)
    assert sco2(cur) is not None and sco2(cur).net_mwh == pytest.approx(2.3)
    assert emm(cur) is not None and emm(cur).product_t == pytest.approx(0.4)
    assert {c.figure for c in snap.targets} >= {"sec_kwh_t", "yield_percent"}
    assert len(seen) == 91  # at most one snapshot per second: one per batch here
    live.detach()
    publish(db, clock, VALUES)
    assert len(seen) == 91
