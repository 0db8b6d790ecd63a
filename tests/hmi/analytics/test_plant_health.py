"""The plant health display (F11) in a console on published values: a predictive warning that
appears and clears itself (never an alarm), instrument issues worst first, "Report now"
making a PDF that then appears in the list, and a screenshot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hmi.analytics.plant_health_view import PlantHealthView
from hmi.faceplate.faceplate import Faceplate
from tags.model import Quality
from tags.reports.archive import ReportInfo
from tests.hmi.analytics.analytics_bench import PLANT, Bench, analytics_console

ASH = "CWP.CLEAN.ASH"


def health_view(bench: Bench) -> PlantHealthView:
    view = bench.window.open_screen("plant_health")
    assert isinstance(view, PlantHealthView)
    return view


def rising(n: int) -> dict[str, float]:
    """Clean coal ash from 9.5 % up 0.1 point a minute (a sample every 10 s)."""
    return {ASH: 9.5 + (n + 1) * 10.0 / 600.0}


def falling(n: int) -> dict[str, float]:
    """... then back down 0.03 point every 10 s to 9.6 %."""
    return {ASH: max(10.0 - (n + 1) * 0.03, 9.6)}


@pytest.mark.slow
def test_a_predictive_warning_shows_in_the_list_and_on_the_faceplate_and_clears_itself(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        view = health_view(bench)
        faceplate = bench.window.open_faceplate(ASH)
        assert isinstance(faceplate, Faceplate) and faceplate.warning_line is not None
        line = faceplate.warning_line
        assert line.isHidden() and view.warnings.texts() == []
        assert view.warnings.empty.isVisibleTo(view.warnings)

        bench.run(300.0, rising)  # five minutes: 10.0 %, half a point below the limit
        # 0.1 point a minute: 10.5 % in five minutes
        expected = f"{ASH} reaches 10.5 % in about 5 min"
        bench.wait(lambda: view.warnings.texts() == [expected])
        bench.wait(lambda: not line.isHidden())
        assert line.text().startswith(f"Predicted: {expected} (HI limit; trend +0.1\u00a0%/min;")
        assert "confidence 1.00" in line.text()
        table = view.warnings.table
        assert [table.item(0, c).text() for c in (1, 2, 3, 5)] == [  # type: ignore[union-attr]
            "HI 10.5 %", "+0.1 %/min", "1.00", "CWP"]  # fmt: skip
        assert not view.warnings.empty.isVisibleTo(view.warnings)
        assert bench.runtime.alarms.active() == []  # advice, never an alarm

        bench.run(60.0, lambda n: rising(n + 30))  # a minute on, the line counts down
        later = f"{ASH} reaches 10.5 % in about 4 min"
        bench.wait(lambda: later in line.text() and view.warnings.texts() == [later])

        bench.run(200.0, falling)  # the trend turns: the warning goes by itself
        bench.wait(lambda: view.warnings.texts() == [])
        bench.wait(line.isHidden)
        assert line.text() == ""
        assert view.warnings.empty.isVisibleTo(view.warnings)


@pytest.mark.slow
def test_a_double_click_on_a_warning_opens_the_tags_faceplate(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        view = health_view(bench)
        bench.window.show()
        bench.run(300.0, rising)
        bench.wait(lambda: view.warnings.texts() != [])
        table = view.warnings.table
        bench.wait(table.isVisible)
        rect = table.visualRect(table.model().index(0, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert ASH in bench.window.faceplates


def sick_instruments(bench: Bench, steps: int = 30) -> None:
    """Five measurements, each sick in its own way, for ``steps`` x 10 s."""
    for n in range(steps):
        bench.clock.advance(10.0)
        bench.publish({
            "CWP.MIDDS.ASH": 65.0,  # range 0..60: out of range
            "CWP.DMC.UF_DENS": 2.5,  # the top of its range, its normal band far below
            "CWP.FLOT.TAIL_ASH": 60.0 + 0.5 * min(n, 10),  # moves, then stops
            "CWP.MIDDS.TPH": 90.0 + (10.0 if n % 2 else -10.0),  # jumps 20 t/h every scan
        })  # fmt: skip
        bench.publish({"CWP.DMC.OF_DENS": 1.3}, Quality.UNCERTAIN_LAST_USABLE_VALUE)
    bench.settle()


@pytest.mark.slow
def test_instrument_issues_are_listed_worst_first(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        view = health_view(bench)
        assert view.health.rows() == []
        assert view.health.count.text().startswith("All ")
        sick_instruments(bench)
        expected = [
            ("Fault", "CWP.MIDDS.ASH", "out of range"),
            ("Warning", "CWP.DMC.OF_DENS", "bad quality"),
            ("Warning", "CWP.FLOT.TAIL_ASH", "frozen"),
            ("Warning", "CWP.DMC.UF_DENS", "stuck at limit"),
            ("Advisory", "CWP.MIDDS.TPH", "noisy"),
        ]
        bench.wait(lambda: view.health.rows() == expected)
        table = view.health.table
        shown = [tuple(table.item(r, c).text() for c in (0, 1, 2))  # type: ignore[union-attr]
                 for r in range(table.rowCount())]  # fmt: skip
        assert shown == expected
        detail = table.item(0, 3).text()  # type: ignore[union-attr]
        assert detail == "reads 65.0 % outside 0..60 % (Good)"
        assert table.item(0, 0).font().bold()  # type: ignore[union-attr]  # a fault stands out
        assert not table.item(1, 0).font().bold()  # type: ignore[union-attr]
        assert view.health.count.text().startswith("5 issues on 5 of ")
        view.health.table.cellDoubleClicked.emit(3, 1)
        assert "CWP.DMC.UF_DENS" in bench.window.faceplates


def run_report(bench: Bench, view: PlantHealthView) -> ReportInfo | None:
    """Click "Report now" inside the running loop; the button stays disabled until done."""
    reports = view.reports

    async def click() -> ReportInfo | None:
        reports.report_button.click()
        task = reports.report_task
        assert task is not None and not reports.report_button.isEnabled()
        return await task

    info = bench.loop.run_until_complete(click())
    assert reports.report_button.isEnabled()
    return info


@pytest.mark.slow
def test_report_now_makes_a_pdf_that_then_appears_in_the_list(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        bench.publish(PLANT)
        bench.run(1800.0, PLANT, step=60.0)
        bench.window.session.login("operator", "operator")
        view = health_view(bench)
        reports = view.reports
        opened: list[Path] = []
        reports.open_file = opened.append
        assert reports.table.rowCount() == 0
        reports.notes.setPlainText("Ash analyser cleaned at 10:20")
        info = run_report(bench, view)
        assert info is not None and info.path.exists()
        assert reports.message.text() == f"Report made: {info.path.name}"
        assert reports.notes.toPlainText() == ""
        assert reports.table.rowCount() == 1
        assert reports.table.item(0, 0).text() == "2025-06-15 Morning (so far)"  # type: ignore[union-attr]
        assert reports.table.item(0, 1).text() == "2025-06-15 06:00 – 10:30"  # type: ignore[union-attr]
        assert reports.table.item(0, 2).text() == info.summary  # type: ignore[union-attr]
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(info.path).pages).split())
        assert "Ash analyser cleaned at 10:20" in text and "operator" in text
        reports.table.selectRow(0)
        assert reports.open_button.isEnabled()

        async def open_selected() -> list[object]:
            reports.open_button.click()
            return await asyncio.gather(*reports._tasks.running)

        bench.loop.run_until_complete(open_selected())
        assert opened == [info.path]


def test_a_failed_report_is_said_in_words(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        (tmp_path / "reports").write_text("not a folder", encoding="utf-8")
        bench.run(60.0, PLANT)
        view = health_view(bench)
        assert run_report(bench, view) is None
        assert view.reports.message.text().startswith("The report failed: ")
        assert "File exists" in view.reports.message.text()
        assert view.reports.table.rowCount() == 0


@pytest.mark.slow
def test_screenshots_of_the_plant_health_display_and_a_faceplate_with_a_warning(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        bench.publish(PLANT)
        bench.run(600.0, PLANT, step=60.0)
        view = health_view(bench)
        bench.window.show()
        view.reports.notes.setPlainText("Density gauge flushed")
        assert run_report(bench, view) is not None
        sick_instruments(bench, steps=24)
        bench.run(300.0, lambda n: {**rising(n), "CWP.MIDDS.ASH": 65.0})
        bench.wait(lambda: view.warnings.texts() != [] and len(view.health.rows()) >= 3)
        view.reports.notes.setPlainText("Flotation collector pump swapped to B")
        assert run_report(bench, view) is not None
        bench.window.grab().save(str(screenshot_dir / "screen_plant_health.png"))
        faceplate = bench.window.open_faceplate(ASH)
        assert faceplate is not None and faceplate.warning_line is not None
        bench.wait(lambda: not faceplate.trend.feed.loading)
        bench.wait(lambda: not faceplate.warning_line.isHidden())  # type: ignore[union-attr]
        faceplate.resize(560, 560)
        faceplate.grab().save(str(screenshot_dir / "faceplate_warning.png"))


@pytest.mark.slow
def test_closing_the_displays_ends_their_engine_subscriptions(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        analytics = bench.analytics
        engines = analytics.predictor, analytics.health, analytics.energy, bench.runtime.alarms

        def listening() -> list[int]:
            """Listeners of the predictor, health, energy, the alarm engine; bridge watches;
            subscriptions at the tag database."""
            counts = [len(e._listeners) for e in engines]  # type: ignore[attr-defined]
            return [*counts, bench.bridge.watch_count(), bench.runtime.db.subscriber_count()]

        before = listening()
        health = health_view(bench)
        energy = bench.window.open_screen("energy")
        summary = bench.window.open_screen("alarms")
        opened = listening()
        assert opened[:4] == [before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 1]
        faceplate = bench.window.open_faceplate(ASH)
        assert faceplate is not None
        shown = listening()
        assert shown[0] == opened[0] + 1  # the faceplate's predictive warning line
        assert shown[4] > opened[4]  # the faceplate's values, through the bridge
        assert shown[5] == before[5]  # widgets reach the database through the bridge only
        faceplate.close()  # a window closes: its subscriptions end with it
        bench.wait(lambda: listening() == opened)
        for widget in (health, energy, summary):
            widget.deleteLater()  # destroyed: the same
        bench.wait(lambda: listening() == before)
