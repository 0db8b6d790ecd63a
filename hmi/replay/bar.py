"""The replay bar, under the header in REPLAY: play/pause, speed, step, jump to alarms,
bookmarks, and the timeline to seek on.

Every driver call that reads history (seek, step, next/previous alarm) runs as an asyncio
task; the driver reads on its own reader thread, so the GUI thread only awaits. Seeks from a
drag are coalesced: one in flight, the newest target next. The timeline's alarms, floods and
actions are loaded once on a worker thread (the runtime's Recording); a caller may add its
own events (``set_extra_events``: a training session's screen visits and upsets). Bookmarks
are the Recording's too: the runtime closes their file when it stops.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import time
from collections.abc import Awaitable, Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.replay.keys import SHORTCUTS, clock_text, keys_text, span_text
from hmi.replay.timeline import ReplayTimeline
from tags.replay.bookmarks import Bookmark
from tags.replay.driver import MAX_SPEED, MIN_SPEED, ReplayDriver, ReplayState
from tags.replay.events import Timeline
from tags.replay.timeline import OPERATOR_ACTIONS, Period, TimelineEvent
from tags.runtime import Runtime

log = logging.getLogger(__name__)

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
assert SPEEDS[0] == MIN_SPEED and SPEEDS[-1] == MAX_SPEED
REFRESH_MS = 100
MESSAGE_SECONDS = 8.0
"""How long a control's message ("no next alarm", "bookmark at ...") stays."""
ALARM_LEAD = 5.0
"""Next/previous alarm stops this many seconds before the alarm, to see it come."""
LONG_STEP = 60.0


