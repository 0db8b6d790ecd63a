"""A ``production`` energy area in a real runtime: the fluorochemicals plant's signal
generators sampled on a manual clock, its live figures, the same from the history, and its
shift report's energy and plan sections, all against sums of the published values."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
from pypdf import PdfReader

from tags.analytics.energy import EnergyAnalysis
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.drivers.simulated import SimulatedDriver
from tags.model import TagSample
from tags.reports.pdf import write_pdf
from tags.reports.shift_report import build_report
from tags.runtime import Runtime
from tests.paths import FLUORIDE_PROJECT
from tests.tags.analytics.energy_support import T0

STEP = 30.0
STEPS = 120  # an hour, 10:00 to 11:00 UTC: peak price (1.02) all the time


def _sums(batches: list[dict[str, TagSample]]) -> dict[str, float]:
    """Each tag's value held from its batch to the next, integrated over hours."""
    sums: dict[str, float] = {}
    for batch in batches[:-1]:  # the last batch is held for no time yet
        for name, sample in batch.items():
            if isinstance(sample.value, float):
                sums[name] = sums.get(name, 0.0) + sample.value * STEP / 3600.0
    return sums


@pytest.mark.slow
def test_a_production_area_from_signal_generators_on_a_manual_clock(tmp_path: Path) -> None:
    project = load_project(FLUORIDE_PROJECT)
    project = dataclasses.replace(
        project, analytics=dataclasses.replace(project.analytics, timezone="UTC")
    )
    clock = ManualClock(T0)
    runtime = Runtime(project, tmp_path, clock=clock, analytics=True)
    batches: list[dict[str, TagSample]] = []

    def publish(batch: dict[str, TagSample]) -> None:
        batches.append(dict(batch))
        runtime.db.publish(batch)

    driver = SimulatedDriver({}, list(project.tags.values()), publish, clock)
    tags = list(project.tags.values())

    async def scenario() -> None:
        assert runtime.historian is not None and runtime.analytics is not None
        await runtime.historian.start(tasks=False)
        runtime.analytics.start()
        try:
            for _ in range(STEPS):
                clock.advance(STEP)
                driver.sample_now(tags)
            await runtime.historian.flush()
            check_live(runtime)
            await check_history(runtime)
        finally:
            await runtime.stop()

    def check_live(runtime: Runtime) -> None:
        assert runtime.analytics is not None
        snap = runtime.analytics.energy.snapshot()
        assert snap is not None
        sums = _sums(batches)
        ahf = snap.shift.area("AHF")
        assert ahf is not None and ahf.production is not None
        assert ahf.title == "AHF — anhydrous hydrogen fluoride unit" and ahf.unit == "t"
        made, kwh = sums["AHF.PROD.RATE"], sums["AHF.POWER"]  # t, kWh (power in kW)
        assert 3.4 < made < 3.8 and 3200 < kwh < 3600  # an hour of the generators
        assert ahf.production.amount == pytest.approx(made, rel=1e-9)
        assert ahf.production.kwh == pytest.approx(kwh, rel=1e-9)
        assert ahf.production.kwh_per_unit == pytest.approx(kwh / made, rel=1e-9)
        assert ahf.production.cost == pytest.approx(kwh * 1.02, rel=1e-9)
        assert ahf.production.kwh_by_band["peak"] == pytest.approx(kwh, rel=1e-9)
        assert ahf.production.power_basis == "power tag AHF.POWER"
        lipf6 = snap.shift.area("LIPF6")
        assert lipf6 is not None and lipf6.production is not None
        kg = sums["LIPF6.PROD.RATE"]
        assert lipf6.production.amount == pytest.approx(kg, rel=1e-9)
        assert lipf6.production.kwh == pytest.approx(kg * 21.0, rel=1e-9)  # kWh per kg
        assert ahf.coverage == pytest.approx((STEPS - 1) / STEPS)  # nothing held before
        checks = {(c.area, c.figure): c for c in snap.targets}
        assert checks["AHF", "kwh_per_unit"].value == pytest.approx(kwh / made)
        assert checks["AHF", "kwh_per_unit"].met is (kwh / made <= 950.0)
        assert checks["LIPF6", "kwh_per_unit"].met is True  # 21 against 22 kWh/kg
        now = snap.instant
        last = batches[-1]
        power, rate = last["AHF.POWER"].value, last["AHF.PROD.RATE"].value
        assert isinstance(power, float) and isinstance(rate, float)
        assert now.value("AHF", "kwh_per_unit") == pytest.approx(power / rate)
        assert now.value("AHF", "mwh") == pytest.approx(power / 1000.0)

    async def check_history(runtime: Runtime) -> None:
        historian = runtime.historian
        assert historian is not None
        sums = _sums(batches)
        analysis = EnergyAnalysis.from_project(project)
        start, end = T0 + STEP, T0 + STEPS * STEP
        f = await historian.query(lambda store: analysis.period(store, start, end))
        # the historian keeps a sample when it moves past the tag's deadband: within 0.2 %
        close = 2e-3
        ahf = f.area("AHF")
        assert ahf is not None and ahf.production is not None
        assert ahf.production.amount == pytest.approx(sums["AHF.PROD.RATE"], rel=close)
        assert ahf.production.kwh == pytest.approx(sums["AHF.POWER"], rel=close)
        report = await historian.query(
            lambda store: build_report(
                project, store, start, end, generated=end, instruments=(), predictions=()
            )
        )
        assert [p.area for p in report.production] == ["AHF", "LIPF6"]
        (made, mwh, *_) = report.production[0].figures
        assert (made.label, made.unit) == ("AHF produced", "t")
        assert made.value == pytest.approx(sums["AHF.PROD.RATE"], rel=close)
        assert mwh.value == pytest.approx(sums["AHF.POWER"] / 1000.0, rel=close)
        plan = {p.area: p for p in report.plan}
        share = (end - start) / (8 * 3600.0)  # of the 06:00-14:00 shift
        assert plan["AHF"].plan == pytest.approx(28.8 * share)
        assert plan["AHF"].actual == pytest.approx(sums["AHF.PROD.RATE"], rel=close)
        assert (plan["LIPF6"].product, plan["LIPF6"].unit) == ("LiPF6", "kg")
        assert plan["LIPF6"].plan == pytest.approx(1520.0 * share)
        pdf = tmp_path / "report.pdf"
        write_pdf(report, pdf)
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
        for expected in ("Production against plan", "AHF: AHF", "LIPF6: LiPF6",
                         "AHF: AHF — anhydrous hydrogen fluoride unit", "Specific energy",
                         "AHF energy:", "power tag AHF.POWER", "Data coverage: AHF"):  # fmt: skip
            assert expected in text, expected

    asyncio.run(scenario())
