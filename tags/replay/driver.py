"""The replay driver: plays a recorded range of history into the live TagDatabase.

It is an ordinary driver (same protocol, same publish path), so the alarm engine, the bridge
and every screen work on replayed values as they do on live ones. The database's clock is a
ReplayClock that the driver moves through history time, so ages, staleness and alarm delays
follow the replay, not the wall clock. Writes are refused with the reason "replay mode".

Controls: play, pause, speed 0.25x to 64x, seek (the state at that time restored from the
history), step, next/previous alarm. Pacing follows a separate real clock (``pace``):
position = anchor + elapsed x speed, so a slow tick is caught up, never accumulated.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, TypeVar

from tags.clock import Clock, SystemClock
from tags.drivers.base import (
    ConnectionState,
    ConnectionStats,
    ConnectionStatus,
    Heartbeat,
    WriteError,
)
from tags.history.store import HistoryStore, Record
from tags.model import Publish, Quality, TagDef, TagSample, Value
from tags.replay.alarm_times import LimitCrossings
from tags.shutdown import cancel_and_wait

log = logging.getLogger(__name__)

T = TypeVar("T")
REPLAY_REFUSAL = "replay mode"
"""Why a write is refused while a recording plays (the write path's reason text)."""
MIN_SPEED, MAX_SPEED = 0.25, 64.0
MAX_CATCH_UP = 1.0
Restore = Callable[[dict[str, TagSample], float], None]
"""Publish the state at a time of the recording (a seek), given as one batch."""


class AlarmTimes(Protocol):
    """Where the alarms of a recorded range are (the alarm journal, or limit crossings)."""

    def alarm_times(self, start: float, end: float) -> Sequence[float]:
        """Times at which an alarm became active in ``[start, end]``, ascending."""
        ...


class ReplayState(enum.Enum):
    PAUSED = "paused"
    PLAYING = "playing"
    ENDED = "ended"


class ReplayClock:
    """The engine clock during a replay: ``now()`` is the replay position.

    ``monotonic()`` advances with the history played and never goes back (a seek backwards
    leaves it where it is), so timers measured with it keep working.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._mono = 0.0

    def now(self) -> float:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def move_to(self, t: float) -> None:
        if t > self._now:
            self._mono += t - self._now
        self._now = t


class ReplayDriver:
    """Plays ``store`` into ``publish`` for the given tags (those recorded)."""

    def __init__(
        self,
        store: HistoryStore,
        tags: Sequence[TagDef],
        publish: Publish,
        clock: ReplayClock,
        *,
        pace: Clock | None = None,
        heartbeat: Heartbeat | None = None,
        alarms: AlarmTimes | None = None,
        limit_alarms: bool = True,
        restore: Restore | None = None,
        start: float | None = None,
        end: float | None = None,
        tick: float = 0.05,
        source: str = "",
    ) -> None:
        self.store = store
        self.tags = list(tags)
        self._publish = publish
        self.clock = clock
        self.pace = pace or SystemClock()
        self._heartbeat = heartbeat
        self.alarms = alarms
        """The alarm journal; without one (and ``limit_alarms``) the first jump to an alarm
        finds the limit crossings of the recorded values (once, on the reader thread)."""
        self.limit_alarms = limit_alarms
        self._restore = restore
        """Publishes the state at a seek (``publish`` when None): the runtime's also puts the
        alarms as they stood then."""
        self.start_time = start
        self.end_time = end
        self.tick = tick
        self.source = source
        self.state = ReplayState.PAUSED
        self.speed = 1.0
        self.position = start if start is not None else 0.0
        self.names: list[str] = []
        self.missing: list[str] = []
        self.stats = ConnectionStats()
        self._anchor = (0.0, self.position)
        self._lock = asyncio.Lock()
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="replay-reader")
        self._task: asyncio.Task[None] | None = None
        self._running = False

    # the Driver protocol -----------------------------------------------------------------

    async def start(self) -> None:
        """Find the range, restore the state at its start (paused) and begin pacing."""
        recorded = set(await self._read(lambda s: s.tag_names()))
        self.names = [t.name for t in self.tags if t.name in recorded]
        self.missing = [t.name for t in self.tags if t.name not in recorded]
        span = await self._read(lambda s: s.span(self.names)) if self.names else None
        first, last = span if span is not None else (self.clock.now(), self.clock.now())
        self.start_time = first if self.start_time is None else self.start_time
        self.end_time = last if self.end_time is None else self.end_time
        if self.end_time < self.start_time:
            raise ValueError("replay range ends before it starts")
        if self.missing:
            t = self.start_time
            reason = "not in this recording"
            self._publish(
                {
                    n: TagSample(None, Quality.BAD_NO_COMMUNICATION, t, t, reason)
                    for n in self.missing
                }
            )
        self._running = True
        await self.seek(self.start_time)
        self._task = asyncio.create_task(self._run(), name="replay")

    async def stop(self) -> None:
        self._running = False
        if self._task is not None:
            await cancel_and_wait(self._task)
            self._task = None
        self._reader.shutdown(wait=True)

    async def write(self, tag: TagDef, value: Value) -> None:
        raise WriteError(REPLAY_REFUSAL, Quality.BAD_NOT_CONNECTED)

    def status(self) -> Sequence[ConnectionStatus]:
        state = ConnectionState.CONNECTED if self._running else ConnectionState.STOPPED
        detail = f"{self.state.value} x{self.speed:g}, {len(self.names)} tags"
        return [
            ConnectionStatus(
                "replay", "replay", self.source, state, detail, self.stats, len(self.names)
            )
        ]

    # controls ----------------------------------------------------------------------------

    def play(self) -> None:
        if self.state is ReplayState.ENDED:
            return
        self.state = ReplayState.PLAYING
        self._reanchor()

    def pause(self) -> None:
        if self.state is ReplayState.PLAYING:
            self.state = ReplayState.PAUSED

    def set_speed(self, speed: float) -> None:
        if not (math.isfinite(speed) and MIN_SPEED <= speed <= MAX_SPEED):
            raise ValueError(f"replay speed must be {MIN_SPEED:g}x to {MAX_SPEED:g}x, not {speed}")
        self.speed = float(speed)
        self._reanchor()

    def target(self) -> float:
        """Where the replay should be now by the pace clock."""
        wall, position = self._anchor
        assert self.end_time is not None
        return min(self.end_time, position + (self.pace.monotonic() - wall) * self.speed)

    def lag(self) -> float:
        """History seconds the published state is behind ``target()`` (0 unless playing)."""
        if self.state is not ReplayState.PLAYING:
            return 0.0
        return max(0.0, self.target() - self.position)

    async def seek(self, t: float) -> float:
        """Jump to ``t`` (clamped to the range): publish the state at that time from history."""
        async with self._lock:
            assert self.start_time is not None and self.end_time is not None
            t = min(max(t, self.start_time), self.end_time)
            found = await self._read(lambda s: s.values_at(self.names, t))
            reason = "no recorded value at this time"
            batch = {
                n: found.get(n)
                or TagSample(None, Quality.BAD_WAITING_FOR_INITIAL_DATA, t, t, reason)
                for n in self.names
            }
            self.position = t
            self.clock.move_to(t)
            if self._restore is not None:
                self._restore(batch, t)
            else:
                self._publish(batch)
            self._alive(t)
            if self.state is ReplayState.ENDED and t < self.end_time:
                self.state = ReplayState.PAUSED
            self._reanchor()
            return t

    async def step(self, seconds: float | None = None) -> float:
        """Pause and move on: by ``seconds`` (backwards is a seek), or to the next sample."""
        self.pause()
        if seconds is not None and seconds < 0:
            return await self.seek(self.position + seconds)
        if seconds is None:
            found = await self._read(lambda s: s.next_time(self.names, self.position))
            target = self.end_time if found is None else found
        else:
            target = self.position + seconds
        assert target is not None
        await self._play_until(target)
        return self.position

    async def advance(self) -> int:
        """One pacing step: publish everything up to ``target()``, at most ``MAX_CATCH_UP``
        wall seconds' worth (a replay that cannot keep up falls behind visibly, ``lag()``,
        instead of stalling the loop); the number of samples published."""
        if self.state is not ReplayState.PLAYING:
            return 0
        return await self._play_until(min(self.target(), self.position + MAX_CATCH_UP * self.speed))

    async def _alarm_times(self) -> AlarmTimes | None:
        if self.alarms is None and self.limit_alarms and self.names:
            first, last = self.start_time, self.end_time
            assert first is not None and last is not None
            self.alarms = await self._read(lambda s: LimitCrossings.scan(s, self.tags, first, last))
        return self.alarms

    async def next_alarm(self, lead: float = 0.0) -> float | None:
        """Seek ``lead`` seconds before the next alarm; its time, or None if there is none."""
        alarms = await self._alarm_times()
        if alarms is None or self.end_time is None:
            return None
        times = alarms.alarm_times(self.position + lead, self.end_time)
        later = [t for t in times if t > self.position + lead + 0.0005]
        if not later:
            return None
        await self.seek(later[0] - lead)
        return later[0]

    async def previous_alarm(self, lead: float = 0.0) -> float | None:
        """Seek ``lead`` seconds before the previous alarm; its time, or None."""
        alarms = await self._alarm_times()
        if alarms is None or self.start_time is None:
            return None
        times = alarms.alarm_times(self.start_time, self.position + lead)
        earlier = [t for t in times if t < self.position + lead - 0.0005]
        if not earlier:
            return None
        await self.seek(earlier[-1] - lead)
        return earlier[-1]

    # playing -----------------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.tick)
            try:
                started = self.pace.monotonic()
                await self.advance()
                if self.pace.monotonic() - started > self.tick:
                    self.stats.overruns += 1
            except Exception as exc:
                self.stats.record_error(str(exc), self.clock.now())
                log.exception("replay step failed")

    async def _play_until(self, target: float) -> int:
        async with self._lock:
            assert self.end_time is not None
            target = min(target, self.end_time)
            if target <= self.position:
                return 0
            after = self.position
            started = self.pace.monotonic()
            records = await self._read(lambda s: s.window(self.names, after, target))
            self.stats.record_rtt((self.pace.monotonic() - started) * 1000.0)
            self._publish_in_order(records)
            self.position = target
            self.clock.move_to(target)
            self._alive(target)
            if target >= self.end_time:
                self.state = ReplayState.ENDED
            return len(records)

    def _publish_in_order(self, records: list[Record]) -> None:
        """Batches in time order with at most one sample per tag, the clock at each batch."""
        batch: dict[str, TagSample] = {}
        move, publish = self.clock.move_to, self._publish
        latest = 0.0
        for name, sample in records:
            if name in batch:
                move(latest)
                publish(batch)
                batch = {}
            batch[name] = sample
            latest = sample.server_time
        if batch:
            move(latest)
            publish(batch)

    def _alive(self, t: float) -> None:
        if self._heartbeat is not None:
            self._heartbeat(self.names, t)

    def _reanchor(self) -> None:
        self._anchor = (self.pace.monotonic(), self.position)

    async def _read(self, call: Callable[[HistoryStore], T]) -> T:
        store = self.store
        return await asyncio.get_running_loop().run_in_executor(self._reader, lambda: call(store))
