"""The alarm banner: ordering, acknowledge one and all shown, the horn (repeat, silence, off),
the flood marker, a click to the alarm's display, and the area counts on navigation buttons."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from hmi.alarms.area_counts import AreaAlarmCounts
from hmi.alarms.banner import AlarmBanner
from hmi.alarms.horn import Horn
from hmi.alarms.navigation import AlarmNavigator
from hmi.alarms.sounders import BeepSounder
from hmi.alarms.table import Column
from tags.alarms.engine import AlarmState
from tags.alarms.journal import AlarmJournal
from tags.alarms.settings import KpiSettings
from tags.model import AlarmKind, Priority
from tags.security.permissions import User
from tests.hmi.alarms.alarm_plant import (
    CELL,
    CO2,
    DENS,
    IDC,
    IN_T,
    OPERATOR,
    SPEED,
    SUMP,
    VIB,
    VIEWER,
    make_plant,
    upset,
)
from tests.tags.alarms.bench import Bench, alarm, tag
from tests.waiting import GENEROUS_MS

EXPECTED_ORDER = [
    f"{CO2}.HIHI",
    f"{SPEED}.HIHI",
    f"{IDC}.LO",
    f"{IN_T}.HIHI",
    f"{DENS}.HI",
    f"{VIB}.HI",
    f"{IN_T}.HI",
    f"{CELL}.HI",
    f"{SUMP}.HI",
]


class Beeper:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[AlarmJournal]:
    with AlarmJournal(tmp_path / "alarms.db") as opened:
        yield opened


@pytest.fixture
def plant(journal: AlarmJournal) -> Bench:
    return make_plant(journal)


def make_banner(
    qtbot: QtBot,
    bench: Bench,
    user: User | None = OPERATOR,
    *,
    rows: int = 8,
    beeper: Beeper | None = None,
    opened: list[str] | None = None,
) -> AlarmBanner:
    horn = Horn(BeepSounder(beeper or Beeper(), interval_ms=30))
    banner = AlarmBanner(
        bench.engine,
        lambda: user,
        horn=horn,
        rows=rows,
        open_alarm=opened.append if opened is not None else None,
    )
    qtbot.addWidget(banner)
    return banner


def test_banner_shows_unacknowledged_alarms_by_priority_then_newest_first(
    qtbot: QtBot, plant: Bench
) -> None:
    banner = make_banner(qtbot, plant, rows=9)
    upset(plant)
    banner.refresh()
    assert [v.name for v in banner.shown()] == EXPECTED_ORDER
    first = banner.model.views[0]
    texts = [banner.model.text(first, c) for c in (Column.PRIORITY, Column.TAG, Column.KIND)]
    assert texts == ["1 critical", CO2, "HIHI"]
    assert banner.model.text(first, Column.VALUE) == "31200.00 ppm"
    assert banner.model.text(first, Column.LIMIT) == "30000.00 ppm"
    assert banner.model.text(first, Column.MESSAGE) == "Enclosure CO2 very high"
    assert banner.count.text() == "9 unacknowledged"


def test_banner_shows_the_first_rows_and_counts_the_rest(qtbot: QtBot, plant: Bench) -> None:
    banner = make_banner(qtbot, plant, rows=3)
    upset(plant)
    banner.refresh()
    assert [v.name for v in banner.shown()] == EXPECTED_ORDER[:3]
    assert banner.count.text() == "9 unacknowledged, 3 shown"


def test_acknowledging_the_selected_alarm_removes_it_from_the_banner(
    qtbot: QtBot, plant: Bench
) -> None:
    banner = make_banner(qtbot, plant)
    upset(plant)
    banner.refresh()
    assert not banner.ack_button.isEnabled()
    assert banner.ack_button.toolTip().endswith("select an alarm first")
    banner.select(f"{DENS}.HI")
    banner.update_actions()
    assert banner.ack_button.isEnabled()
    outcome = banner.acknowledge_selected()
    assert outcome.done == [f"{DENS}.HI"]
    assert plant.state(f"{DENS}.HI") is AlarmState.ACTIVE_ACK
    assert f"{DENS}.HI" not in [v.name for v in banner.shown()]
    (entry,) = plant.journal.query(alarm=f"{DENS}.HI", events=None, text=None, limit=1)
    assert (entry.event.value, entry.user) == ("ack", "olga")


def test_acknowledge_all_shown_leaves_the_alarms_not_shown(qtbot: QtBot, plant: Bench) -> None:
    banner = make_banner(qtbot, plant, rows=3)
    upset(plant)
    banner.refresh()
    outcome = banner.acknowledge_shown()
    assert sorted(outcome.done) == sorted(EXPECTED_ORDER[:3])
    assert [v.name for v in banner.shown()] == EXPECTED_ORDER[3:6]
    assert all(plant.state(n) is AlarmState.ACTIVE_UNACK for n in EXPECTED_ORDER[3:])


def test_a_viewer_cannot_acknowledge_and_is_told_why(qtbot: QtBot, plant: Bench) -> None:
    banner = make_banner(qtbot, plant, user=VIEWER)
    upset(plant, [SPEED])
    banner.refresh()
    banner.select(f"{SPEED}.HIHI")
    banner.update_actions()
    assert not banner.ack_button.isEnabled()
    assert "viewer 'vic' may not acknowledge alarms in area SCO2" in banner.ack_button.toolTip()
    assert not banner.ack_shown_button.isEnabled()
    outcome = banner.acknowledge_shown()  # the engine refuses too, in its own words
    assert banner.message.text() == "viewer 'vic' may not acknowledge alarms in area SCO2"
    assert outcome.done == []
    assert plant.state(f"{SPEED}.HIHI") is AlarmState.ACTIVE_UNACK


def test_the_horn_repeats_until_silenced_and_sounds_again_for_a_new_alarm(
    qtbot: QtBot, plant: Bench
) -> None:
    beeper = Beeper()
    banner = make_banner(qtbot, plant, beeper=beeper)
    assert not banner.horn.sounding and beeper.count == 0
    upset(plant, [SPEED])
    banner.refresh()
    assert banner.horn.sounding and banner.silence_button.isEnabled()
    qtbot.waitUntil(lambda: beeper.count >= 3, timeout=GENEROUS_MS)  # repeats
    banner.silence_button.click()
    assert not banner.horn.sounding and not banner.silence_button.isEnabled()
    silenced_at = beeper.count
    qtbot.wait(120)
    assert beeper.count == silenced_at
    upset(plant, [DENS])  # a new alarm sounds again
    banner.refresh()
    assert banner.horn.sounding and beeper.count == silenced_at + 1


def test_acknowledging_stops_the_horn(qtbot: QtBot, plant: Bench) -> None:
    banner = make_banner(qtbot, plant)
    upset(plant, [SPEED, DENS])
    banner.refresh()
    assert banner.horn.sounding
    banner.acknowledge_shown()
    assert not banner.horn.sounding


def test_the_horn_can_be_switched_off(qtbot: QtBot, plant: Bench) -> None:
    beeper = Beeper()
    banner = make_banner(qtbot, plant, beeper=beeper)
    banner.horn_button.click()
    assert banner.horn_button.text() == "Horn off" and not banner.horn.enabled
    upset(plant, [SPEED])
    banner.refresh()
    assert not banner.horn.sounding and beeper.count == 0
    assert banner.shown()  # still annunciated on screen
    banner.horn_button.click()
    assert banner.horn.sounding and beeper.count == 1


def test_the_default_horn_beeps_without_failing_offscreen(qtbot: QtBot, plant: Bench) -> None:
    banner = AlarmBanner(plant.engine, lambda: OPERATOR)
    qtbot.addWidget(banner)
    upset(plant, [SPEED])
    banner.refresh()
    assert banner.horn.sounding
    banner.close_banner()
    assert not banner.horn.sounding


def test_flood_marker_shows_while_the_kpis_say_flood(qtbot: QtBot, journal: AlarmJournal) -> None:
    names = [f"SCO2.T{i:02d}" for i in range(12)]
    bench = Bench(
        [tag(n, alarm(n, AlarmKind.HI, 50.0, priority=Priority.LOW)) for n in names],
        journal,
        kpi=KpiSettings(flood_begin=10, flood_end=5),
    )
    banner = make_banner(qtbot, bench)
    bench.set(dict.fromkeys(names, 10.0))
    for name in names[:10]:
        bench.advance(20)
        bench.set({name: 60.0})
    banner.refresh()
    assert not banner.flood.isVisibleTo(banner)
    bench.advance(20)
    bench.set({names[10]: 60.0})
    banner.refresh()
    assert banner.flood.isVisibleTo(banner)
    assert banner.flood.text() == "FLOOD  11 in 10 min"
    assert "more than 10 alarms in 10 min" in banner.flood.toolTip()
    bench.advance(600)  # the window empties: the flood ends
    banner.check_flood()
    assert not banner.flood.isVisibleTo(banner)


def test_clicking_an_alarm_selects_it_and_goes_to_its_display(qtbot: QtBot, plant: Bench) -> None:
    opened: list[str] = []
    banner = make_banner(qtbot, plant, opened=opened)
    upset(plant, [DENS, SPEED])
    banner.refresh()
    rect = banner.table.visualRect(banner.model.index(1, 2))
    qtbot.mouseClick(banner.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [DENS]
    assert banner.selected_name() == f"{DENS}.HI"
    assert banner.ack_button.isEnabled()


class _Readout(QLabel):
    def __init__(self, tag_name: str) -> None:
        super().__init__(tag_name)
        self.main_tag = tag_name


def test_navigator_opens_the_screen_and_frames_the_object_else_the_faceplate(
    qtbot: QtBot,
) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    target = _Readout(DENS)
    layout.addWidget(QLabel("other"))
    layout.addWidget(target)
    page.resize(300, 200)
    page.show()
    screens: list[str] = []
    faceplates: list[str] = []

    def open_screen(key: str) -> QWidget:
        screens.append(key)
        return page

    navigate = AlarmNavigator(
        open_screen, faceplates.append, {"cwp"}, lambda t: "cwp" if t.startswith("CWP") else ""
    )
    assert navigate(DENS) == "cwp"
    (frame,) = page.findChildren(QFrame, "alarmHighlight")
    assert frame.geometry().contains(target.geometry())
    assert screens == ["cwp"] and faceplates == []
    assert navigate(SPEED) == ""  # no display shows it: the faceplate
    assert faceplates == [SPEED]
    without = AlarmNavigator(open_screen, faceplates.append, {"cwp"})
    assert without(DENS) == "" and faceplates == [SPEED, DENS]


def test_navigation_buttons_show_unacknowledged_counts_per_area(qtbot: QtBot, plant: Bench) -> None:
    buttons = {key: QPushButton(key.upper()) for key in ("sco2", "cwp", "alarms", "tags")}
    for button in buttons.values():
        qtbot.addWidget(button)
        button.setToolTip(button.text())
    counts = AreaAlarmCounts(
        plant.engine, buttons, {"sco2": "SCO2", "cwp": "CWP"}, totals=["alarms"]
    )
    assert buttons["sco2"].icon().isNull()
    upset(plant)
    counts.refresh()
    assert counts.shown["sco2"] == {C: 2, H: 1, M: 2, L: 0}
    assert buttons["sco2"].toolTip() == "SCO2\n2 critical, 1 high, 2 medium unacknowledged"
    assert not buttons["sco2"].icon().isNull()
    assert counts.shown["alarms"] == {C: 2, H: 2, M: 3, L: 2}
    assert "tags" not in counts.shown
    plant.engine.acknowledge_all(user=OPERATOR, areas=["SCO2"])
    counts.refresh()
    assert buttons["sco2"].icon().isNull()
    assert buttons["sco2"].toolTip() == "SCO2\nno unacknowledged alarms"
    counts.close()


C, H, M, L = Priority.CRITICAL, Priority.HIGH, Priority.MEDIUM, Priority.LOW