class ReplayBar(QFrame):
    live_requested = Signal()
    """The operator asked to go back to live."""
    timeline_changed = Signal()
    """The timeline's events changed (loaded, a bookmark, extra events)."""
    moved = Signal(float)
    """The replay position changed (seen at the bar's refresh)."""

    def __init__(
        self,
        runtime: Runtime,
        user: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replayBar")
        if runtime.recording is None:
            raise ValueError("the replay bar needs a runtime that replays a recording")
        self.runtime = runtime
        self.recording = runtime.recording
        self.user = user
        self.timeline_data: Timeline | None = None
        self.extra: tuple[TimelineEvent, ...] = ()
        self.extra_periods: tuple[Period, ...] = ()
        self.bookmarks: list[Bookmark] = []
        self.tasks: set[asyncio.Future[object]] = set()
        self._message: tuple[str, dict[str, str], float] = ("", {}, 0.0)
        self._pending_seek: float | None = None
        self._seeking: asyncio.Future[object] | None = None
        self._loading: asyncio.Future[object] | None = None
        self._shown_position = float("nan")
        self._actions: list[TimelineEvent] = []
        self._action_times: list[float] = []
        self._build()
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    # layout --------------------------------------------------------------------------------

    def _button(self, action: Callable[[], object]) -> QPushButton:
        button = QPushButton()
        button.clicked.connect(lambda _=False: action())
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the shortcuts
        return button

    def _label(self, button: QPushButton, text: str, tip: str, key: str) -> None:
        button.setText(text)
        keys = keys_text(key)
        button.setToolTip(self.tr("{tip} ({keys})").format(tip=tip, keys=keys) if keys else tip)

    def retranslate_ui(self) -> None:
        """The controls' texts in the language now installed."""
        self._label(
            self.previous_button,
            self.tr("|◀ Alarm"),
            self.tr("Go to the previous alarm"),
            "previous_alarm",
        )
        self._label(
            self.back_button,
            self.tr("◀ Step"),
            self.tr("Step back one second of play; Shift: a minute"),
            "back",
        )
        self._label(
            self.forward_button,
            self.tr("Step ▶"),
            self.tr("Step forward one second of play; Shift: a minute"),
            "forward",
        )
        self._label(
            self.next_button, self.tr("Alarm ▶|"), self.tr("Go to the next alarm"), "next_alarm"
        )
        self._label(self.slower_button, "−", self.tr("Slower"), "slower")
        self._label(self.faster_button, "+", self.tr("Faster"), "faster")
        self.speed.setToolTip(
            self.tr("Replay speed, {low}x to {high}x (+ and -)").format(
                low=f"{MIN_SPEED:g}", high=f"{MAX_SPEED:g}"
            )
        )
        self.position_label.setToolTip(self.tr("Time in the recording"))
        self._label(
            self.bookmark_button,
            self.tr("Bookmark…"),
            self.tr("Add a bookmark with a note here"),
            "bookmark",
        )
        self.bookmark_list.setToolTip(
            self.tr("The bookmarks of this recording: choose one to go there")
        )
        self._label(
            self.live_button,
            self.tr("Back to live"),
            self.tr("Leave the replay: the plant as it is now"),
            "live",
        )
        self._show_bookmarks()
        self._play_text(playing=False)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
            self.timeline.update()
        super().changeEvent(event)

    def _play_text(self, *, playing: bool) -> None:
        text = self.tr("❚❚ Pause") if playing else self.tr("▶ Play")
        self._label(self.play_button, text, self.tr("Play or pause"), "play")

    def _build(self) -> None:
        self.previous_button = self._button(self.previous_alarm)
        self.back_button = self._button(lambda: self.step(-1))
        self.play_button = self._button(self.toggle_play)
        self.play_button.setObjectName("replayPlay")
        self.forward_button = self._button(lambda: self.step(1))
        self.next_button = self._button(self.next_alarm)
        self.slower_button = self._button(lambda: self.change_speed(-1))
        self.speed = QComboBox()
        for speed in SPEEDS:
            self.speed.addItem(f"{speed:g}x", speed)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: self.set_speed(SPEEDS[i]))
        self.faster_button = self._button(lambda: self.change_speed(1))
        self.position_label = QLabel("--:--:--")
        self.position_label.setObjectName("replayPosition")
        self.state_label = QLabel("")
        self.state_label.setObjectName("replayState")
        self.range_label = QLabel("")
        self.range_label.setObjectName("replayRange")
        self.bookmark_button = self._button(self.ask_bookmark)
        self.bookmark_menu = QMenu(self)
        self.bookmark_list = QToolButton()
        self.bookmark_list.setMenu(self.bookmark_menu)
        self.bookmark_list.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.bookmark_list.setEnabled(False)
        self.live_button = self._button(self.live_requested.emit)
        self.live_button.setObjectName("backToLive")
        self.timeline = ReplayTimeline()
        self.timeline.seek_requested.connect(self.seek)
        row = QHBoxLayout()
        row.setSpacing(4)
        controls: tuple[QWidget, ...] = (self.previous_button, self.back_button,
            self.play_button, self.forward_button, self.next_button)  # fmt: skip
        for widget in controls:
            row.addWidget(widget)
        row.addSpacing(10)
        for widget in (self.slower_button, self.speed, self.faster_button):
            row.addWidget(widget)
        row.addSpacing(10)
        row.addWidget(self.position_label)
        row.addWidget(self.state_label)
        row.addWidget(self.range_label, 1)
        for other in (self.bookmark_button, self.bookmark_list, self.live_button):
            row.addWidget(other)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.timeline)
        self.retranslate_ui()

    def install_shortcuts(self, window: QWidget) -> list[QShortcut]:
        """The bar's keys on the whole window (shown in the buttons' tooltips)."""
        actions: dict[str, Callable[[], object]] = {
            "play": self.toggle_play, "back": lambda: self.step(-1),
            "forward": lambda: self.step(1), "long_back": lambda: self.step(-1, LONG_STEP),
            "long_forward": lambda: self.step(1, LONG_STEP),
            "previous_alarm": self.previous_alarm, "next_alarm": self.next_alarm,
            "faster": lambda: self.change_speed(1), "slower": lambda: self.change_speed(-1),
            "bookmark": self.ask_bookmark, "start": self.to_start,
            "live": self.live_requested.emit,
        }  # fmt: skip
        made = []
        for name, keys in SHORTCUTS.items():
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), window)
                shortcut.activated.connect(actions[name])
                made.append(shortcut)
        return made

    # the driver ----------------------------------------------------------------------------

    @property
    def driver(self) -> ReplayDriver | None:
        """The replay driver once the runtime has started it."""
        driver = self.runtime.replay
        return driver if driver is not None and driver.end_time is not None else None

    def _run(self, work: Callable[[ReplayDriver], Awaitable[object]]) -> asyncio.Future[object]:
        driver = self.driver
        if driver is None:
            done: asyncio.Future[object] = asyncio.get_event_loop().create_future()
            done.set_result(None)
            return done
        task = asyncio.ensure_future(work(driver))
        self.tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Future[object]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("replay control failed: %s", task.exception())
            self.say(QT_TRANSLATE_NOOP("ReplayBar", "replay: {error}"), error=str(task.exception()))

    def toggle_play(self) -> None:
        driver = self.driver
        if driver is None:
            return
        if driver.state is ReplayState.PLAYING:
            driver.pause()
        elif driver.state is ReplayState.ENDED:
            self.seek(driver.start_time or 0.0)
            driver.play()
        else:
            driver.play()
        self.refresh()

    def set_speed(self, speed: float) -> None:
        driver = self.driver
        if driver is not None and driver.speed != speed:
            driver.set_speed(speed)
        index = SPEEDS.index(speed) if speed in SPEEDS else self.speed.currentIndex()
        if self.speed.currentIndex() != index:
            self.speed.setCurrentIndex(index)
        self.refresh()

    def change_speed(self, direction: int) -> None:
        index = min(max(self.speed.currentIndex() + direction, 0), len(SPEEDS) - 1)
        self.set_speed(SPEEDS[index])

    def seek(self, t: float) -> asyncio.Future[object]:
        """Go to ``t``; while a seek runs, only the newest target is kept for the next."""
        self._pending_seek = t
        if self._seeking is None or self._seeking.done():
            self._seeking = self._run(self._seek_until_done)
        return self._seeking

    async def _seek_until_done(self, driver: ReplayDriver) -> None:
        while self._pending_seek is not None:
            target, self._pending_seek = self._pending_seek, None
            await driver.seek(target)
        self.refresh()

    def step(self, direction: int, seconds: float | None = None) -> asyncio.Future[object]:
        """Pause and move one second of play at the current speed (or ``seconds``)."""
        driver = self.driver
        amount = seconds if seconds is not None else driver.speed if driver else 1.0
        return self._run(lambda d: d.step(direction * amount))

    def next_alarm(self) -> asyncio.Future[object]:
        none = QT_TRANSLATE_NOOP("ReplayBar", "no next alarm")
        return self._run(lambda d: self._jump(d.next_alarm(ALARM_LEAD), none))

    def previous_alarm(self) -> asyncio.Future[object]:
        none = QT_TRANSLATE_NOOP("ReplayBar", "no previous alarm")
        return self._run(lambda d: self._jump(d.previous_alarm(ALARM_LEAD), none))

    async def _jump(self, found: Awaitable[float | None], none: str) -> float | None:
        at = await found
        if at is None:
            self.say(none)
        else:
            self.say(QT_TRANSLATE_NOOP("ReplayBar", "alarm at {time}"), time=clock_text(at))
        self.refresh()
        return at

    def to_start(self) -> asyncio.Future[object]:
        """Back to the beginning of the range (paused or playing, as it was)."""
        return self._run(lambda d: d.seek(d.start_time or d.position))

    # timeline ------------------------------------------------------------------------------

    def set_extra_events(
        self, events: Iterable[TimelineEvent], periods: Iterable[Period] = ()
    ) -> None:
        """More markers from the caller (a training session's screen visits and upsets)."""
        self.extra = tuple(events)
        self.extra_periods = tuple(periods)
        self._show_events()

    def events(self) -> list[TimelineEvent]:
        """Everything on the timeline: recorded events, bookmarks, extra events."""
        recorded = list(self.timeline_data.events) if self.timeline_data else []
        marks = [b.event() for b in self.bookmarks]
        return sorted([*recorded, *marks, *self.extra], key=lambda e: e.time)

    def operator_actions(self, start: float, end: float) -> list[TimelineEvent]:
        """Operator actions (ack, shelve, write) in ``[start, end]`` up to the replay
        position (trend markers: what had been done by then)."""
        driver = self.driver
        end = min(end, driver.position) if driver is not None else end
        lo = bisect.bisect_left(self._action_times, start)
        hi = bisect.bisect_right(self._action_times, end)
        return self._actions[lo:hi]

    def _show_events(self) -> None:
        floods = list(self.timeline_data.floods) if self.timeline_data else []
        events = self.events()
        self._actions = [e for e in events if e.kind in OPERATOR_ACTIONS]
        self._action_times = [e.time for e in self._actions]
        self.timeline.set_events(events, [*floods, *self.extra_periods])
        self.timeline_changed.emit()

    def _load_timeline(self, driver: ReplayDriver) -> None:
        assert driver.start_time is not None and driver.end_time is not None
        self.timeline.set_range(driver.start_time, driver.end_time)
        start, end = driver.start_time, driver.end_time
        self._load_bookmarks()

        async def load() -> None:
            self.timeline_data = await self.recording.timeline(start, end)
            self._show_events()

        loading: asyncio.Future[object] = asyncio.ensure_future(load())
        self._loading = loading
        self.tasks.add(loading)
        loading.add_done_callback(self._finished)

    # bookmarks -----------------------------------------------------------------------------

    def ask_bookmark(self) -> QInputDialog | None:
        """Ask for the note of a bookmark at the current position (not modal to the loop)."""
        driver = self.driver
        if driver is None:
            return None
        at = driver.position
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Bookmark"))
        dialog.setLabelText(self.tr("Note for {time}:").format(time=clock_text(at, date=True)))
        dialog.textValueSelected.connect(lambda note: self.add_bookmark(note, at))
        dialog.open()
        return dialog

    def add_bookmark(self, note: str, at: float | None = None) -> Bookmark | None:
        """Keep a note at ``at`` (default: where the replay is); None if it is empty."""
        driver = self.driver
        if driver is None:
            return None
        try:
            at = driver.position if at is None else at
            mark = self.recording.add_bookmark(at, note, self.user())
        except ValueError as exc:
            self.say("{reason}", reason=str(exc))
            return None
        self._load_bookmarks()
        self._show_events()
        self.say(QT_TRANSLATE_NOOP("ReplayBar", "bookmark at {time}"), time=clock_text(mark.time))
        return mark

    def delete_bookmark(self, bookmark_id: int) -> None:
        self.recording.delete_bookmark(bookmark_id)
        self._load_bookmarks()
        self._show_events()
        self.say(QT_TRANSLATE_NOOP("ReplayBar", "bookmark deleted"))

    def _load_bookmarks(self) -> None:
        self.bookmarks = self.recording.bookmarks()
        self._show_bookmarks()

    def _show_bookmarks(self) -> None:
        self.bookmark_menu.clear()
        for mark in self.bookmarks:
            who = f" ({mark.user})" if mark.user else ""
            action = self.bookmark_menu.addAction(f"{clock_text(mark.time)} — {mark.note}{who}")
            action.triggered.connect(lambda _=False, t=mark.time: self.seek(t))
        if self.bookmarks:
            self.bookmark_menu.addSeparator()
            remove = self.bookmark_menu.addMenu(self.tr("Delete a bookmark"))
            for mark in self.bookmarks:
                action = remove.addAction(f"{clock_text(mark.time)} — {mark.note}")
                action.triggered.connect(lambda _=False, m=mark.id: self.delete_bookmark(m))
        self.bookmark_list.setText(self.tr("Bookmarks ({count})").format(count=len(self.bookmarks)))
        self.bookmark_list.setEnabled(bool(self.bookmarks))

    # display -------------------------------------------------------------------------------

    @property
    def message(self) -> str:
        """What the last control said, for a few seconds (in the language shown now)."""
        text, values, since = self._message
        if time.monotonic() - since >= MESSAGE_SECONDS or not text:
            return ""
        return QCoreApplication.translate("ReplayBar", text).format(**values)

    def say(self, text: str, **values: str) -> None:
        """Show ``text`` (marked with QT_TRANSLATE_NOOP under ReplayBar) for a few seconds,
        with ``values`` put into its placeholders."""
        self._message = (text, values, time.monotonic())

    def source_name(self) -> str:
        return self.recording.name

    def refresh(self) -> None:
        """Position, state and range as the driver has them now (10 times a second)."""
        driver = self.driver
        for widget in (self.play_button, self.back_button, self.forward_button,
                       self.previous_button, self.next_button, self.bookmark_button):  # fmt: skip
            widget.setEnabled(driver is not None)
        if driver is None:
            self.state_label.setText(self.tr("opening…"))
            return
        if self.timeline_data is None and self._loading is None:
            self._load_timeline(driver)
        assert driver.start_time is not None and driver.end_time is not None
        self.position_label.setText(clock_text(driver.position))
        playing = driver.state is ReplayState.PLAYING
        if playing:
            state = self.tr("PLAYING {speed}x").format(speed=f"{driver.speed:g}")
        elif driver.state is ReplayState.ENDED:
            state = self.tr("ENDED")
        else:
            state = self.tr("PAUSED")
        lag = driver.lag()
        if lag > 2.0:
            state += self.tr(", {seconds} s behind").format(seconds=f"{lag:.0f}")
        self.state_label.setText(state)
        self._play_text(playing=playing)
        first, last = driver.start_time, driver.end_time
        text = (f"{self.source_name()}: {clock_text(first, date=True)} – {clock_text(last)}"
                f"  ({span_text(last - first)})")  # fmt: skip
        if self.message:
            text += f"   {self.message}"
        self.range_label.setText(text)
        self.timeline.set_position(driver.position)
        if driver.position != self._shown_position:
            self._shown_position = driver.position
            self.moved.emit(driver.position)

    def close_bar(self) -> None:
        """Stop refreshing and drop running controls (the runtime closes the bookmarks)."""
        self._timer.stop()
        for task in list(self.tasks):
            task.cancel()
