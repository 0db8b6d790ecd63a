"""A user's role as the console names it to people, in the console's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmi.i18n.marks import QT_TRANSLATE_NOOP

ROLE_NAMES = {
    "viewer": QT_TRANSLATE_NOOP("Role", "viewer"),
    "operator": QT_TRANSLATE_NOOP("Role", "operator"),
    "supervisor": QT_TRANSLATE_NOOP("Role", "supervisor"),
    "engineer": QT_TRANSLATE_NOOP("Role", "engineer"),
    "admin": QT_TRANSLATE_NOOP("Role", "admin"),
}


def role_name(role: str) -> str:
    """``role`` (a Role's value) translated; an unknown role as it is."""
    marked = ROLE_NAMES.get(role)
    return QCoreApplication.translate("Role", marked) if marked else role
