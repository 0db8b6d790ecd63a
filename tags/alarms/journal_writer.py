"""Writes the alarm journal to the shared store on a thread of its own, so an evaluation
never waits for the store (the event loop is the GUI's in a console, the server's only loop).

``put`` hands a batch over and returns at once. The writer thread takes what was handed
over, puts it in the spool (tags/alarms/journal_spool.py) and writes the spool to the
store, oldest first, as large transactions as ``MAX_ENTRIES`` allows: batches handed over
while a write is under way go together in the next one, so a flood costs few commits and
a quiet plant's entries are in the store a round trip after they happened.

While the store cannot take them, batches stay in the spool, in order, and the writer tries
again every ``RETRY`` seconds once the store's health (``available``) says it answers;
any other refusal is tried again with a growing pause (up to ``MAX_PAUSE``), as it may need
a database administrator. The first failure is logged, and the return with how much was
waiting. ``flush`` writes what waits now (tests, shutdown); ``close`` makes a last attempt
and leaves the rest in the spool file for the next run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from tags.alarms.journal_spool import JournalBatch, JournalSpool, Row

log = logging.getLogger(__name__)

MAX_ENTRIES = 5000
"""Entries written in one transaction at most."""
RETRY = 0.5
"""Seconds between attempts while the store is away (or its health is checked)."""
MAX_PAUSE = 60.0
"""Longest pause after a refusal of the store that is not an outage."""
CLOSE_WAIT = 15.0
"""Seconds ``close`` waits for the writer's last attempt."""


