"""The "Open recording" dialog: a recording file, or this console's history by time range.

The choice is checked off the GUI thread (tags/replay/request.py: the file exists, is a
recording, the range has something in it) before the dialog closes, and what is wrong is said
in the dialog, naming the file. ``chosen`` carries the checked ReplayRequest.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hmi.i18n.retranslate import is_language_change
from tags.replay.request import HistoryOpener, ReplayProblem, ReplayRequest, resolve

DEFAULT_HOURS = 1.0
TIME_FORMAT = "yyyy-MM-dd HH:mm:ss"


def _iso(edit: QDateTimeEdit) -> str:
    return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch()).isoformat()


class OpenRecordingDialog(QDialog):
    chosen = Signal(object)
    """The checked ReplayRequest, when the operator pressed Open and it can be replayed."""

    def __init__(
        self,
        data_dir: Path,
        folder: Path | None = None,
        parent: QWidget | None = None,
        *,
        shared: HistoryOpener | None = None,
    ) -> None:
        """``shared``: the console's own history is the shared store's (opened by it)."""
        super().__init__(parent)
        self.data_dir = data_dir
        self.shared = shared
        self.folder = folder or data_dir
        self.checking: asyncio.Future[ReplayRequest | None] | None = None
        self.file_choice = QRadioButton()
        self.history_choice = QRadioButton()
        group = QButtonGroup(self)
        group.addButton(self.file_choice)
        group.addButton(self.history_choice)
        self.file_choice.setChecked(True)
        self.path = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(self.ask_file)
        now = QDateTime.currentDateTime()
        self.start = QDateTimeEdit(now.addSecs(round(-DEFAULT_HOURS * 3600)))
        self.end = QDateTimeEdit(now)
        for edit in (self.start, self.end):
            edit.setDisplayFormat(TIME_FORMAT)
            edit.setCalendarPopup(True)
        self.message = QLabel("")
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.try_open)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        grid = QGridLayout()
        grid.addWidget(self.file_choice, 0, 0, 1, 3)
        grid.addWidget(self.path, 1, 1)
        grid.addWidget(self.browse, 1, 2)
        grid.addWidget(self.history_choice, 2, 0, 1, 3)
        self.from_label, self.to_label = QLabel(), QLabel()
        grid.addWidget(self.from_label, 3, 0)
        grid.addWidget(self.start, 3, 1)
        grid.addWidget(self.to_label, 4, 0)
        grid.addWidget(self.end, 4, 1)
        grid.setColumnMinimumWidth(0, 24)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(560, 0)
        for choice in (self.file_choice, self.history_choice):
            choice.toggled.connect(self._enable)
        self._enable()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Open recording"))
        self.file_choice.setText(self.tr("A recording file"))
        self.history_choice.setText(self.tr("This console's history, by time range"))
        self.path.setPlaceholderText(self.tr("recording file (.db), e.g. made by main.py record"))
        self.browse.setText(self.tr("Browse…"))
        self.open_button.setText(self.tr("Open"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.from_label.setText(self.tr("from"))
        self.to_label.setText(self.tr("to"))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _enable(self) -> None:
        by_file = self.file_choice.isChecked()
        self.path.setEnabled(by_file)
        self.browse.setEnabled(by_file)
        self.start.setEnabled(not by_file)
        self.end.setEnabled(not by_file)

    def ask_file(self) -> QFileDialog:
        """Pick a recording (a non-blocking file dialog)."""
        files = self.tr("Recordings (*.db);;All (*)")
        dialog = QFileDialog(self, self.tr("Recording"), str(self.folder), files)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.path.setText)
        dialog.open()
        return dialog

    def try_open(self) -> asyncio.Future[ReplayRequest | None]:
        """Check the choice on a worker thread; emit ``chosen`` and close when it is good."""
        self.open_button.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        self.checking = asyncio.ensure_future(self._check())
        return self.checking

    async def _check(self) -> ReplayRequest | None:
        if self.file_choice.isChecked():
            text = self.path.text().strip()
            if not text:
                self._refuse(self.tr("Choose a recording file."))
                return None
            args: tuple[Path | None, str | None, str | None] = (Path(text), None, None)
        else:
            args = (None, _iso(self.start), _iso(self.end))
        try:
            request = await asyncio.to_thread(resolve, self.data_dir, *args, shared=self.shared)
        except ReplayProblem as exc:
            self._refuse(str(exc))
            return None
        self.message.setText("")
        self.open_button.setEnabled(True)
        self.chosen.emit(request)
        self.accept()
        return request

    def _refuse(self, text: str) -> None:
        self.message.setText(self.tr("Not opened: {reason}").format(reason=text))
        self.message.setProperty("refused", True)
        self.message.style().polish(self.message)
        self.open_button.setEnabled(True)
