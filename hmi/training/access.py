"""Who may open the trainer panel, and how the console says a training session is running.

The panel is for users allowed Action.TRAIN (supervisor and above), on a project that runs
the embedded field simulator (on a console of a control room: the server runs it), while the
console shows the live plant (not a replay). While a session runs, the runtime's mode is
TRAINING: the header says so, with the trainee and the session time beside it, so nobody
takes the simulated plant for the real one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmi.role_names import role_name
from tags.console_runtime import ConsoleRuntime
from tags.mode import Mode
from tags.security.permissions import Action, User, allowed
from tags.training.control import RunningTraining
from tags.training.store import STEADY_STATE, SessionInfo


def session_title(info: SessionInfo) -> str:
    """A session's name, or "Session 7" in the console's language when it has none."""
    return info.name or QCoreApplication.translate("Training", "Session {id}").format(id=info.id)


def start_state_text(state: str) -> str:
    """A session's starting state as recorded ("steady state", "snapshot NAME"), translated."""
    if state == STEADY_STATE:
        return QCoreApplication.translate("Training", "steady state")
    name = state.removeprefix("snapshot ")
    if name != state:
        return QCoreApplication.translate("Training", "snapshot {name}").format(name=name)
    return state


def refusal(runtime: ConsoleRuntime, user: User | None) -> str:
    """Why ``user`` may not open the trainer panel now ("" when they may): on a console of
    a control room the sessions run on the server's simulator, which must run one."""
    if user is None:
        return QCoreApplication.translate(
            "Training", "Training: log in as a supervisor or above first"
        )
    if not allowed(user, Action.TRAIN):
        return QCoreApplication.translate(
            "Training", "Training: {name} ({role}) may not start training scenarios"
        ).format(name=user.name, role=role_name(user.role.value))
    if runtime.mode is Mode.REPLAY:
        return QCoreApplication.translate(
            "Training", "Training: not while replaying (back to live first)"
        )
    return runtime.training.unavailable()


def clock_text(seconds: float) -> str:
    """Session time as H:MM:SS or M:SS."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def marker_text(session: RunningTraining) -> str:
    """The header's marker beside the mode (TRAINING): the trainee and the session time."""
    return f"{session.info.trainee}  {clock_text(session.elapsed())}"


def marker_tooltip(session: RunningTraining) -> str:
    info = session.info
    return QCoreApplication.translate(
        "Training",
        "Training session {id} on the simulated plant: trainee {trainee}, trainer "
        "{trainer}, time factor {factor}, from {start}. Values are simulated, not the "
        "plant's. The trainer ends it in the trainer panel (Ctrl+T).",
    ).format(
        id=info.id,
        trainee=info.trainee,
        trainer=info.trainer,
        factor=f"{info.time_factor:g}",
        start=info.start_state,
    )