class JournalWriter:
    """Journal batches written in order by a thread; ``write`` stores one batch in one
    transaction (raising when it cannot), ``unreachable`` tells an outage from a refusal,
    ``available`` is the store's health (False: do not try before it answers again)."""

    def __init__(
        self,
        write: Callable[[JournalBatch], None],
        spool: JournalSpool,
        *,
        unreachable: Callable[[BaseException], bool],
        available: Callable[[], bool] = lambda: True,
        name: str = "alarm journal writer",
    ) -> None:
        self._write = write
        self.spool = spool
        self._unreachable = unreachable
        self._available = available
        self._name = name
        self._cond = threading.Condition()
        self._queue: deque[JournalBatch] = deque()
        self._accepted = len(spool)
        self._unwritten = spool.entries
        """Entries handed over (or left by an earlier run) that the store does not hold yet:
        counted at both ends, so the count holds while batches move into the spool."""
        """The number of the last batch handed over (an earlier run's come first)."""
        self._written = 0
        """The number of the last batch the store committed (they are written in order)."""
        self._failures = 0
        """Attempts that failed, since start."""
        self._due = 0.0
        """Monotonic time the next attempt may start after a failure."""
        self._pause = RETRY
        self._forced = False
        self._stopping = False
        self._failing_since: float | None = None
        self._thread: threading.Thread | None = None
        if len(spool):
            self._start()

    # the caller's side -------------------------------------------------------------------

    def put(self, entries: list[Row], states: list[Row]) -> None:
        """Hand over one batch (entries with their ids, states); never waits for the store."""
        if not entries and not states:
            return
        with self._cond:
            if self._stopping:
                raise RuntimeError("the alarm journal writer is closed")
            self._accepted += 1
            self._unwritten += len(entries)
            batch = JournalBatch(list(entries), {str(row[0]): row for row in states})
            batch.upto = self._accepted
            self._queue.append(batch)
            self._cond.notify_all()
        if self._thread is None:
            self._start()

    def _start(self) -> None:
        with self._cond:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()

    @property
    def waiting(self) -> int:
        """Entries handed over that the store does not hold yet."""
        with self._cond:
            return self._unwritten

    @property
    def behind(self) -> bool:
        """The last attempt failed: what waits stays in the spool until the store answers."""
        return self._failing_since is not None

    def states(self) -> dict[str, Row]:
        """The alarm states handed over and not yet in the store, the latest per alarm."""
        with self._cond:
            queued = list(self._queue)
        found = self.spool.states()
        for batch in queued:
            found.update(batch.states)
        return found

    def settle(self, timeout: float) -> None:
        """Wait (up to ``timeout``) until the store holds what was handed over before this
        call, unless the writer is behind (the store away): a read sees its own writes."""
        end = time.monotonic() + timeout
        with self._cond:
            target = self._accepted
            while self._written < target and not self.behind and self._thread is not None:
                left = end - time.monotonic()
                if left <= 0:
                    return
                self._cond.wait(left)

    def flush(self, timeout: float | None = None) -> bool:
        """Write what waits now; True when the store holds it all, False when an attempt
        failed (it stays in the spool and is written once the store answers) or
        ``timeout`` passed."""
        end = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            if self._thread is None:
                return True
            target, failures = self._accepted, self._failures
            self._forced = True
            self._cond.notify_all()
            while (self._written < target) if target else len(self.spool):
                if self._failures != failures or not self._thread.is_alive():
                    return False
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def close(self, timeout: float = CLOSE_WAIT) -> None:
        """Write what waits (one attempt) and stop; what the store did not take stays in the
        spool file for the next run."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.error("alarm journal: the writer did not finish within %.0f s; %d entries "
                          "wait in the spool", timeout, self.spool.entries)  # fmt: skip
                return
        self.spool.close()

    # the writer thread -------------------------------------------------------------------

    def _ready(self) -> bool:
        """Something to do now (under the lock)."""
        if self._queue or self._stopping or self._forced:
            return True
        return bool(len(self.spool)) and time.monotonic() >= self._due

    def _run(self) -> None:
        try:
            self._loop()
        except Exception:  # never silent: the journal would stop
            log.exception("alarm journal: the writer failed; %d entries wait in the spool",
                          self.spool.entries)  # fmt: skip
            with self._cond:
                self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._ready():
                    wait = self._due - time.monotonic() if len(self.spool) else None
                    self._cond.wait(None if wait is None else max(wait, 0.01))
                queued, self._queue = list(self._queue), deque()
                forced, self._forced = self._forced, False
                stopping = self._stopping
            for batch in queued:
                self.spool.add(batch)  # kept before it is sent: a crash loses nothing
            if forced or stopping or time.monotonic() >= self._due:
                self._drain(forced or stopping)
            with self._cond:
                self._cond.notify_all()
                if stopping:
                    return

    def _drain(self, forced: bool) -> None:
        """Write the spool in order until it is empty or an attempt fails."""
        while True:
            if not forced and not self._available():
                self._failed(None)
                return
            taken = self.spool.take(MAX_ENTRIES)
            if taken is None:
                return
            ids, batch = taken
            try:
                self._write(batch)
            except Exception as exc:
                self._failed(exc)
                return
            self.spool.remove(ids, batch)
            self._succeeded(batch)

    def _failed(self, exc: Exception | None) -> None:
        """An attempt failed (``exc``), or was not made because the store is away (None)."""
        outage = exc is None or self._unreachable(exc)
        if self._failing_since is None:
            why = "it does not answer" if exc is None else _first_line(exc)
            log.warning("alarm journal: the store cannot take entries (%s): they wait in "
                        "the spool and are written in order when it answers", why)  # fmt: skip
        elif exc is not None and not outage:
            log.error("alarm journal: the store refuses entries (%s): tried again in %.0f s",
                      _first_line(exc), self._pause)  # fmt: skip
        with self._cond:
            if self._failing_since is None:
                self._failing_since = time.monotonic()
            if exc is not None:
                self._failures += 1
            self._pause = RETRY if outage else min(self._pause * 2, MAX_PAUSE)
            self._due = time.monotonic() + self._pause
            self._cond.notify_all()

    def _succeeded(self, batch: JournalBatch) -> None:
        with self._cond:
            self._written = max(self._written, batch.upto)
            self._unwritten -= len(batch.entries)
            if self._failing_since is not None and not len(self.spool):
                seconds = time.monotonic() - self._failing_since
                self._failing_since = None
                log.warning("alarm journal: the store takes entries again; what waited "
                            "%.0f s is written", seconds)  # fmt: skip
            self._pause = RETRY
            self._due = 0.0
            self._cond.notify_all()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
