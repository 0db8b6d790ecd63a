"""The alarm banner and the alarm summary (its four lists, the journal search and the KPI
panel) in Chinese: no English word left but the alarms' own messages (project data, no
Chinese given yet), back to English on switching, and screenshots at 1920x1080."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hmi.alarms.actions import Command, ReasonDialog
from hmi.alarms.banner import AlarmBanner
from hmi.alarms.horn import Horn
from hmi.alarms.sounders import BeepSounder
from hmi.alarms.summary import JOURNAL_TAB, KPI_TAB, AlarmList, AlarmSummary
from hmi.alarms.table import priority_text
from hmi.i18n.translators import install_language
from hmi.shell.theme import apply_theme
from tags.alarms.journal import AlarmJournal
from tags.i18n.language import Language
from tags.model import Priority
from tests.hmi.alarms.alarm_plant import AREAS, IDC, OPERATOR, SUMP, SUPERVISOR, make_plant, upset
from tests.hmi.i18n.english_left import english_left
from tests.tags.alarms.bench import Bench


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


@pytest.fixture
def plant(tmp_path: Path, qapp: QApplication) -> Iterator[Bench]:
    apply_theme(qapp)
    with AlarmJournal(tmp_path / "alarms.db") as journal:
        bench = make_plant(journal)
        upset(bench)
        bench.engine.acknowledge(f"{IDC}.LO", user=OPERATOR)
        bench.set({SUMP: 40.0})  # returned, unacknowledged
        bench.engine.shelve(f"{SUMP}.HI", user=OPERATOR, reason="sensor cleaning", duration=3600)
        yield bench


def english_but_messages(widget: QWidget, plant: Bench) -> list[str]:
    """What is still English, the alarms' messages and the operators' reasons (project and
    operator data) taken out; area codes (SCO2) read as they are."""
    data = [v.message for v in plant.engine.active() + plant.engine.shelved()]
    data += ["sensor cleaning", OPERATOR.name, SUPERVISOR.name]
    left = english_left(widget, units=AREAS)
    return [line for line in left if not any(m and m in line for m in data)]


def test_the_banner_reads_chinese_and_english_again(qtbot: QtBot, plant: Bench) -> None:
    install_language(Language.ZH_CN)
    banner = AlarmBanner(plant.engine, lambda: SUPERVISOR, horn=Horn(BeepSounder()))
    qtbot.addWidget(banner)
    banner.resize(1900, 150)
    banner.show()
    assert banner.ack_button.text() == "确认" and banner.silence_button.text() == "消音"
    assert banner.count.text().endswith("条未确认，显示 5 条")
    assert banner.model.headerData(0, Qt.Orientation.Horizontal) == "优先级"
    assert english_but_messages(banner, plant) == []
    install_language(Language.EN)
    qtbot.waitUntil(lambda: banner.ack_button.text() == "Ack")
    assert banner.ack_shown_button.text() == "Ack all shown"
    assert "unacknowledged" in banner.count.text()
    assert banner.model.text(banner.model.views[0], banner.model.columns[0]).endswith("critical")


def test_the_summary_its_lists_journal_and_kpis_read_chinese(
    qtbot: QtBot, plant: Bench, screenshot_dir: Path
) -> None:
    install_language(Language.ZH_CN)
    summary = AlarmSummary(plant.engine, plant.journal, AREAS, lambda: SUPERVISOR)
    qtbot.addWidget(summary)
    summary.resize(1920, 1080)
    summary.show()
    qtbot.waitExposed(summary)
    assert summary.tabs.tabText(0).startswith("活动 (")
    assert summary.buttons[Command.SHELVE].text() == "搁置…"
    for index, kind in enumerate(AlarmList):
        summary.show_list(kind)
        assert english_but_messages(summary, plant) == [], kind
        summary.grab().save(str(screenshot_dir / f"alarm_summary_{index}_zh_CN.png"))
    summary.tabs.setCurrentIndex(JOURNAL_TAB)
    summary.journal.search()
    assert summary.journal.status.text().endswith("条记录，最新在前")
    assert english_but_messages(summary, plant) == []
    summary.grab().save(str(screenshot_dir / "alarm_journal_zh_CN.png"))
    summary.tabs.setCurrentIndex(KPI_TAB)
    assert summary.kpis.rates.title() == "报警率"
    assert english_but_messages(summary, plant) == []
    summary.grab().save(str(screenshot_dir / "alarm_kpis_zh_CN.png"))
    install_language(Language.EN)
    qtbot.waitUntil(lambda: summary.kpis.rates.title() == "Alarm rates")
    assert summary.tabs.tabText(JOURNAL_TAB) == "Journal"
    assert summary.tabs.tabText(0).startswith("Active (")
    assert summary.buttons[Command.SHELVE].text() == "Shelve…"
    assert summary.journal.status.text().endswith("entries, newest first")
    assert summary.priority_buttons[Priority.CRITICAL].text() == "1 critical"


def test_the_shelve_dialog_reads_chinese(qtbot: QtBot, plant: Bench) -> None:
    install_language(Language.ZH_CN)
    dialog = ReasonDialog("搁置", [f"{IDC}.LO"], longest=8 * 3600.0)
    qtbot.addWidget(dialog)
    dialog.show()
    assert english_left(dialog) == []
    assert priority_text(Priority.HIGH) == "2 高"
