"""Where a console's forced values come from, and who may change them.

A standalone console forces on its own engine's ``ForceTable``; a console of a control room
shows its server's forces and asks the server (``ServerConnection.forces``). A replay has
none: it shows what was recorded."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from tags.console_runtime import ConsoleRuntime
from tags.forcing.source import ForceSource, LocalForces
from tags.model import TagDef
from tags.runtime import Runtime
from tags.security.permissions import Action, PermissionDenied, User, allowed

NO_FORCES = "no forced values here: a replay shows the values recorded"


def forces_of(runtime: ConsoleRuntime) -> ForceSource | None:
    """The forces this console shows and changes (None: it has none, e.g. in replay)."""
    if runtime.server is not None:
        return runtime.server.forces
    if isinstance(runtime, Runtime) and runtime.forces is not None:
        return LocalForces(runtime.forces)
    return None


def force_refusal(user: User | None, tag: TagDef) -> str:
    """Why ``user`` may not force or release ``tag`` ("" when they may); the engine checks
    again and has the last word."""
    if user is None:
        return QCoreApplication.translate("ForceAccess", "log in as an engineer to force values")
    if allowed(user, Action.FORCE, tag.area):
        return ""
    return str(PermissionDenied(user, Action.FORCE, tag.area))
