"""The console in REPLAY: the replay bar drives the driver (play, pause, speed, drag to seek,
step, next alarm, bookmarks), seeking restores values and alarm states, speeds keep pace,
writes are refused with the reason, trends mark operator actions, and the console switches
from live to a recording and back."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from hmi.replay.bar import SPEEDS, ReplayBar
from hmi.replay.open_dialog import OpenRecordingDialog
from hmi.shell.app import Console
from hmi.shell.main_window import MainWindow
from hmi.trends.trend_view import TrendView
from screens import all_screens
from tags.clock import SystemClock
from tags.config.project import load_project
from tags.model import Priority, Quality, TagSample
from tags.replay.bookmarks import SqliteBookmarkStore
from tags.replay.driver import ReplayDriver, ReplayState
from tags.replay.request import ReplayRequest
from tags.replay.timeline import EventKind, TimelineEvent
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import UserStore
from tests.paths import SIGNALS_PROJECT
from tests.tags.replay.replay_support import (
    ACK_AT,
    FLOOD,
    HI_AT,
    HIHI_AT,
    SHELVE_AT,
    T0,
    WRITE_AT,
    make_recording,
    sine,
)
from tests.waiting import until

UPSET = TimelineEvent(T0 + 95, EventKind.UPSET, "ramp test started", user="trainer")


def add_users(data: Path) -> None:
    with UserStore(data / "users.db", SystemClock(), SecurityPolicy()) as store:
        store.add("ada", Role.ADMIN, "ada-password")


@dataclass
class Replaying:
    console: Console
    window: MainWindow
    bar: ReplayBar

    @property
    def driver(self) -> ReplayDriver:
        driver = self.bar.driver
        assert driver is not None
        return driver


Opener = Callable[..., contextlib.AbstractContextManager[Replaying]]


@contextlib.contextmanager
def replay_console(
    loop: asyncio.AbstractEventLoop, tmp: Path, events: Sequence[TimelineEvent] = ()
) -> Iterator[Replaying]:
    """A console replaying the signal bench recording, its timeline loaded; stopped inside
    the test."""
    data = tmp / "data"
    rec = make_recording(tmp / "rec.db", data)
    add_users(data)
    console = Console(load_project(SIGNALS_PROJECT), data, all_screens(), replay=rec, events=events)
    window = loop.run_until_complete(console.start())
    bar = window.replay_bar
    assert bar is not None
    try:
        loop.run_until_complete(until(lambda: bar.timeline_data is not None))
        yield Replaying(console, window, bar)
    finally:
        loop.run_until_complete(console.stop())


@pytest.fixture
def replaying(qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Opener:
    return lambda **kw: replay_console(qloop, tmp_path, **kw)


@pytest.mark.slow
def test_the_header_says_replay_and_the_bar_shows_the_range(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener
) -> None:
    with replaying() as r:
        window, bar = r.window, r.bar
        assert window.header.mode.text() == "REPLAY"
        assert window.header.property("mode") == "REPLAY"
        assert window.header.clock.property("replay") is True  # framed: recording time
        assert window.header.replay_button.isHidden()  # "Back to live" is on the bar
        assert "REPLAY of rec.db" in window.windowTitle()
        window.header.tick()
        assert window.header.clock.text() == time.strftime("%d %b %H:%M:%S",
                                                           time.localtime(T0))  # fmt: skip
        assert bar.state_label.text() == "PAUSED"
        assert bar.position_label.text() == time.strftime("%H:%M:%S", time.localtime(T0))
        assert "(10 min)" in bar.range_label.text()
        assert "Space" in bar.play_button.toolTip() and "Ctrl+Right" in bar.next_button.toolTip()


@pytest.mark.slow
def test_seek_restores_values_and_alarm_states_at_that_time(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener
) -> None:
    with replaying() as r:
        console, window, bar = r.console, r.window, r.bar
        db, status = console.runtime.db, window.alarms
        expected = ((150, Priority.LOW), (220, Priority.HIGH), (50, None), (240, Priority.HIGH))
        for at, priority in expected:
            qloop.run_until_complete(bar.seek(T0 + at))
            assert db.get("TST.GEN.SINE").value == sine(at)
            assert db.get("TST.FIC1.SP").value == (55.0 if at > 300 else 50.0)
            alarm = status.of("TST.GEN.SINE")
            shown = alarm.priority if alarm is not None and alarm.active else None
            assert shown == priority, at
        active = sorted(a.name for a in console.runtime.alarms.active() if a.active)
        assert active == ["TST.GEN.SINE.HI", "TST.GEN.SINE.HIHI"]  # re-evaluated at 100 %


@pytest.mark.slow
@pytest.mark.parametrize("speed", [4.0, 16.0])
def test_playing_keeps_pace_with_the_wall_clock(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener, speed: float
) -> None:
    with replaying() as r:
        bar, driver = r.bar, r.driver
        bar.set_speed(speed)
        wall0, pos0 = time.monotonic(), driver.position
        bar.toggle_play()
        qloop.run_until_complete(asyncio.sleep(1.5))  # the measurement: 1.5 s of wall clock
        ratio = (driver.position - pos0) / (time.monotonic() - wall0)
        bar.toggle_play()
        assert driver.state.value == "paused"
        print(f"replay {speed:g}x: {ratio:.2f} recorded seconds per wall second")
        assert speed * 0.8 <= ratio <= speed * 1.1


@pytest.mark.slow
def test_writes_are_refused_in_replay_with_the_reason(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener
) -> None:
    with replaying() as r:
        console, window = r.console, r.window
        window.session.login("ada", "ada-password")
        faceplate = window.open_faceplate("TST.FIC1.SP")
        assert faceplate is not None
        dialog = faceplate.open_write("TST.FIC1.SP")
        assert dialog.message.text() == "Not allowed: replay mode"
        assert not dialog.send.isEnabled()
        result = qloop.run_until_complete(
            console.runtime.writes.write("TST.FIC1.SP", 60.0, user=window.session.user, reason="x")
        )
        assert not result.ok and result.reason == "replay mode"
        record = console.runtime.audit.query(action="write_refused")[0]
        assert (record.user, record.tag, record.result) == ("ada", "TST.FIC1.SP",
                                                            "refused: replay mode")  # fmt: skip


@pytest.mark.slow
def test_the_bar_controls_drive_the_driver(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener
) -> None:
    with replaying() as r:
        console, bar, driver = r.console, r.bar, r.driver
        bar.play_button.click()
        assert driver.state is ReplayState.PLAYING and bar.play_button.text() == "❚❚ Pause"
        bar.play_button.click()
        assert driver.state.value == "paused"
        bar.faster_button.click()
        bar.faster_button.click()
        assert driver.speed == 4.0 and bar.speed.currentText() == "4x"
        bar.slower_button.click()
        assert driver.speed == 2.0
        bar.speed.setCurrentIndex(len(SPEEDS) - 1)
        assert driver.speed == 64.0
        bar.set_speed(1.0)
        # drag on the timeline: press at 1:40, move to 5:10, release there
        timeline = bar.timeline
        timeline.resize(1000, timeline.height())
        y = round(timeline.lane_y(1))
        press = QPoint(round(timeline.x_of(T0 + 100)), y)
        QTest.mousePress(timeline, Qt.MouseButton.LeftButton, pos=press)
        to = QPoint(round(timeline.x_of(T0 + 310)), y)
        QTest.mouseMove(timeline, to)
        QTest.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=to)
        qloop.run_until_complete(until(lambda: not bar.tasks))
        pixel = 600.0 / timeline.track().width()
        assert driver.position == pytest.approx(T0 + 310, abs=pixel)
        assert console.runtime.db.get("TST.FIC1.SP").value == 55.0
        qloop.run_until_complete(bar.seek(T0 + 10))
        qloop.run_until_complete(bar.step(1))
        assert driver.position == T0 + 11 and driver.state is ReplayState.PAUSED
        qloop.run_until_complete(bar.step(-1, 60.0))
        assert driver.position == T0
        qloop.run_until_complete(bar.next_alarm())
        assert driver.position == HI_AT - 5.0 and bar.message == "alarm at " + time.strftime(
            "%H:%M:%S", time.localtime(HI_AT))  # fmt: skip
        qloop.run_until_complete(bar.next_alarm())
        assert driver.position == HIHI_AT - 5.0
        qloop.run_until_complete(bar.previous_alarm())
        assert driver.position == HI_AT - 5.0


@pytest.mark.slow
def test_keyboard_shortcuts_reach_the_bar(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener
) -> None:
    with replaying() as r:
        window, bar, driver = r.window, r.bar, r.driver
        window.show()
        window.activateWindow()
        qloop.run_until_complete(until(window.isActiveWindow))  # shortcuts need it active
        QTest.keyClick(window, Qt.Key.Key_Space)
        assert driver.state is ReplayState.PLAYING
        QTest.keyClick(window, Qt.Key.Key_Space)
        assert driver.state.value == "paused"
        QTest.keyClick(window, Qt.Key.Key_Plus)
        assert driver.speed == 2.0
        QTest.keyClick(window, Qt.Key.Key_Minus)
        QTest.keyClick(window, Qt.Key.Key_Minus)
        assert driver.speed == 0.5
        QTest.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
        qloop.run_until_complete(until(lambda: not bar.tasks))
        assert driver.position == HI_AT - 5.0
        QTest.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        qloop.run_until_complete(until(lambda: not bar.tasks))
        assert driver.position == HI_AT + 55.0
        QTest.keyClick(window, Qt.Key.Key_Home)
        qloop.run_until_complete(until(lambda: not bar.tasks))
        assert driver.position == T0


@pytest.mark.slow
def test_bookmarks_are_kept_listed_and_lead_back_to_their_moment(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener
) -> None:
    with replaying() as r:
        console, window, bar, driver = r.console, r.window, r.bar, r.driver
        window.session.login("ada", "ada-password")
        qloop.run_until_complete(bar.seek(T0 + 215))
        dialog = bar.ask_bookmark()
        assert dialog is not None
        dialog.setTextValue("operator acks the HIHI late")
        dialog.accept()
        assert bar.add_bookmark("   ") is None and bar.message == "a bookmark needs a note"
        (mark,) = bar.bookmarks
        assert (mark.time, mark.note, mark.user) == (T0 + 215, "operator acks the HIHI late", "ada")
        assert bar.bookmark_list.text() == "Bookmarks (1)"
        assert [p.event.kind for p in bar.timeline.placed() if p.lane == 2] == [EventKind.BOOKMARK]
        qloop.run_until_complete(bar.seek(T0))
        action, _separator, _delete = bar.bookmark_menu.actions()
        assert action.text().endswith("operator acks the HIHI late (ada)")
        action.trigger()
        qloop.run_until_complete(until(lambda: not bar.tasks))
        assert driver.position == T0 + 215
        second = bar.add_bookmark("a mistake")
        assert second is not None and bar.bookmark_list.text() == "Bookmarks (2)"
        menu = bar.bookmark_menu.actions()[-1].menu()
        (wrong,) = [a for a in menu.actions() if a.text().endswith("a mistake")]
        wrong.trigger()
        assert [b.note for b in bar.bookmarks] == ["operator acks the HIHI late"]
        assert bar.message == "bookmark deleted"
        assert len([p for p in bar.timeline.placed() if p.lane == 2]) == 1
        recording = console.runtime.recording
    assert recording is not None
    path = recording.path
    with SqliteBookmarkStore(
        path.parent / "data" / "bookmarks.db"
    ) as store:  # kept after the replay
        assert [b.note for b in store.of(path)] == ["operator acks the HIHI late"]


@pytest.mark.slow
def test_the_timeline_shows_the_recorded_alarms_actions_flood_and_extra_events(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener
) -> None:
    with replaying(events=[UPSET]) as r:
        bar = r.bar
        timeline = bar.timeline
        timeline.resize(1200, timeline.height())
        placed = timeline.placed()
        alarms = [(p.event.time, p.event.priority) for p in placed if p.lane == 0]
        assert alarms == [(HI_AT, 4), (HIHI_AT, 2)] + [(t, 3) for t in FLOOD]
        actions = [(p.event.time, p.event.kind) for p in placed if p.lane == 1]
        assert actions == [(ACK_AT, EventKind.ACK), (WRITE_AT, EventKind.WRITE),
                           (SHELVE_AT, EventKind.SHELVE)]  # fmt: skip
        assert [p.event for p in placed if p.lane == 2] == [UPSET]
        assert [(p.start, p.end) for p in timeline.periods] == [(FLOOD[8], T0 + 600)]
        write = timeline.marker_at(timeline.x_of(WRITE_AT) + 2, timeline.lane_y(1))
        assert isinstance(write, TimelineEvent) and "55.0 m³/h (step test)" in write.text
        flood = timeline.marker_at(timeline.x_of(T0 + 560), timeline.lane_y(1))
        assert flood is not None and "alarm flood" in flood.text  # type: ignore[union-attr]
        later = TimelineEvent(T0 + 330, EventKind.SCREEN, "Trends", user="trainer")
        bar.set_extra_events([later])
        assert [p.event for p in timeline.placed() if p.lane == 2] == [later]


@pytest.mark.slow
def test_trends_mark_the_operator_actions_of_the_recording(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener
) -> None:
    with replaying() as r:
        window, bar = r.window, r.bar
        qloop.run_until_complete(bar.seek(T0 + 590))
        view = window.open_screen("trends")
        assert isinstance(view, TrendView) and view.markers is not None
        view.pause()
        view.plot.set_x_range(T0 + 150, T0 + 350)
        assert [(e.time, e.kind) for e in view.markers.shown] == [
            (ACK_AT, EventKind.ACK), (WRITE_AT, EventKind.WRITE)]  # fmt: skip
        line = view.markers.lines[1]
        assert line.value() == WRITE_AT and line.label.textItem.toPlainText() == "W"
        assert "write TST.FIC1.SP 50.0 → 55.0 m³/h (step test) — ada" in line.toolTip()
        view.plot.set_x_range(T0 + 350, T0 + 450)
        assert [e.kind for e in view.markers.shown] == [EventKind.SHELVE]
        assert not view.markers.lines[1].isVisible()
        view.stop()


@pytest.mark.slow
def test_the_console_opens_a_recording_and_goes_back_to_live(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    rec = make_recording(tmp_path / "rec.db", data)
    add_users(data)
    (tmp_path / "notes.txt").write_text("not a recording")
    console = Console(load_project(SIGNALS_PROJECT), data, all_screens())
    window = qloop.run_until_complete(console.start())
    try:
        window.session.login("ada", "ada-password")
        window.open_screen("trends")
        assert window.header.mode.text() == "SIMULATION" and window.replay_bar is None
        assert window.header.replay_button.text() == "Replay…"
        dialog = window.open_recording()
        dialog.path.setText(str(tmp_path / "notes.txt"))
        qloop.run_until_complete(dialog.try_open())
        assert dialog.message.text() == (f"Not opened: {tmp_path / 'notes.txt'}: not a recording "
                                         "(not an SQLite history file)")  # fmt: skip
        dialog.path.setText(str(rec))
        qloop.run_until_complete(dialog.try_open())
        assert console.switching is not None
        replay = qloop.run_until_complete(console.switching)
        assert console.window is replay and replay is not window
        assert replay.header.mode.text() == "REPLAY" and replay.replay_bar is not None
        assert replay.current_screen() == "trends"
        assert replay.session.user is not None and replay.session.user.name == "ada"
        recording = console.runtime.recording
        assert recording is not None and recording.path == rec
        live_runtime = console.live  # still reading the field and recording meanwhile
        assert live_runtime is not None and live_runtime.started
        assert live_runtime is window.runtime and live_runtime.historian is not None
        before = live_runtime.db.get("TST.GEN.SINE").server_time
        qloop.run_until_complete(
            until(lambda: live_runtime.db.get("TST.GEN.SINE").server_time > before)
        )
        now = live_runtime.db.clock.now()
        live_runtime.db.publish({"TST.GEN.SINE": TagSample(99.6, Quality.GOOD, now, now)})
        qloop.run_until_complete(
            until(lambda: "LIVE plant:" in replay.statusBar().currentMessage())
        )
        assert replay.replay_bar is not None
        replay.replay_bar.live_button.click()
        live = qloop.run_until_complete(console.switching)
        assert console.runtime is live_runtime and console.live is None  # the same, not rebuilt
        assert live.header.mode.text() == "SIMULATION" and live.replay_bar is None
        assert {a.name for a in live_runtime.alarms.active()} >= {"TST.GEN.SINE.HIHI"}
        assert live.session.user is not None and live.session.user.name == "ada"
        sine_now = console.runtime.db.get
        qloop.run_until_complete(until(lambda: sine_now("TST.GEN.SINE").value is not None))
        future = console.switch_later(ReplayRequest(tmp_path / "missing.db"))
        assert future is not None
        with pytest.raises(Exception, match="no such file"):
            qloop.run_until_complete(future)
        assert console.window is live  # nothing changed
        assert "Not opened:" in live.statusBar().currentMessage()
    finally:
        qloop.run_until_complete(console.stop())


@pytest.mark.slow
def test_trends_show_the_recording_up_to_the_replay_position(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, replaying: Opener
) -> None:
    with replaying() as r:
        bar = r.bar
        qloop.run_until_complete(bar.seek(T0 + 205))
        view = r.window.open_screen("trends")
        assert isinstance(view, TrendView) and view.markers is not None
        view.add_pen("TST.GEN.SINE")
        view.pause()
        view.plot.set_x_range(T0, T0 + 600)
        qloop.run_until_complete(until(lambda: bool(view.history.queries)
                                       and not view.history.loading))  # fmt: skip
        xs, _ = view.plot.points("TST.GEN.SINE")
        assert len(xs) and T0 + 199 <= xs[-1] <= T0 + 205  # nothing after the position
        assert view.markers.shown == []  # the ack at 210 has not happened yet
        qloop.run_until_complete(bar.seek(T0 + 400))
        bar.refresh()
        assert [e.kind for e in view.markers.shown] == [EventKind.ACK, EventKind.WRITE,
                                                        EventKind.SHELVE]  # fmt: skip
        calls = len(view.history.queries)
        view.tick()  # the clock jumped: fetch again
        qloop.run_until_complete(until(lambda: len(view.history.queries) > calls
                                       and not view.history.loading))  # fmt: skip
        xs, _ = view.plot.points("TST.GEN.SINE")
        assert T0 + 395 <= xs[-1] <= T0 + 400
        view.stop()


def test_the_open_dialog_offers_the_own_history_by_time_range(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    dialog = OpenRecordingDialog(data)
    qtbot.addWidget(dialog)
    chosen: list[ReplayRequest] = []
    dialog.chosen.connect(chosen.append)
    dialog.history_choice.setChecked(True)
    assert not dialog.path.isEnabled() and dialog.start.isEnabled()
    qloop.run_until_complete(dialog.try_open())
    assert dialog.message.text() == (f"Not opened: {data / 'history.db'}: this console has "
                                     "recorded no history yet")  # fmt: skip
    make_recording(data / "history.db")
    dialog.start.setDateTime(QDateTime.fromSecsSinceEpoch(round(T0 + 60)))
    dialog.end.setDateTime(QDateTime.fromSecsSinceEpoch(round(T0 + 120)))
    qloop.run_until_complete(dialog.try_open())
    assert chosen == [ReplayRequest(data / "history.db", T0 + 60, T0 + 120, own_history=True)]
    assert chosen[0].title().startswith("this console's history, ")
