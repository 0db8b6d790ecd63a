"""The audit trail's action names as a supervisor reads them: recorded in English
(``write``, ``force_release`` ...), shown in the console's language, searched as recorded."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmi.i18n.marks import QT_TRANSLATE_NOOP

CONTEXT = "AuditActions"
ACTIONS = (
    QT_TRANSLATE_NOOP("AuditActions", "write"),
    QT_TRANSLATE_NOOP("AuditActions", "write_intent"),
    QT_TRANSLATE_NOOP("AuditActions", "write_refused"),
    QT_TRANSLATE_NOOP("AuditActions", "login"),
    QT_TRANSLATE_NOOP("AuditActions", "login_failed"),
    QT_TRANSLATE_NOOP("AuditActions", "logout"),
    QT_TRANSLATE_NOOP("AuditActions", "session_locked"),
    QT_TRANSLATE_NOOP("AuditActions", "user_added"),
    QT_TRANSLATE_NOOP("AuditActions", "password_changed"),
    QT_TRANSLATE_NOOP("AuditActions", "user_change_refused"),
    QT_TRANSLATE_NOOP("AuditActions", "alarm_acknowledge"),
    QT_TRANSLATE_NOOP("AuditActions", "alarm_acknowledge_group"),
    QT_TRANSLATE_NOOP("AuditActions", "alarm_acknowledge_all"),
    QT_TRANSLATE_NOOP("AuditActions", "alarm_shelve"),
    QT_TRANSLATE_NOOP("AuditActions", "alarm_unshelve"),
    QT_TRANSLATE_NOOP("AuditActions", "alarm_reset"),
    QT_TRANSLATE_NOOP("AuditActions", "alarm_out_of_service"),
    QT_TRANSLATE_NOOP("AuditActions", "alarm_return_to_service"),
    QT_TRANSLATE_NOOP("AuditActions", "force"),
    QT_TRANSLATE_NOOP("AuditActions", "force_release"),
    QT_TRANSLATE_NOOP("AuditActions", "force_expired"),
    QT_TRANSLATE_NOOP("AuditActions", "force_refused"),
    QT_TRANSLATE_NOOP("AuditActions", "simulate"),
    QT_TRANSLATE_NOOP("AuditActions", "loopcheck_point"),
    QT_TRANSLATE_NOOP("AuditActions", "loopcheck_failed"),
    QT_TRANSLATE_NOOP("AuditActions", "loopcheck_refused"),
    QT_TRANSLATE_NOOP("AuditActions", "shift_note"),
    QT_TRANSLATE_NOOP("AuditActions", "shift_report"),
    QT_TRANSLATE_NOOP("AuditActions", "server_takeover"),
    QT_TRANSLATE_NOOP("AuditActions", "training_save_snapshot"),
    QT_TRANSLATE_NOOP("AuditActions", "training_delete_snapshot"),
    QT_TRANSLATE_NOOP("AuditActions", "training_start"),
    QT_TRANSLATE_NOOP("AuditActions", "training_start_upset"),
    QT_TRANSLATE_NOOP("AuditActions", "training_stop_upset"),
    QT_TRANSLATE_NOOP("AuditActions", "training_end"),
)
"""Every action the engine records (an unlisted one is shown as recorded)."""
RESULTS = (QT_TRANSLATE_NOOP("AuditActions", "ok"),)
"""Results recorded as a word (others are sentences, shown as recorded)."""


def action_name(action: str) -> str:
    """A recorded action in the console's language (as recorded in English)."""
    return QCoreApplication.translate(CONTEXT, action) if action else action


def result_name(result: str) -> str:
    return QCoreApplication.translate(CONTEXT, result) if result in RESULTS else result


def recorded_action(shown: str) -> str:
    """The recorded action a name shown (or typed) in the console's language stands for;
    text that names none is searched as typed."""
    for action in ACTIONS:
        if action_name(action) == shown:
            return action
    return shown
