"""One loop's sheet in the console: what it is (range, alarm limits, the screens that show
it), its live value, per check point the expected value, the newest value seen with its
verdict, who and when, and a Capture button; a note and "Mark failed"; the loop's history."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.bridge import TagBridge
from tags.loopcheck.book import LoopState, point_text
from tags.loopcheck.checklist import DEFAULT_TOLERANCE_PERCENT
from tags.loopcheck.sheets import when
from tags.model import TagSample
from tags.subscription import Subscription

Capture = Callable[[str, str, float, str], None]
"""(tag, point, tolerance %, note): capture the live value at a point."""


class SheetPanel(QWidget):
    """The sheet of the loop chosen; ``capture_requested(point)`` and ``fail_requested()``
    ask the view to record (it checks the user and refreshes the panel)."""

    capture_requested = Signal(str)
    fail_requested = Signal()

    def __init__(self, bridge: TagBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.state: LoopState | None = None
        self._watch: Subscription | None = None
        self.title = QLabel("Choose a loop")
        self.title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.live = QLabel("----")
        self.live.setStyleSheet("font-size: 18px")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.points_box = QGroupBox("Check points")
        self.points = QGridLayout(self.points_box)
        self.buttons: dict[str, QPushButton] = {}
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0.01, 25.0)
        self.tolerance.setValue(DEFAULT_TOLERANCE_PERCENT)
        self.tolerance.setSuffix(" % of span")
        self.note = QLineEdit()
        self.note.setPlaceholderText("note (needed to mark the loop failed)")
        self.fail_button = QPushButton("Mark failed")
        self.fail_button.clicked.connect(self.fail_requested)
        self.history = QListWidget()
        form = QFormLayout()
        form.addRow("Live value", self.live)
        form.addRow("Tolerance", self.tolerance)
        notes = QHBoxLayout()
        notes.addWidget(self.note, 1)
        notes.addWidget(self.fail_button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.about, self.status):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.points_box)
        layout.addLayout(notes)
        layout.addWidget(QLabel("History"))
        layout.addWidget(self.history, 1)
        self.set_enabled(False, "Choose a loop")

    def set_enabled(self, enabled: bool, why: str = "") -> None:
        """Allow capturing and failing (False: ``why`` in the tooltips)."""
        for button in [*self.buttons.values(), self.fail_button]:
            button.setEnabled(enabled and self.state is not None)
            button.setToolTip("" if enabled else why)

    def show_state(self, state: LoopState | None) -> None:
        """Show ``state``'s sheet (None: no loop chosen)."""
        same = state is not None and self.state is not None and state.loop == self.state.loop
        self.state = state
        if not same:
            self._watch_live()
        self._fill()

    def _watch_live(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        if self.state is not None:
            self._watch = self.bridge.watch(self.state.loop.tag, self._on_sample, owner=self)

    def _on_sample(self, _name: str, sample: TagSample) -> None:
        if self.state is None:
            return
        loop = self.state.loop
        value = sample.value
        text = loop.format(float(value)) if isinstance(value, int | float) else "----"
        if not sample.quality.is_good:
            text += f"  ({sample.quality.name})"
        self.live.setText(text)

    def _fill(self) -> None:
        while self.points.count():
            item = self.points.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        self.buttons = {}
        self.history.clear()
        state = self.state
        if state is None:
            self.title.setText("Choose a loop")
            self.about.setText("")
            self.status.setText("")
            return
        loop = state.loop
        self.title.setText(f"{loop.tag}  {loop.description}")
        lines = [f"{loop.kind}  area {loop.area}  range {loop.range_text()}"]
        if loop.alarms:
            lines.append(f"Alarms: {loop.alarms_text()}")
        lines.append(f"Shown on: {', '.join(loop.screens) or 'no display'}")
        self.about.setText("\n".join(lines))
        note = f": {state.note}" if state.note else ""
        self.status.setText(f"Status: {state.status.value}{note}")
        for col, title in enumerate(("Point", "Expected", "Seen", "Result", "By, at", "")):
            self.points.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        for row, point in enumerate(loop.points, start=1):
            r = state.points.get(point)
            cells = [loop.point_label(point), loop.format(loop.expected(point))]
            if r is None:
                cells += ["", "not yet", ""]
            else:
                cells += [loop.format(r.seen), "pass" if r.passed else "FAIL",
                          f"{r.user} {when(r.at)}"]  # fmt: skip
            for col, text in enumerate(cells):
                self.points.addWidget(QLabel(text), row, col)
            button = QPushButton("Capture")
            button.setObjectName(f"capture_{point}")
            button.clicked.connect(lambda _=False, p=point: self.capture_requested.emit(p))
            self.points.addWidget(button, row, len(cells))
            self.buttons[point] = button
        for entry in reversed(state.history):
            what = f"failed: {entry.note}" if entry.marks_failed else point_text(loop, entry)
            verdict = "" if entry.marks_failed else (" pass" if entry.passed else " FAIL")
            self.history.addItem(f"{when(entry.at)}  {entry.user}  {what}{verdict}")
