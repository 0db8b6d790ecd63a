"""Roles, actions and the permission check: who may do what in which plant area.

Pure and free of I/O; `tags.security.users` stores the users and `tags.security.audit` records
what they did.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from tags.i18n.catalogue import text as tr


class Role(enum.Enum):
    """What a user is trusted with, lowest rank first; roles compare by rank."""

    VIEWER = "viewer"
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ENGINEER = "engineer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """0 for viewer up to 4 for admin."""
        return list(Role).index(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Role):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Role):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Role):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Role):
            return NotImplemented
        return self.rank >= other.rank


class Action(enum.Enum):
    """Something a user may be allowed to do."""

    VIEW = "view"
    ACKNOWLEDGE = "acknowledge"
    WRITE = "write"
    SHELVE = "shelve"
    OUT_OF_SERVICE = "out_of_service"
    RESET_LATCH = "reset_latch"
    EDIT_LIMITS = "edit_limits"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    TRAIN = "train"
    """Start scenarios and training sessions."""
    FORCE = "force"
    """Force (substitute) a tag's value and release it: commissioning, engineers only."""
    LOOPCHECK = "loopcheck"
    """Record loop checks (the I/O checkout at start-up): engineers only."""

    @property
    def phrase(self) -> str:
        """The action as a verb phrase for messages ("shelve alarms")."""
        return _PHRASES[self]


_PHRASES: Mapping[Action, str] = {
    Action.VIEW: "view",
    Action.ACKNOWLEDGE: "acknowledge alarms",
    Action.WRITE: "write values",
    Action.SHELVE: "shelve alarms",
    Action.OUT_OF_SERVICE: "take alarms out of service",
    Action.RESET_LATCH: "reset latched alarms",
    Action.EDIT_LIMITS: "edit alarm limits",
    Action.MANAGE_USERS: "manage users",
    Action.VIEW_AUDIT: "view the audit trail",
    Action.TRAIN: "start training scenarios",
    Action.FORCE: "force values",
    Action.LOOPCHECK: "record loop checks",
}


def _default_permissions() -> Mapping[Role, frozenset[Action]]:
    viewer = frozenset({Action.VIEW})
    operator = viewer | {Action.ACKNOWLEDGE, Action.WRITE, Action.SHELVE}
    supervisor = operator | {
        Action.RESET_LATCH,
        Action.OUT_OF_SERVICE,
        Action.VIEW_AUDIT,
        Action.TRAIN,
    }
    engineer = supervisor | {Action.EDIT_LIMITS, Action.FORCE, Action.LOOPCHECK}
    admin = frozenset(Action)
    return MappingProxyType(
        {
            Role.VIEWER: viewer,
            Role.OPERATOR: operator,
            Role.SUPERVISOR: supervisor,
            Role.ENGINEER: engineer,
            Role.ADMIN: admin,
        }
    )


DEFAULT_PERMISSIONS: Mapping[Role, frozenset[Action]] = _default_permissions()
"""Role -> allowed actions; each role may do everything the role below it may do."""


@dataclass(frozen=True)
class User:
    """A logged-in user; `areas` None means every plant area."""

    name: str
    role: Role
    areas: frozenset[str] | None = None
    demo: bool = False

    def covers(self, area: str) -> bool:
        """True when the user is assigned to `area` ("" means no particular area)."""
        return self.areas is None or area == "" or area in self.areas


class PermissionDenied(Exception):
    """A user tried something their role or area does not allow; the message says what."""

    def __init__(self, user: User | None, action: Action, area: str) -> None:
        self.user = user
        self.action = action
        self.area = area
        super().__init__(_denial_message(user, action, area))


def _denial_message(user: User | None, action: Action, area: str) -> str:
    if user is None:
        return "no user is logged in"
    where = f" in area {area}" if area else ""
    text = f"{user.role.value} '{user.name}' may not {action.phrase}{where}"
    if not user.covers(area) and user.areas is not None:
        assigned = ", ".join(sorted(user.areas))
        text += f" (assigned areas: {assigned})"
    return text


def allowed(
    user: User | None,
    action: Action,
    area: str = "",
    *,
    permissions: Mapping[Role, frozenset[Action]] = DEFAULT_PERMISSIONS,
) -> bool:
    """True when `user` may do `action` in `area`; "" is for actions tied to no area."""
    if user is None:
        return False
    return action in permissions.get(user.role, frozenset()) and user.covers(area)


def require(
    user: User | None,
    action: Action,
    area: str = "",
    *,
    permissions: Mapping[Role, frozenset[Action]] = DEFAULT_PERMISSIONS,
) -> None:
    """Raise PermissionDenied unless `user` may do `action` in `area`."""
    if not allowed(user, action, area, permissions=permissions):
        raise PermissionDenied(user, action, area)


@dataclass(frozen=True)
class SecurityPolicy:
    """Log-in and session rules of a project."""

    max_failed_logins: int = 5
    lockout_seconds: float = 600.0
    idle_lock_seconds: float = 900.0
    min_password_length: int = 8

    def __post_init__(self) -> None:
        if self.max_failed_logins < 1:
            raise ValueError(tr("config.security.at_least_1", key="max_failed_logins"))
        if self.lockout_seconds < 0:
            raise ValueError(tr("config.security.not_negative", key="lockout_seconds"))
        if self.idle_lock_seconds <= 0:
            raise ValueError(tr("config.security.positive", key="idle_lock_seconds"))
        if self.min_password_length < 1:
            raise ValueError(tr("config.security.at_least_1", key="min_password_length"))
