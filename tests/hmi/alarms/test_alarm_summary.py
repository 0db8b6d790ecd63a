"""The alarm summary: lists, filters and sorting; actions and their permissions (a viewer is
refused, an operator may shelve, a supervisor may reset and take out of service); the journal
search and CSV export; the KPI panel's figures."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from hmi.alarms.actions import Command
from hmi.alarms.summary import AlarmList, AlarmSummary
from tags.alarms.journal import CSV_HEADER, AlarmJournal
from tags.alarms.state import AlarmState, JournalEvent
from tags.model import Priority
from tags.security.permissions import User
from tests.hmi.alarms.alarm_plant import (
    AREAS,
    CELL,
    CO2,
    DENS,
    IDC,
    IN_T,
    OPERATOR,
    SPEED,
    SUMP,
    SUPERVISOR,
    VIB,
    VIEWER,
    make_plant,
    upset,
)
from tests.tags.alarms.bench import Bench


@pytest.fixture
def plant(tmp_path: Path) -> Iterator[Bench]:
    with AlarmJournal(tmp_path / "alarms.db") as journal:
        bench = make_plant(journal)
        upset(bench)
        yield bench


def make_summary(
    qtbot: QtBot, plant: Bench, user: User | None, opened: list[str] | None = None
) -> AlarmSummary:
    summary = AlarmSummary(
        plant.engine,
        plant.journal,
        AREAS,
        lambda: user,
        open_alarm=opened.append if opened is not None else None,
    )
    qtbot.addWidget(summary)
    return summary


def names(summary: AlarmSummary, kind: AlarmList) -> list[str]:
    page = summary.lists[kind]
    rows = range(page.proxy.rowCount())
    return [page.model.view_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).name
            for r in rows]  # fmt: skip


# lists ---------------------------------------------------------------------------------------


def test_active_list_is_by_priority_and_filters_by_area_and_priority(
    qtbot: QtBot, plant: Bench
) -> None:
    summary = make_summary(qtbot, plant, SUPERVISOR)
    assert names(summary, AlarmList.ACTIVE)[:3] == [f"{CO2}.HIHI", f"{SPEED}.HIHI", f"{IDC}.LO"]
    assert summary.tabs.tabText(0) == "Active (9)"
    summary.area.setCurrentText("CWP")
    assert names(summary, AlarmList.ACTIVE) == [f"{DENS}.HI", f"{SUMP}.HI"]
    summary.area.setCurrentText("All areas")
    summary.priority_buttons[Priority.LOW].setChecked(False)
    summary.priority_buttons[Priority.MEDIUM].setChecked(False)
    assert names(summary, AlarmList.ACTIVE) == [
        f"{CO2}.HIHI", f"{SPEED}.HIHI", f"{IDC}.LO", f"{IN_T}.HIHI"
    ]  # fmt: skip
    assert summary.tabs.tabText(0) == "Active (4)"


def test_lists_sort_by_any_column(qtbot: QtBot, plant: Bench) -> None:
    summary = make_summary(qtbot, plant, SUPERVISOR)
    tag_column = 2
    summary.lists[AlarmList.ACTIVE].table.sortByColumn(tag_column, Qt.SortOrder.AscendingOrder)
    assert names(summary, AlarmList.ACTIVE)[:2] == [f"{DENS}.HI", f"{SUMP}.HI"]
    summary.lists[AlarmList.ACTIVE].table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # time
    assert names(summary, AlarmList.ACTIVE)[0] == f"{CO2}.HIHI"


def test_priority_sorts_both_ways_and_newest_first_within_a_priority(
    qtbot: QtBot, plant: Bench
) -> None:
    """Qt alone has no order for the (priority, newest first) key: PySide6 6.11 kept the
    engine's order whichever way the header was clicked, 6.12 sorted by memory address."""
    summary = make_summary(qtbot, plant, SUPERVISOR)
    table = summary.lists[AlarmList.ACTIVE].table
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert names(summary, AlarmList.ACTIVE) == [
        f"{SUMP}.HI", f"{CELL}.HI", f"{IN_T}.HI", f"{VIB}.HI", f"{DENS}.HI", f"{IN_T}.HIHI",
        f"{IDC}.LO", f"{SPEED}.HIHI", f"{CO2}.HIHI",
    ]  # fmt: skip
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert names(summary, AlarmList.ACTIVE)[:2] == [f"{CO2}.HIHI", f"{SPEED}.HIHI"]


