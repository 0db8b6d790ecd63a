"""Operator actions on alarms for the banner and the summary: whether an action may be done
now (and if not, why: the button's tooltip), doing it through the engine, and the dialogs
that ask for a shelve time and a reason.

The engine decides: its refusals (``PermissionDenied``, ``AlarmRefused``) are shown with its
own words. The checks here only keep buttons from offering what cannot work.

On a console of a control room's server the checks run on the mirrored alarm states, and the
action itself is a request to the server (``run_on_server``), whose refusals are shown in its
words the same way; the new state arrives from the server, never changed here first.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from tags.alarms.engine import AlarmEngine, AlarmRefused
from tags.alarms.state import AlarmState, AlarmView
from tags.console_runtime import AlarmRequests, ConsoleRuntime, ServerRefusal
from tags.security.permissions import Action, PermissionDenied, User, allowed

UserSource = Callable[[], User | None]
CONTEXT = "AlarmActions"


def translate(text: str) -> str:
    """A text of the alarm actions' context in the current language."""
    return QCoreApplication.translate(CONTEXT, text)


class Command(enum.Enum):
    ACKNOWLEDGE = QT_TRANSLATE_NOOP("AlarmActions", "Acknowledge")
    SHELVE = QT_TRANSLATE_NOOP("AlarmActions", "Shelve…")
    UNSHELVE = QT_TRANSLATE_NOOP("AlarmActions", "Unshelve")
    RESET = QT_TRANSLATE_NOOP("AlarmActions", "Reset")
    OUT_OF_SERVICE = QT_TRANSLATE_NOOP("AlarmActions", "Out of service…")
    RETURN_TO_SERVICE = QT_TRANSLATE_NOOP("AlarmActions", "Return to service")

    @property
    def action(self) -> Action:
        return _ACTIONS[self]

    @property
    def text(self) -> str:
        """The command as its button reads, in the current language."""
        return translate(self.value)


_ACTIONS = {
    Command.ACKNOWLEDGE: Action.ACKNOWLEDGE,
    Command.SHELVE: Action.SHELVE,
    Command.UNSHELVE: Action.SHELVE,
    Command.RESET: Action.RESET_LATCH,
    Command.OUT_OF_SERVICE: Action.OUT_OF_SERVICE,
    Command.RETURN_TO_SERVICE: Action.OUT_OF_SERVICE,
}


def not_applicable(command: Command, view: AlarmView) -> str | None:
    """Why ``command`` does nothing for this alarm (None: it applies)."""
    state = view.state
    if command is Command.ACKNOWLEDGE:
        ok = state.annunciated and not view.acknowledged
        return None if ok else QCoreApplication.translate("AlarmActions", "already acknowledged")
    if command is Command.SHELVE:
        ok = state is not AlarmState.OUT_OF_SERVICE and view.shelved_until is None
        return (
            None
            if ok
            else QCoreApplication.translate("AlarmActions", "already shelved or out of service")
        )
    if command is Command.UNSHELVE:
        return (
            None
            if view.shelved_until is not None
            else QCoreApplication.translate("AlarmActions", "not shelved")
        )
    if command is Command.RESET:
        if not view.latched:
            return QCoreApplication.translate("AlarmActions", "not latched")
        return (
            QCoreApplication.translate("AlarmActions", "the condition is still present")
            if view.active
            else None
        )
    if command is Command.OUT_OF_SERVICE:
        if state is not AlarmState.OUT_OF_SERVICE:
            return None
        return QCoreApplication.translate("AlarmActions", "already out of service")
    return (
        None
        if state is AlarmState.OUT_OF_SERVICE
        else QCoreApplication.translate("AlarmActions", "not out of service")
    )


def why_not(
    command: Command, views: Sequence[AlarmView], user: User | None, engine: AlarmEngine
) -> str | None:
    """None when ``command`` can be done for at least one of ``views``; else the reason."""
    if not views:
        return QCoreApplication.translate("AlarmActions", "select an alarm first")
    applicable = [v for v in views if not_applicable(command, v) is None]
    if not applicable:
        return f"{views[0].name}: {not_applicable(command, views[0])}"
    for view in applicable:
        if allowed(user, command.action, view.area, permissions=engine.permissions):
            return None
    return str(PermissionDenied(user, command.action, applicable[0].area))


@dataclass
class Outcome:
    """What an action did: alarms done and, per alarm, the engine's refusal."""

    done: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        if not self.refused:
            return ""
        return "; ".join(self.refused.values())


_METHODS = {
    Command.ACKNOWLEDGE: "acknowledge",
    Command.SHELVE: "shelve",
    Command.UNSHELVE: "unshelve",
    Command.RESET: "reset",
    Command.OUT_OF_SERVICE: "set_out_of_service",
    Command.RETURN_TO_SERVICE: "return_to_service",
}
"""The method carrying out a command, the same name on the engine and on a server session."""
_REFUSALS = (PermissionDenied, AlarmRefused, ServerRefusal, KeyError)


def _arguments(command: Command, reason: str, duration: float, comment: str) -> dict[str, Any]:
    if command is Command.SHELVE:
        return {"reason": reason, "duration": duration}
    if command is Command.OUT_OF_SERVICE:
        return {"reason": reason}
    return {"comment": comment}


def _refusal(exc: Exception) -> str:
    return str(exc).strip("'\"")


