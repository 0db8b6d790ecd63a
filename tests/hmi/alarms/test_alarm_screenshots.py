"""Offscreen pictures of the alarm banner (in a header, with counts on the navigation buttons)
and of the alarm summary with its journal and KPI tabs, for people to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout
from pytestqt.qtbot import QtBot

from hmi.alarms.area_counts import AreaAlarmCounts
from hmi.alarms.banner import AlarmBanner
from hmi.alarms.horn import Horn
from hmi.alarms.sounders import BeepSounder
from hmi.alarms.summary import AlarmList, AlarmSummary
from hmi.shell.theme import apply_theme
from tags.alarms.journal import AlarmJournal
from tests.hmi.alarms.alarm_plant import (
    AREAS,
    CELL,
    DENS,
    IDC,
    OPERATOR,
    SUMP,
    SUPERVISOR,
    make_plant,
    upset,
)
from tests.tags.alarms.bench import Bench


@pytest.fixture
def plant(tmp_path: Path, qapp: QApplication) -> Iterator[Bench]:
    apply_theme(qapp)
    with AlarmJournal(tmp_path / "alarms.db") as journal:
        bench = make_plant(journal)
        upset(bench)
        bench.engine.acknowledge(f"{IDC}.LO", user=OPERATOR)
        bench.set({SUMP: 40.0})  # returned, unacknowledged
        yield bench


def test_screenshot_of_the_banner_in_the_header(
    qtbot: QtBot, plant: Bench, screenshot_dir: Path
) -> None:
    header = QFrame()
    header.setObjectName("header")
    qtbot.addWidget(header)
    rows = QVBoxLayout(header)
    rows.setContentsMargins(10, 6, 10, 6)
    top = QHBoxLayout()
    rows.addLayout(top)
    title = QLabel("Demo plants")
    title.setObjectName("title")
    top.addWidget(title)
    buttons = {k: QPushButton(t) for k, t in [("overview", "Overview"), ("emm", "Cell house"),
               ("cwp", "Coal washing"), ("sco2", "sCO2 loop"), ("alarms", "Alarms")]}  # fmt: skip
    for button in buttons.values():
        top.addWidget(button)
    top.addStretch(1)
    counts = AreaAlarmCounts(
        plant.engine, buttons, {"emm": "EMM", "cwp": "CWP", "sco2": "SCO2"}, totals=["alarms"]
    )
    banner = AlarmBanner(plant.engine, lambda: OPERATOR, horn=Horn(BeepSounder(lambda: None)))
    rows.addWidget(banner)
    banner.select(f"{DENS}.HI")
    banner.update_actions()
    header.resize(1600, header.sizeHint().height())
    header.show()
    qtbot.waitExposed(header)
    assert header.grab().save(str(screenshot_dir / "alarm_banner.png"))
    counts.close()
    banner.close_banner()


@pytest.mark.slow
def test_screenshots_of_the_alarm_summary(qtbot: QtBot, plant: Bench, screenshot_dir: Path) -> None:
    plant.engine.shelve(f"{CELL}.HI", user=OPERATOR, reason="sensor being replaced", duration=3600)
    plant.engine.set_out_of_service(f"{DENS}.HI", user=SUPERVISOR, reason="densimeter calibration")
    summary = AlarmSummary(plant.engine, plant.journal, AREAS, lambda: SUPERVISOR)
    qtbot.addWidget(summary)
    summary.resize(1600, 760)
    summary.show()
    qtbot.waitExposed(summary)
    summary.show_list(AlarmList.ACTIVE)
    summary.select([f"{IDC}.LO"])
    assert summary.grab().save(str(screenshot_dir / "alarm_summary.png"))
    summary.show_list(AlarmList.SHELVED)
    assert summary.grab().save(str(screenshot_dir / "alarm_summary_shelved.png"))
    summary.tabs.setCurrentWidget(summary.journal)
    summary.journal.search()
    assert summary.grab().save(str(screenshot_dir / "alarm_journal.png"))
    summary.tabs.setCurrentWidget(summary.kpis)
    assert summary.grab().save(str(screenshot_dir / "alarm_kpis.png"))
