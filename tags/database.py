"""TagDatabase: the current sample of every tag, batch fan-out, stale detection.

Drivers publish whole batches; each subscriber (alarm engine, historian, Qt bridge, ...) gets
whole batches filtered to what it asked for. Nothing here blocks: publish is a plain call on
the asyncio thread. Writes go through tags/write_path.py, which knows the drivers; the
database knows only samples.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping

from tags.clock import Clock
from tags.i18n.catalogue import text
from tags.model import Batch, Quality, TagDef, TagSample, initial_sample
from tags.subscription import Listeners, Subscription

log = logging.getLogger(__name__)

Subscriber = Callable[[Batch], None]
Waiter = tuple[Callable[[TagSample], bool], "asyncio.Future[TagSample]"]


def _delivery(callback: Subscriber, names: frozenset[str] | None) -> Subscriber:
    """``callback`` given only the part of each batch in ``names`` (never an empty part)."""

    def deliver(batch: Batch) -> None:
        part = batch if names is None else {k: v for k, v in batch.items() if k in names}
        if not part:
            return
        try:
            callback(part)
        except Exception:
            log.exception("subscriber %r failed on a batch of %d samples", callback, len(part))

    return deliver


class TagDatabase:
    """Current values of a project's tags and the driver serving each scheme."""

    def __init__(
        self,
        tags: Mapping[str, TagDef],
        clock: Clock,
        *,
        stale_periods: float = 3.0,
    ) -> None:
        self.tags = dict(tags)
        self.clock = clock
        self.stale_periods = stale_periods
        now = clock.now()
        waiting = initial_sample(now)  # immutable: one shared by every tag until it is read
        self._current: dict[str, TagSample] = dict.fromkeys(self.tags, waiting)
        self._periods = {name: tag.scan_period for name, tag in self.tags.items()}
        self._alive: dict[str, float] = {}
        self._marked_stale: set[str] = set()
        """Tags this database's stale check marked (not those a source sent as stale)."""
        self._held: dict[str, TagSample] = {}
        """Forced tags -> the last field sample, kept aside while the forced value shows."""
        self._subscribers: Listeners[Batch] = Listeners(log, "tag database")
        self._waiters: dict[
            str, list[tuple[Callable[[TagSample], bool], asyncio.Future[TagSample]]]
        ]
        self._waiters = {}

    # reading -----------------------------------------------------------------------------

    def get(self, name: str) -> TagSample:
        """The current sample; KeyError names the unknown tag."""
        try:
            return self._current[name]
        except KeyError:
            raise KeyError(f"unknown tag '{name}'") from None

    def snapshot(self, names: Iterable[str] | None = None) -> dict[str, TagSample]:
        if names is None:
            return dict(self._current)
        return {n: self._current[n] for n in names if n in self._current}

    def names_in_areas(self, areas: Iterable[str]) -> frozenset[str]:
        wanted = set(areas)
        return frozenset(n for n, t in self.tags.items() if t.area in wanted)

    def subscribe(
        self,
        callback: Subscriber,
        *,
        tags: Iterable[str] | None = None,
        areas: Iterable[str] | None = None,
        initial: bool = False,
    ) -> Subscription:
        """Receive every batch touching these tags/areas (all tags if neither is given),
        until the returned Subscription is closed.

        With ``initial`` the subscriber first gets the current samples as one batch.
        """
        names: frozenset[str] | None = None
        if tags is not None or areas is not None:
            names = frozenset(tags or ()) | self.names_in_areas(areas or ())
            unknown = sorted(names - self.tags.keys())
            if unknown:
                raise KeyError(f"unknown tag '{unknown[0]}'")
        deliver = _delivery(callback, names)
        subscription = self._subscribers.subscribe(deliver)
        if initial:
            deliver(self.snapshot(names))
        return subscription

    def subscriber_count(self) -> int:
        """How many subscriptions are open (leak tests count them)."""
        return len(self._subscribers)

    # publishing --------------------------------------------------------------------------

    def publish(self, batch: Batch) -> None:
        """Take a batch of new samples and hand it to every interested subscriber. The field
        samples of a forced tag are held aside (``held``), not shown."""
        if self._held and not self._held.keys().isdisjoint(batch):
            shown = dict(batch)
            for name in self._held.keys() & batch.keys():
                self._held[name] = shown.pop(name)
            batch = shown
        self._deliver(batch)

    def _deliver(self, batch: Batch) -> None:
        if not batch:
            return
        self._current.update(batch)
        if self._marked_stale:
            self._marked_stale.difference_update(batch)
        self._subscribers.notify(batch)
        if self._waiters:
            self._wake_waiters(batch)

    # substitution (forcing) -------------------------------------------------------------------

    def substitute(self, name: str, sample: TagSample) -> None:
        """Show ``sample`` for ``name`` instead of its field's (tags/forcing/): the field's
        samples keep arriving and are held aside until ``restore``; KeyError for an unknown
        tag."""
        current = self.get(name)
        self._held.setdefault(name, current)
        self._marked_stale.discard(name)
        self._deliver({name: sample})

    def restore(self, name: str) -> TagSample | None:
        """Show the field's value of a substituted tag again (the last one held, which the
        stale check judges as any other); the sample shown, None if it was not substituted."""
        held = self._held.pop(name, None)
        if held is None:
            return None
        self._deliver({name: held})
        return held

    def is_substituted(self, name: str) -> bool:
        """A forced value shows instead of the field's."""
        return name in self._held

    def held(self, name: str) -> TagSample | None:
        """The last field sample of a substituted tag (None if it is not substituted)."""
        return self._held.get(name)

    def heartbeat(self, names: Iterable[str], when: float) -> None:
        """A report-by-exception driver (OPC UA, a server link) says these tags are still
        current: an unchanging value the stale check marked (a starved moment) is Good again,
        with no new value to wait for. A value its source sent as stale stays as sent."""
        alive = self._alive
        marked = self._marked_stale
        revived: dict[str, TagSample] = {}
        for name in names:
            alive[name] = when
            if name in marked:
                revived[name] = self._current[name].with_quality(Quality.GOOD, "", when)
        self.publish(revived)

    def stale_after(self, tag: TagDef) -> float:
        return self.stale_periods * tag.scan_period

    def age(self, name: str, now: float | None = None) -> float:
        """Seconds since the tag was last updated or confirmed alive."""
        now = self.clock.now() if now is None else now
        sample = self._current[name]
        return now - max(sample.server_time, self._alive.get(name, 0.0))

    def is_stale(self, name: str, now: float | None = None) -> bool:
        """Marked stale (by the stale check or its source), or due to be at the next check."""
        if self._current[name].is_stale:
            return True
        return self.age(name, now) > self.stale_after(self.tags[name])

    def check_stale(self) -> list[str]:
        """Re-qualify Good tags with no update for ``stale_periods`` scans as their last usable
        value (the quality says stale; the reason says for how long); publish them."""
        now = self.clock.now()
        batch: dict[str, TagSample] = {}
        alive = self._alive.get
        periods, stale_periods = self._periods, self.stale_periods
        good, override = Quality.GOOD, Quality.GOOD_LOCAL_OVERRIDE  # the Good codes
        held = self._held  # a forced value does not go stale: nothing updates it by design
        for name, sample in self._current.items():  # every tag twice a second: kept lean
            quality = sample.quality
            if (quality is not good and quality is not override) or name in held:
                continue
            last = sample.server_time
            confirmed = alive(name)
            if confirmed is not None and confirmed > last:
                last = confirmed
            if now - last > stale_periods * periods[name]:
                tag = self.tags[name]
                reason = text(
                    "sample.stale", seconds=f"{now - last:.1f}", scan=f"{tag.scan_period:g}",
                    limit=f"{self.stale_after(tag):g}",
                )  # fmt: skip
                batch[name] = sample.with_quality(Quality.UNCERTAIN_LAST_USABLE_VALUE, reason, now)
        self.mark_stale(batch)
        return sorted(batch)

    def mark_stale(self, batch: Batch) -> None:
        """Publish the stale check's re-qualified samples; the next heartbeat of a tag's source
        makes it Good again (``heartbeat``)."""
        self.publish(batch)
        self._marked_stale.update(batch)

    async def watch_stale(self, interval: float = 0.5) -> None:
        """Run check_stale forever (a task owned by the runtime)."""
        while True:
            await asyncio.sleep(interval)
            self.check_stale()

    # read-back ----------------------------------------------------------------------------

    def wait_for_sample(
        self, name: str, accept: Callable[[TagSample], bool]
    ) -> asyncio.Future[TagSample]:
        """A future resolved by the first published sample of ``name`` that ``accept``s."""
        future: asyncio.Future[TagSample] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(name, []).append((accept, future))
        return future

    def _wake_waiters(self, batch: Batch) -> None:
        for name in [n for n in self._waiters if n in batch]:
            sample = batch[name]
            remaining = []
            for accept, future in self._waiters[name]:
                if future.done():
                    continue
                if accept(sample):
                    future.set_result(sample)
                else:
                    remaining.append((accept, future))
            if remaining:
                self._waiters[name] = remaining
            else:
                del self._waiters[name]
