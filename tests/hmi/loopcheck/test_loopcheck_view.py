"""The loop-check display on the demo plant (a real runtime fed by the plant simulator, a
manual clock): an engineer captures the live value at a point and fails a loop with a note,
an operator may not, the areas show their progress, the sheets print; 50,000 loops are one
virtual table, not a widget per row."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from hmi.bridge import TagBridge
from hmi.loopcheck.screen_tags import screens_by_tag
from hmi.loopcheck.view import LoopCheckView
from hmi.shell.theme import apply_theme
from screens import all_screens
from tags.clock import ManualClock
from tags.loopcheck.book import LoopStatus
from tags.model import Quality, TagSample
from tags.runtime import Runtime
from tags.security.audit import AuditTrail
from tags.security.permissions import Role, User
from tests.screens.demo_plant import DemoPlant, load_demo

ERIN = User("erin", Role.ENGINEER)
OLGA = User("olga", Role.OPERATOR)
FEED = "CWP.FEED.TPH"


@pytest.fixture
def plant(qapp: QApplication, tmp_path: Path) -> Iterator[DemoPlant]:
    if not qapp.styleSheet():
        apply_theme(qapp)
    demo = DemoPlant(load_demo(), tmp_path)
    yield demo
    demo.close()


def test_the_demo_screens_say_which_displays_show_a_tag() -> None:
    shown = screens_by_tag(all_screens())
    assert shown[FEED] == ("Overview", "Coal washing", "Density loop")
    assert "CWP.KPI.YIELD" in shown
    assert "EMM.CELL.S01.C01.T" in shown


@pytest.mark.slow
def test_an_engineer_captures_a_point_and_fails_a_loop_with_a_note(
    plant: DemoPlant, qtbot: QtBot, tmp_path: Path, screenshot_dir: Path
) -> None:
    user: list[User | None] = [ERIN]
    view = LoopCheckView(plant.runtime, plant.bridge, screens_by_tag(all_screens()),
                         user=lambda: user[0], workstation="cr-eng")  # fmt: skip
    qtbot.addWidget(view)
    view.resize(1600, 860)
    view.show()
    plant.run(10)
    view.choose(FEED)
    sheet = view.sheet
    assert sheet.title.text() == f"{FEED}  Raw coal feed rate"
    assert "Shown on: Overview, Coal washing, Density loop" in sheet.about.text()
    now = plant.clock.now()
    plant.db.publish({FEED: TagSample(352.4, Quality.GOOD, now, now)})  # stepped at the device
    plant.flush()
    assert sheet.live.text() == "352 t/h"
    sheet.buttons["50"].click()
    assert view.message.text() == f"{FEED} 50 % captured"
    state = view.chosen()
    assert state is not None and state.points["50"].seen == 352.4 and state.points["50"].passed
    assert state.status is LoopStatus.IN_PROGRESS

    view.choose("CWP.FEED.ASH")
    sheet.note.setText("no signal at the marshalling cabinet")
    sheet.fail_button.click()
    failed = view.chosen()
    assert failed is not None and failed.status is LoopStatus.FAILED
    assert sheet.status.text() == "Status: failed: no signal at the marshalling cabinet"
    assert (view.areas.rows[0].area, view.areas.rows[0].failed) == ("CWP", 1)
    assert view.summary.text() == "0 checked, 1 failed, 339 not yet, of 340"
    view.status_filter.setCurrentIndex(view.status_filter.findData("failed"))
    assert [s.loop.tag for s in view.model.rows] == ["CWP.FEED.ASH"]
    view.status_filter.setCurrentIndex(0)
    view.choose(FEED)
    qtbot.waitUntil(lambda: sheet.buttons["50"].isVisible())
    view.grab().save(str(screenshot_dir / "loopcheck_view.png"))

    user[0] = OLGA
    view.choose("CWP.FEED.ASH")
    assert not sheet.buttons["0"].isEnabled()
    assert "operator 'olga' may not record loop checks" in sheet.buttons["0"].toolTip()
    view.capture("0")
    assert view.message.text().startswith("Refused: operator 'olga' may not record loop checks")

    pdf = tmp_path / "sheets.pdf"
    assert view.export(pdf) == len(PdfReader(pdf).pages)
    with AuditTrail.in_data_dir(plant.runtime.data_dir, plant.clock) as trail:
        audited = [(r.action, r.user, r.workstation) for r in trail.records()
                   if r.action.startswith("loopcheck")]  # fmt: skip
    assert audited == [("loopcheck_point", "erin", "cr-eng"),
                       ("loopcheck_failed", "erin", "cr-eng"),
                       ("loopcheck_refused", "olga", "cr-eng")]  # fmt: skip


@pytest.mark.slow
def test_fifty_thousand_loops_are_one_virtual_table(qtbot: QtBot, tmp_path: Path) -> None:
    demo = load_demo()
    model = replace(demo.tags[FEED], alarms=())
    tags = {f"CWP.L{i:05d}.PV": replace(model, name=f"CWP.L{i:05d}.PV") for i in range(50_000)}
    project = replace(demo, tags=tags, screens=())
    runtime = Runtime(project, tmp_path, clock=ManualClock(), history=False)
    bridge = TagBridge(runtime.db)
    try:
        view = LoopCheckView(runtime, bridge, user=lambda: ERIN)
        qtbot.addWidget(view)
        view.show()
        assert view.model.rowCount() == 50_000
        assert len(view.findChildren(QLabel)) + len(view.findChildren(QPushButton)) < 60
        view.choose("CWP.L49999.PV")
        assert view.chosen() is not None
        view.filter.setText("L4999")
        assert view.model.rowCount() == 10
        view.close()
    finally:
        bridge.close()
        asyncio.run(runtime.stop())
