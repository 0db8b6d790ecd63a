"""The Modbus TCP driver: polls blocks of registers per scan class and writes setpoints.

``ModbusDriver(connections, tags, publish, clock)`` plans the tags of each connection into
blocks (plan.py), runs one supervised link per endpoint (link.py) and one task per
(connection, scan period) that reads that scan class's blocks in turn each period
(scan.py). Every block read publishes one batch; a failure marks only that block's
tags Bad, a lost link marks every tag of the connection ``BAD_NOT_CONNECTED``. A Bad sample
keeps the last good value and says in ``reason`` which connection, unit, block and error.

A block refused with exception 02/03 is split (probe.py): its readable tags stay Good,
only tags the device cannot read alone are Bad, and the holes found are planned around from
the next scan on. They are remembered per connection and forgotten when the link drops: a
device's map changes with its program, and a download or restart drops the connection, so
what was learned never outlives the map it describes (relearning costs a few requests).

Logging (logger ``tags.drivers.modbus.driver``): the first failure of a block or link at ERROR,
repeats at DEBUG, the recovery once at INFO; a split once at WARNING, with what it found.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from tags.address import ModbusAddress
from tags.clock import Clock
from tags.config.connections import ModbusConnection
from tags.drivers.base import ConnectionStats, ConnectionStatus, WriteError
from tags.drivers.modbus.codec import BlockDecoder
from tags.drivers.modbus.link import ModbusLink, RequestError
from tags.drivers.modbus.plan import Block, Holes, Limits, PollItem, plan_blocks
from tags.drivers.modbus.probe import can_split, describe, is_refusal, probe
from tags.drivers.modbus.scan import BlockStatus, ScanStatus, ScanTimer
from tags.drivers.modbus.write import where, write_value
from tags.i18n.catalogue import text
from tags.model import Publish, Quality, TagDef, TagSample, Value
from tags.shutdown import cancel_all

log = logging.getLogger("tags.drivers.modbus.driver")

__all__ = ["BlockStatus", "ModbusDriver", "ScanStatus"]


class _LinkDown(Exception):
    """A request found the link down: the scan stops until the link is back."""


@dataclass(eq=False)
class _BlockState:
    block: Block
    names: tuple[str, ...]
    decoder: BlockDecoder | None
    stats: ConnectionStats = field(default_factory=ConnectionStats)
    failing: bool = False


@dataclass(eq=False)
class _ScanClass:
    connection: str
    period: float
    blocks: list[_BlockState]
    timer: ScanTimer
    tags: int = 0


class ModbusDriver:
    """Driver for ``modbus://`` tags (see the module docstring)."""

    def __init__(
        self,
        connections: Mapping[str, ModbusConnection],
        tags: Sequence[TagDef],
        publish: Publish,
        clock: Clock,
    ) -> None:
        self._publish = publish
        self._clock = clock
        self._connections = {
            name: c for name, c in connections.items() if isinstance(c, ModbusConnection)
        }
        self._config_errors: dict[str, str] = {}
        self._tags: dict[str, TagDef] = {}
        self._last_good: dict[str, Value] = {}
        self._bad_values: set[str] = set()
        items: dict[str, list[PollItem]] = {name: [] for name in self._connections}
        for tag in tags:
            self._tags[tag.name] = tag
            address = tag.address
            if not isinstance(address, ModbusAddress):
                self._config_errors[tag.name] = text("modbus.not_modbus", source=tag.source)
            elif address.connection not in self._connections:
                said = text("modbus.unknown_connection", connection=address.connection)
                self._config_errors[tag.name] = said
            else:
                items[address.connection].append(PollItem(tag.name, address, tag.scan_period))
        self._links = {
            name: ModbusLink(conn, clock, functools.partial(self._link_down, name))
            for name, conn in self._connections.items()
        }
        self._scans: list[_ScanClass] = []
        self._block_of: dict[str, _BlockState] = {}
        self._planned: dict[str, tuple[list[PollItem], Limits]] = {}
        self._holes = {name: Holes() for name in self._connections}
        self._tag_count = {name: len(group) for name, group in items.items()}
        for name, group in items.items():
            self._plan_connection(self._connections[name], group)
        self._tasks: list[asyncio.Task[None]] = []

    def _plan_connection(self, conn: ModbusConnection, items: list[PollItem]) -> None:
        limits = Limits(conn.max_block_registers, conn.max_block_bits, conn.max_gap)
        try:
            blocks = plan_blocks(items, limits)
        except ValueError as exc:  # a tag larger than one request: refuse only that tag
            log.error("%s: %s", conn.name, exc)
            bad = {i.name for i in items if i.address.count > limits.max_registers}
            for name in bad:
                self._config_errors[name] = f"{conn.name}: {exc}"
            items = [i for i in items if i.name not in bad]
            blocks = plan_blocks(items, limits)
        self._planned[conn.name] = (items, limits)
        self._apply_plan(conn.name, blocks)

    def _replan(self, connection: str) -> None:
        """Plan the connection's tags again around the holes learned so far."""
        items, limits = self._planned[connection]
        self._apply_plan(connection, plan_blocks(items, limits, self._holes[connection]))

    def _apply_plan(self, connection: str, blocks: list[Block]) -> None:
        """Put ``blocks`` into the connection's scan classes; a block that did not change
        keeps its state (statistics, failing). A scan in progress finishes its old list."""
        scans = {s.period: s for s in self._scans if s.connection == connection}
        old = {state.block: state for scan in scans.values() for state in scan.blocks}
        for emptied in scans.values():
            emptied.blocks, emptied.tags = [], 0
        for block in blocks:
            state = old.get(block) or self._block_state(block)
            scan = scans.get(block.period)
            if scan is None:
                scan = scans[block.period] = _ScanClass(
                    connection, block.period, [], ScanTimer(block.period)
                )
                self._scans.append(scan)
            scan.blocks.append(state)
            scan.tags += len(state.names)
            for name in state.names:
                self._block_of[name] = state

    def _block_state(self, block: Block) -> _BlockState:
        addresses = [item.address for item in block.items]
        types = [self._tags[item.name].data_type for item in block.items]
        decoder = None if block.table.is_bit else BlockDecoder(block.start, addresses, types)
        return _BlockState(block, tuple(item.name for item in block.items), decoder)

    # --- Driver protocol ---------------------------------------------------------------

    async def start(self) -> None:
        """Start links and scan tasks; connecting happens in the background."""
        if self._tasks:
            return
        if self._config_errors:
            now = self._clock.now()
            self._publish(
                {
                    name: TagSample(None, Quality.BAD_CONFIGURATION_ERROR, now, now, reason)
                    for name, reason in self._config_errors.items()
                }
            )
        for link in self._links.values():
            link.start()
        for scan in self._scans:
            task = asyncio.create_task(
                self._scan_loop(scan), name=f"modbus scan {scan.connection} {scan.period:g}s"
            )
            self._tasks.append(task)

    async def stop(self) -> None:
        """Cancel the scan tasks, then close every link."""
        tasks, self._tasks = self._tasks, []
        await cancel_all(tasks, errors=False)
        for link in self._links.values():
            await link.stop()

    def status(self) -> list[ConnectionStatus]:
        result = []
        for name, link in self._links.items():
            stats = link.snapshot_stats()
            stats.overruns = sum(s.timer.overruns for s in self._scans if s.connection == name)
            result.append(
                ConnectionStatus(
                    name,
                    "modbus",
                    link.connection.endpoint,
                    link.state,
                    link.detail,
                    stats,
                    self._tag_count[name],
                )
            )
        return result

    def block_stats(self) -> list[BlockStatus]:
        """Every poll block with its request statistics (overruns: of its scan class)."""
        result = []
        for scan in self._scans:
            for state in scan.blocks:
                b = state.block
                stats = replace(state.stats, overruns=scan.timer.overruns)
                result.append(
                    BlockStatus(
                        b.connection,
                        b.label,
                        b.unit,
                        b.table,
                        b.start,
                        b.count,
                        b.period,
                        len(state.names),
                        state.failing,
                        stats,
                    )
                )
        return result

    def scan_status(self) -> list[ScanStatus]:
        """Every scan class: scans done, overruns and scan durations."""
        return [
            ScanStatus(
                s.connection,
                s.period,
                len(s.blocks),
                s.tags,
                s.timer.scans,
                s.timer.overruns,
                s.timer.last_duration * 1000.0,
                s.timer.mean_duration * 1000.0,
                s.timer.max_duration * 1000.0,
            )
            for s in self._scans
        ]

    # --- reading -----------------------------------------------------------------------

    async def _scan_loop(self, scan: _ScanClass) -> None:
        link = self._links[scan.connection]
        timer = scan.timer
        while True:
            if not link.connected:
                await link.wait_connected()
                timer.reset()
            timer.begin(self._clock.monotonic())
            try:
                await self._read_scan(link, scan)
            except _LinkDown:
                continue
            except Exception:  # a driver task never dies: log and carry on
                log.exception("%s: scan of %g s failed", scan.connection, scan.period)
            await asyncio.sleep(timer.end(self._clock.monotonic()))

    async def _read_scan(self, link: ModbusLink, scan: _ScanClass) -> None:
        """Read each block of the scan class once. When a split changes the plan, the scan
        goes on with the new plan's blocks not read yet, so by its end every block of the
        plan has been tried: the next scan meets no refusal it could have avoided."""
        blocks = scan.blocks
        done: set[_BlockState] = set()
        i = 0
        while i < len(blocks):
            state = blocks[i]
            i += 1
            if state in done:
                continue
            done.add(state)
            done |= await self._read_block(link, state)
            if scan.blocks is not blocks:
                blocks, i = scan.blocks, 0

    async def _read_block(self, link: ModbusLink, state: _BlockState) -> set[_BlockState]:
        """Read and publish one block; return the blocks of a new plan read along with it."""
        b = state.block
        try:
            values = await link.read(b.unit, b.table, b.start, b.count, state.stats)
        except RequestError as err:
            if err.quality is Quality.BAD_NOT_CONNECTED:
                raise _LinkDown from None
            if err.unit_silent:
                if not err.skipped:  # the silent unit's tags were marked when it fell silent
                    self._unit_silent(b, err.text)
                return set()
            if is_refusal(err) and can_split(b):
                return await self._split_block(link, state, err)
            self._block_failed(state, err)
            return set()
        self._block_read(state, values)
        return set()

    async def _split_block(
        self, link: ModbusLink, state: _BlockState, err: RequestError
    ) -> set[_BlockState]:
        """A refused block: find what the device cannot read, publish what it can, and plan
        around the holes from now on (see probe.py). Returns the new plan's blocks that
        lie inside the refused one: the probe has read (or tried) all of their tags."""
        b = state.block

        def read(start: int, count: int) -> Awaitable[list[int] | list[bool]]:
            return link.read(b.unit, b.table, start, count, state.stats)

        try:
            found = await probe(read, b, err)
        except RequestError as again:
            if again.quality is Quality.BAD_NOT_CONNECTED:
                raise _LinkDown from None
            self._block_failed(state, again)
            return set()
        log.warning("%s %s: %s; split: %s", b.connection, b.label, err.text, describe(b, found))
        holes = self._holes[b.connection]
        for span in found.holes:
            holes.add(b.unit, b.table, span)
        self._replan(b.connection)
        for piece in found.pieces:
            block = replace(b, start=piece.start, count=piece.count, items=piece.items)
            self._block_read(self._block_state(block), piece.values)
        for unreadable in found.unreadable:
            # planned alone from now on: its block fails on its own, logged once there
            self._block_failed(self._block_of[unreadable.items[0].name], unreadable.error)
        now_planned = {self._block_of[item.name] for item in b.items}
        return {s for s in now_planned if b.start <= s.block.start and s.block.end <= b.end}

    def _block_read(self, state: _BlockState, values: list[int] | list[bool]) -> None:
        now = self._clock.now()
        if state.decoder is None:
            batch = self._bits_batch(state, values, now)
        else:
            batch = self._registers_batch(state, state.decoder, values, now)
        if state.failing:
            state.failing = False
            log.info("%s %s: reading again", state.block.connection, state.block.label)
        self._publish(batch)

    def _bits_batch(
        self, state: _BlockState, values: list[int] | list[bool], now: float
    ) -> dict[str, TagSample]:
        """Coils and discrete inputs: one bit per tag."""
        batch: dict[str, TagSample] = {}
        start = state.block.start
        for name, item in zip(state.names, state.block.items, strict=True):
            bit = bool(values[item.address.offset - start])
            self._last_good[name] = bit
            batch[name] = TagSample(bit, Quality.GOOD, now, now)
        return batch

    def _registers_batch(
        self,
        state: _BlockState,
        decoder: BlockDecoder,
        values: list[int] | list[bool],
        now: float,
    ) -> dict[str, TagSample]:
        batch: dict[str, TagSample] = {}
        last_good = self._last_good
        good = Quality.GOOD
        for name, (value, quality, reason), item in zip(
            state.names, decoder.decode(values), state.block.items, strict=True
        ):
            if quality is good:
                last_good[name] = value
                batch[name] = TagSample(value, good, now, now)
                if name in self._bad_values:
                    self._bad_values.discard(name)
                continue
            reason = text("reason.at", where=where(item.address), reason=reason)
            if name not in self._bad_values:  # a value problem, not a link problem
                self._bad_values.add(name)
                log.warning("%s: %s", name, reason)
            value = last_good.get(name) if quality.is_bad else value
            batch[name] = TagSample(value, quality, now, now, reason)
        return batch

    def _block_failed(self, state: _BlockState, err: RequestError) -> None:
        b = state.block
        reason = text("reason.at", where=f"{b.connection} {b.shown}", reason=err.text)
        if state.failing:
            log.debug("%s", reason)
        else:
            state.failing = True
            log.error("%s", reason)
        now = self._clock.now()
        last_good = self._last_good
        quality = err.quality
        self._publish(
            {
                name: TagSample(last_good.get(name), quality, now, now, reason)
                for name in state.names
            }
        )

    def _link_down(self, connection: str, reason: str) -> None:
        """Every tag of the connection is Bad (not connected); blocks start over clean."""
        if self._holes[connection]:  # the device may come back with another map
            self._holes[connection].clear()
            self._replan(connection)
        now = self._clock.now()
        said = text("reason.at", where=connection, reason=reason)
        batch: dict[str, TagSample] = {}
        for scan in self._scans:
            if scan.connection != connection:
                continue
            for state in scan.blocks:
                state.failing = False
                for name in state.names:
                    value = self._last_good.get(name)
                    batch[name] = TagSample(value, Quality.BAD_NOT_CONNECTED, now, now, said)
        if batch:
            self._publish(batch)

    def _unit_silent(self, timed_out: Block, reason: str) -> None:
        """Every tag of a unit that does not answer is Bad (timeout); its blocks start clean."""
        now = self._clock.now()
        connection, unit = timed_out.connection, timed_out.unit
        said = text("reason.at", where=f"{connection} {timed_out.shown}", reason=reason)
        batch: dict[str, TagSample] = {}
        for scan in self._scans:
            if scan.connection != connection:
                continue
            for state in scan.blocks:
                if state.block.unit != unit:
                    continue
                state.failing = False
                for name in state.names:
                    value = self._last_good.get(name)
                    batch[name] = TagSample(value, Quality.BAD_TIMEOUT, now, now, said)
        if batch:
            self._publish(batch)

    # --- writing -----------------------------------------------------------------------

    async def write(self, tag: TagDef, value: Value) -> None:
        """Write with FC05/06/16 (FC15/16 if the device refuses single writes), read back.

        The read-back publishes the tag's block at once, so the tag database's confirmation
        does not wait for the next scan.
        """
        address = tag.address
        if not isinstance(address, ModbusAddress) or address.connection not in self._links:
            reason = self._config_errors.get(tag.name) or text(
                "modbus.not_this_driver", tag=tag.name
            )
            raise WriteError(reason, Quality.BAD_CONFIGURATION_ERROR)
        link = self._links[address.connection]
        await write_value(link, tag.name, address, value)
        log.debug("%s: wrote %r to %s", tag.name, value, where(address))
        block = self._block_of.get(tag.name)
        if block is None:
            return
        try:
            await self._read_block(link, block)
        except _LinkDown:
            pass  # the link's own report marks the tags
        except Exception:  # the write is done; a failing read-back must not undo that
            log.exception("%s: read-back after the write failed", tag.name)
