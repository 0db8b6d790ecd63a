"""What a running training session writes to its store, and when (tags/training/engine.py runs it).

``SessionRecorder`` listens to the alarm engine (after each evaluation it reads the alarm
journal's new entries, so acknowledgements and shelving keep their user and comment) and to
the audit trail (writes, accepted or refused, with old and new value), and takes the screen
visits and upset starts and stops the session hands it. A write is recorded at the moment it
was issued (audit time minus its latency), everything else at the time of its record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tags.alarms.state import JournalEvent
from tags.i18n.catalogue import text
from tags.i18n.descriptions import message_of
from tags.i18n.language import Language, current_language
from tags.i18n.words import word
from tags.replay.timeline import EventKind
from tags.security.audit import AuditRecord
from tags.subscription import Subscription
from tags.training.plan import upset_text
from tags.training.store import SessionRecord, TrainingStore

if TYPE_CHECKING:
    from tags.alarms.journal import JournalEntry
    from tags.alarms.state import AlarmView
    from tags.training.host import TrainingHost

WRITE_ACTIONS = ("write", "write_refused")
ALARM_KINDS = {
    JournalEvent.ACTIVE: EventKind.ALARM,
    JournalEvent.REALARM: EventKind.ALARM,
    JournalEvent.ACK: EventKind.ACK,
    JournalEvent.RESET: EventKind.ACK,
    JournalEvent.CLEARED: EventKind.CLEAR,
    JournalEvent.SHELVE: EventKind.SHELVE,
    JournalEvent.UNSHELVE: EventKind.SHELVE,
    JournalEvent.AUTO_UNSHELVE: EventKind.SHELVE,
    JournalEvent.OUT_OF_SERVICE: EventKind.SHELVE,
    JournalEvent.RETURN_TO_SERVICE: EventKind.SHELVE,
}
"""Journal events a session records (suppression by design is the engine's, not news)."""


class SessionRecorder:
    """Records one session's events into the store from ``start`` until ``stop``."""

    def __init__(self, runtime: TrainingHost, store: TrainingStore, session: int, trainee: str):
        self.runtime = runtime
        self.store = store
        self.session = session
        self.trainee = trainee
        self._journal_seq = 0
        self._journal_time = 0.0
        self._subscriptions: list[Subscription] = []
        self._last_screen = ""

    def start(self) -> None:
        """Listen from now on: journal entries already written are not the session's."""
        last = self.runtime.alarm_journal.query(limit=1)
        if last:
            self._journal_seq, self._journal_time = last[0].seq, last[0].time
        self._subscriptions = [
            self.runtime.alarms.subscribe(self._on_alarms),
            self.runtime.audit.subscribe(self._on_audit),
        ]

    def stop(self) -> None:
        """Take the last journal entries, then stop listening (safe to call twice)."""
        if self._subscriptions:
            self._on_alarms(())
        for subscription in self._subscriptions:
            subscription.close()
        self._subscriptions.clear()

    def screen(self, key: str) -> None:
        """The trainee's console opened screen ``key`` (a repeat of the same one is not news)."""
        if key == self._last_screen:
            return
        self._last_screen = key
        record = SessionRecord(
            self.runtime.clock.now(), EventKind.SCREEN, text("training.screen", key=key),
            user=self.trainee,
            name=key, action="open",
        )  # fmt: skip
        self.store.add_records(self.session, [record])

    def upset(
        self, scenario: str, title: str, area: str, action: str, source: str, user: str
    ) -> float:
        """An upset started or stopped now (``action`` start/stop); returns the time."""
        now = self.runtime.clock.now()
        record = SessionRecord(
            now, EventKind.UPSET, upset_text(title, action, source), user=user, area=area,
            name=scenario, action=action, source=source,
        )  # fmt: skip
        self.store.add_records(self.session, [record])
        return now

    def _on_alarms(self, views: Sequence[AlarmView]) -> None:
        entries = self.runtime.alarm_journal.query(
            since=self._journal_time - 1.0, newest_first=False, limit=1_000_000
        )
        fresh = [e for e in entries if e.seq > self._journal_seq]
        if not fresh:
            return
        self._journal_seq, self._journal_time = fresh[-1].seq, fresh[-1].time
        records = [r for r in (alarm_record(e, self._message(e)) for e in fresh) if r]
        self.store.add_records(self.session, records)

    def _message(self, entry: JournalEntry) -> str:
        """The alarm's message in the current language (its ``message_zh`` in Chinese)."""
        if current_language() is Language.EN or not entry.message:
            return entry.message
        try:
            return message_of(self.runtime.alarms.alarm(entry.alarm))
        except KeyError:  # an alarm no longer in the project
            return entry.message

    def _on_audit(self, record: AuditRecord) -> None:
        if record.action not in WRITE_ACTIONS:
            return
        tag = self.runtime.project.tags.get(record.tag)
        status = "refused" if record.action == "write_refused" else record.result.split(":")[0]
        issued = record.time - (record.latency_ms or 0.0) / 1000.0
        unit = f" {record.unit}" if record.unit else ""
        text = f"{record.tag} {record.old} -> {record.new}{unit}: {record.result}"
        area = tag.area if tag else ""
        write = SessionRecord(
            issued, EventKind.WRITE, text, record.tag, record.user, 0, area, record.tag, status,
            record.old, record.new,
        )  # fmt: skip
        self.store.add_records(self.session, [write])


def alarm_record(entry: JournalEntry, message: str | None = None) -> SessionRecord | None:
    """The session record of one alarm journal entry (None for those not recorded);
    ``message``: the alarm's message as recorded (None: the journal's)."""
    message = entry.message if message is None else message
    kind = ALARM_KINDS.get(entry.event)
    if kind is None:
        return None
    if entry.event is JournalEvent.ACTIVE:
        what = message or text("training.alarm")
    elif entry.event is JournalEvent.REALARM:
        what = text("training.realarm", message=message)
    elif entry.event is JournalEvent.CLEARED:
        what = text("training.cleared")
    elif current_language() is Language.EN:
        what = entry.event.value.replace("_", " ")
    else:
        what = word("journal", entry.event.value)
    comment = f" ({entry.comment})" if entry.comment else ""
    value = f" [{entry.value}]" if entry.value else ""
    return SessionRecord(
        entry.time, kind, f"{entry.alarm} {what}{value}{comment}", entry.tag, entry.user,
        int(entry.priority), entry.area, entry.alarm, entry.event.value,
    )  # fmt: skip