def test_double_click_opens_the_alarm(qtbot: QtBot, plant: Bench) -> None:
    opened: list[str] = []
    summary = make_summary(qtbot, plant, SUPERVISOR, opened)
    summary.resize(1400, 600)
    summary.show()
    table = summary.lists[AlarmList.ACTIVE].table
    rect = table.visualRect(table.model().index(1, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [SPEED]


# permissions -----------------------------------------------------------------------------------


def test_a_viewer_sees_every_action_disabled_with_the_reason_and_is_refused(
    qtbot: QtBot, plant: Bench
) -> None:
    summary = make_summary(qtbot, plant, VIEWER)
    summary.select([f"{SPEED}.HIHI"])
    ack, shelve = summary.buttons[Command.ACKNOWLEDGE], summary.buttons[Command.SHELVE]
    assert not ack.isEnabled() and not shelve.isEnabled()
    assert ack.toolTip() == "Not available: viewer 'vic' may not acknowledge alarms in area SCO2"
    assert shelve.toolTip() == "Not available: viewer 'vic' may not shelve alarms in area SCO2"
    assert not summary.ack_shown.isEnabled()
    outcome = summary.perform(Command.SHELVE, [f"{SPEED}.HIHI"], reason="test", duration=600)
    assert outcome.done == []
    assert summary.message.text() == "Refused: viewer 'vic' may not shelve alarms in area SCO2"
    assert plant.state(f"{SPEED}.HIHI") is AlarmState.ACTIVE_UNACK


def test_nobody_logged_in_may_do_nothing(qtbot: QtBot, plant: Bench) -> None:
    summary = make_summary(qtbot, plant, None)
    summary.select([f"{SPEED}.HIHI"])
    assert summary.buttons[Command.ACKNOWLEDGE].toolTip() == "Not available: no user is logged in"


def test_an_operator_acknowledges_and_shelves_with_a_reason_and_duration(
    qtbot: QtBot, plant: Bench
) -> None:
    summary = make_summary(qtbot, plant, OPERATOR)
    summary.select([f"{VIB}.HI"])
    summary.buttons[Command.ACKNOWLEDGE].click()
    assert plant.state(f"{VIB}.HI") is AlarmState.ACTIVE_ACK
    assert summary.message.text() == f"{VIB}.HI acknowledged"
    summary.select([f"{VIB}.HI"])
    assert summary.buttons[Command.ACKNOWLEDGE].toolTip().endswith("already acknowledged")
    summary.buttons[Command.SHELVE].click()
    dialog = summary.dialog
    assert dialog is not None and dialog.duration is not None
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a reason is required
    assert [dialog.duration.itemText(i) for i in range(dialog.duration.count())][-1] == "8 h"
    dialog.duration.setCurrentText("2 h")
    dialog.reason.setText("vibration probe being replaced")
    ok.click()
    view = plant.engine.alarm(f"{VIB}.HI")
    assert view.state is AlarmState.SHELVED and view.reason == "vibration probe being replaced"
    assert view.shelved_until == plant.clock.now() + 7200
    assert names(summary, AlarmList.SHELVED) == [f"{VIB}.HI"]
    (entry,) = plant.journal.query(alarm=f"{VIB}.HI", events=[JournalEvent.SHELVE])
    assert (entry.user, entry.comment) == ("olga", "vibration probe being replaced (for 2 h)")
    summary.show_list(AlarmList.SHELVED)
    summary.select([f"{VIB}.HI"])
    summary.buttons[Command.UNSHELVE].click()
    assert plant.engine.alarm(f"{VIB}.HI").state is AlarmState.ACTIVE_UNACK


def test_an_operator_may_not_reset_or_take_out_of_service(qtbot: QtBot, plant: Bench) -> None:
    summary = make_summary(qtbot, plant, OPERATOR)
    plant.set({CELL: 30.0})  # condition gone, latched
    summary.refresh()
    summary.select([f"{CELL}.HI"])
    assert summary.buttons[Command.RESET].toolTip() == (
        "Not available: operator 'olga' may not reset latched alarms in area EMM"
    )
    assert summary.buttons[Command.OUT_OF_SERVICE].toolTip() == (
        "Not available: operator 'olga' may not take alarms out of service in area EMM"
    )


def test_the_engine_refuses_a_shelve_longer_than_the_maximum(qtbot: QtBot, plant: Bench) -> None:
    summary = make_summary(qtbot, plant, OPERATOR)
    summary.perform(Command.SHELVE, [f"{SPEED}.HIHI"], reason="trial", duration=10 * 3600)
    assert summary.message.text() == (
        f"Refused: {SPEED}.HIHI: cannot shelve for 10 h: the maximum shelve time is 8 h "
        "(process_alarms.max_shelve_hours)"
    )


def test_a_supervisor_resets_a_latched_alarm_once_its_condition_is_gone(
    qtbot: QtBot, plant: Bench
) -> None:
    summary = make_summary(qtbot, plant, SUPERVISOR)
    summary.select([f"{CELL}.HI"])
    reset = summary.buttons[Command.RESET]
    assert not reset.isEnabled()
    assert reset.toolTip() == f"Not available: {CELL}.HI: the condition is still present"
    plant.set({CELL: 30.0})
    summary.refresh()
    assert plant.state(f"{CELL}.HI") is AlarmState.LATCHED
    summary.select([f"{CELL}.HI"])
    assert reset.isEnabled()
    reset.click()
    assert plant.state(f"{CELL}.HI") is AlarmState.NORMAL
    assert f"{CELL}.HI" not in names(summary, AlarmList.ACTIVE)


def test_a_supervisor_takes_an_alarm_out_of_service_and_back(qtbot: QtBot, plant: Bench) -> None:
    summary = make_summary(qtbot, plant, SUPERVISOR)
    summary.select([f"{DENS}.HI"])
    summary.buttons[Command.OUT_OF_SERVICE].click()
    dialog = summary.dialog
    assert dialog is not None and dialog.duration is None
    dialog.reason.setText("densimeter calibration")
    dialog.accept()
    assert plant.state(f"{DENS}.HI") is AlarmState.OUT_OF_SERVICE
    assert names(summary, AlarmList.OUT_OF_SERVICE) == [f"{DENS}.HI"]
    assert summary.tabs.tabText(3) == "Out of service (1)"
    summary.show_list(AlarmList.OUT_OF_SERVICE)
    summary.select([f"{DENS}.HI"])
    summary.buttons[Command.RETURN_TO_SERVICE].click()
    assert plant.state(f"{DENS}.HI") is AlarmState.ACTIVE_UNACK  # the condition is present
    assert names(summary, AlarmList.OUT_OF_SERVICE) == []


def test_acknowledge_all_shown_takes_the_filtered_list(qtbot: QtBot, plant: Bench) -> None:
    summary = make_summary(qtbot, plant, OPERATOR)
    summary.area.setCurrentText("EMM")
    outcome = summary.acknowledge_shown()
    assert sorted(outcome.done) == [f"{CELL}.HI", f"{IDC}.LO"]
    assert plant.state(f"{SPEED}.HIHI") is AlarmState.ACTIVE_UNACK


# journal ---------------------------------------------------------------------------------------


def test_journal_search_by_area_priority_tag_and_text(qtbot: QtBot, plant: Bench) -> None:
    plant.engine.acknowledge(f"{DENS}.HI", user=OPERATOR, comment="medium top-up started")
    summary = make_summary(qtbot, plant, SUPERVISOR)
    journal = summary.journal
    assert len(journal.search()) == 10  # 9 activations and 1 acknowledgement in the last 24 h
    journal.area.setCurrentText("CWP")
    assert {e.alarm for e in journal.search()} == {f"{DENS}.HI", f"{SUMP}.HI"}
    journal.area.setCurrentText("All")
    journal.priority.setCurrentIndex(journal.priority.findData(Priority.CRITICAL))
    assert {e.alarm for e in journal.search()} == {f"{CO2}.HIHI", f"{SPEED}.HIHI"}
    journal.priority.setCurrentIndex(0)
    journal.tag.setText(IN_T)
    assert {e.alarm for e in journal.search()} == {f"{IN_T}.HI", f"{IN_T}.HIHI"}
    journal.tag.setText("")
    journal.text.setText("top-up")
    (entry,) = journal.search()
    assert (entry.event, entry.user) == (JournalEvent.ACK, "olga")
    assert journal.status.text() == "1 entries, newest first"


def test_journal_custom_time_range(qtbot: QtBot, plant: Bench) -> None:
    summary = make_summary(qtbot, plant, SUPERVISOR)
    journal = summary.journal
    journal.range.setCurrentText("Custom")
    assert journal.since.isEnabled()
    first = min(e.time for e in plant.journal.query())
    journal.since.setDateTime(journal.since.dateTime().fromSecsSinceEpoch(int(first) + 20))
    journal.until.setDateTime(journal.until.dateTime().fromSecsSinceEpoch(int(first) + 40))
    found = journal.search()
    assert found and all(first + 20 <= e.time < first + 40 for e in found)


def test_journal_export_writes_the_search_as_csv(
    qtbot: QtBot, plant: Bench, tmp_path: Path
) -> None:
    summary = make_summary(qtbot, plant, SUPERVISOR)
    journal = summary.journal
    journal.area.setCurrentText("SCO2")
    target = tmp_path / "journal.csv"
    assert journal.export_to(target) == 5
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == CSV_HEADER
    assert [r[4] for r in rows[1:]] == [
        f"{IN_T}.HIHI", f"{IN_T}.HI", f"{SPEED}.HIHI", f"{VIB}.HI", f"{CO2}.HIHI"
    ]  # fmt: skip
    assert journal.status.text() == f"Exported 5 entries to {target}"


# KPIs ------------------------------------------------------------------------------------------


def test_kpi_panel_shows_rates_mix_and_top_ten(qtbot: QtBot, plant: Bench) -> None:
    summary = make_summary(qtbot, plant, SUPERVISOR)
    panel = summary.kpis
    report = panel.refresh()
    assert report is not None and report.annunciated == 9
    assert panel.figures["now"].text() == "9 — above target"
    assert panel.figures["peak"].text() == "9"
    assert panel.figures["average"].text() == "0.06 (within target 1)"
    share, bar = panel.mix[Priority.CRITICAL]
    assert share.text() == "2  (22 %)" and bar.value() == 22
    assert panel.top.rowCount() == 9
    assert panel.chattering.item(0).text() == "none"


def test_kpi_panel_lists_chattering_and_stale_alarms(qtbot: QtBot, plant: Bench) -> None:
    for _ in range(3):  # three activations within 60 s
        plant.advance(5)
        plant.set({SUMP: 40.0})
        plant.advance(5)
        plant.set({SUMP: 95.0})
    summary = make_summary(qtbot, plant, SUPERVISOR)
    summary.kpis.refresh()
    assert summary.kpis.chattering.item(0).text() == f"{SUMP}.HI  (4 activations)"
    plant.advance(25 * 3600)
    summary.kpis.refresh()
    stale = [summary.kpis.stale.item(i).text() for i in range(summary.kpis.stale.count())]
    assert f"{SPEED}.HIHI" in stale and f"{CO2}.HIHI" in stale
    summary.kpis.area.setCurrentText("CWP")
    stale = [summary.kpis.stale.item(i).text() for i in range(summary.kpis.stale.count())]
    assert stale == [f"{DENS}.HI", f"{SUMP}.HI"]


def test_kpi_panel_reports_longer_periods_from_the_journal(qtbot: QtBot, plant: Bench) -> None:
    summary = make_summary(qtbot, plant, SUPERVISOR)
    plant.advance(2 * 86400)
    summary.kpis.period.setCurrentText("Last 7 days")
    report = summary.kpis.report
    assert report is not None and report.annunciated == 9
    assert summary.kpis.figures["annunciated"].text() == "9"