def run(
    command: Command,
    engine: AlarmEngine,
    names: Sequence[str],
    user: User | None,
    *,
    reason: str = "",
    duration: float = 0.0,
    comment: str = "",
) -> Outcome:
    """Do ``command`` on each named alarm, collecting the engine's refusals."""
    outcome = Outcome()
    method = getattr(engine, _METHODS[command])
    arguments = _arguments(command, reason, duration, comment)
    for name in names:
        try:
            method(name, user=user, **arguments)
        except _REFUSALS as exc:
            outcome.refused[name] = _refusal(exc)
        else:
            outcome.done.append(name)
    return outcome


async def run_on_server(
    command: Command,
    requests: AlarmRequests,
    names: Sequence[str],
    *,
    reason: str = "",
    duration: float = 0.0,
    comment: str = "",
) -> Outcome:
    """Ask the server to do ``command`` on each named alarm (as the session's user),
    collecting its refusals in its words."""
    outcome = Outcome()
    method = getattr(requests, _METHODS[command])
    arguments = _arguments(command, reason, duration, comment)
    for name in names:
        try:
            await method(name, **arguments)
        except _REFUSALS as exc:
            outcome.refused[name] = _refusal(exc)
        else:
            outcome.done.append(name)
    return outcome


def acknowledge_all(engine: AlarmEngine, names: Sequence[str], user: User | None) -> Outcome:
    """Acknowledge the alarms on screen; those the user may not acknowledge are refused."""
    try:
        result = engine.acknowledge_all(user=user, names=names)
    except PermissionDenied as exc:
        return Outcome([], {"": str(exc)})
    return Outcome(list(result.acknowledged), dict(result.refused))


async def acknowledge_all_on_server(requests: AlarmRequests, names: Sequence[str]) -> Outcome:
    """Ask the server to acknowledge the alarms on screen."""
    try:
        result = await requests.acknowledge_all(names=names)
    except _REFUSALS as exc:
        return Outcome([], {"": _refusal(exc)})
    return Outcome(list(result.acknowledged), dict(result.refused))


def alarm_requests(runtime: ConsoleRuntime) -> AlarmRequests | None:
    """Where alarm actions go: the server's session (None: the runtime's own engine)."""
    server = runtime.server
    return None if server is None else server.session


SENDING = QT_TRANSLATE_NOOP("AlarmActions", "Sent to the server, waiting for its answer…")


def sending_text() -> str:
    """What a widget shows while its request waits for the server's answer."""
    return translate(SENDING)


class ServerAnswers:
    """A widget's alarm requests under way: each outcome goes to ``show`` when the server's
    answer comes; those still out are dropped when the widget closes (``cancel``)."""

    def __init__(self, show: Callable[[Outcome], object]) -> None:
        self._show = show
        self.pending: set[asyncio.Future[Outcome]] = set()

    def send(
        self,
        work: Coroutine[Any, Any, Outcome],
        show: Callable[[Outcome], object] | None = None,
    ) -> asyncio.Future[Outcome]:
        """Send ``work``; its outcome goes to ``show`` (default: the widget's)."""
        future = asyncio.ensure_future(work)
        self.pending.add(future)
        future.add_done_callback(lambda done: self._answered(done, show or self._show))
        return future

    def _answered(self, future: asyncio.Future[Outcome], show: Callable[[Outcome], object]) -> None:
        if future in self.pending:
            self.pending.discard(future)
            if not future.cancelled():
                show(future.result())

    def cancel(self) -> None:
        pending, self.pending = self.pending, set()
        for future in pending:
            future.cancel()


SHELVE_CHOICES = (
    ("15 min", 900.0),
    ("30 min", 1800.0),
    ("1 h", 3600.0),
    ("2 h", 7200.0),
    ("4 h", 14400.0),
    ("8 h", 28800.0),
    ("12 h", 43200.0),
)


class ReasonDialog(QDialog):
    """Asks for a reason (required), and for shelving, how long; OK only with a reason."""

    def __init__(
        self,
        title: str,
        names: Sequence[str],
        *,
        longest: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("reasonDialog")
        layout = QVBoxLayout(self)
        shown = ", ".join(names[:5])
        if len(names) > 5:
            shown = self.tr("{names} and {more} more").format(names=shown, more=len(names) - 5)
        heading = QLabel(f"{title}: {shown}")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        layout.addLayout(form)
        self.duration: QComboBox | None = None
        if longest is not None:
            self.duration = QComboBox()
            for text, seconds in SHELVE_CHOICES:
                if seconds <= longest:
                    self.duration.addItem(text, seconds)
            self.duration.setCurrentIndex(min(2, self.duration.count() - 1))
            form.addRow(self.tr("Shelve for"), self.duration)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("required: why (recorded in the alarm journal)"))
        form.addRow(self.tr("Reason"), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason.text().strip()))
        ok.setToolTip("" if ok.isEnabled() else self.tr("give a reason first"))

    @property
    def seconds(self) -> float:
        return 0.0 if self.duration is None else float(self.duration.currentData())


def window_user(widget: QWidget) -> User | None:
    """The user of the console window a widget sits in (its ``session``), None if none."""
    session = getattr(widget.window(), "session", None)
    user = getattr(session, "user", None)
    return user if isinstance(user, User) else None
