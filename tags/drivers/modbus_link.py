"""One Modbus TCP endpoint: its client, its lock, its connection supervisor and its errors.

Every request to an endpoint goes through ``ModbusLink`` under one asyncio.Lock, so unit ids
behind a gateway are polled in turn and pymodbus never sees two requests in flight. The
supervisor task owns connecting: pymodbus's own reconnect is switched off
(``reconnect_delay=0``) and replaced by a capped exponential backoff (``backoff_max``).
A lost link is noticed at once through pymodbus's ``trace_connect`` hook, which also fails
the request in flight instead of letting it wait out its timeout and retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace

from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException
from pymodbus.pdu import ModbusPDU

from tags.address import ModbusTable
from tags.clock import Clock
from tags.config.connections import ModbusConnection
from tags.drivers.base import ConnectionState, ConnectionStats
from tags.model import Quality

log = logging.getLogger("tags.drivers.modbus")

FIRST_RETRY_DELAY = 0.1
"""Seconds before the first reconnect attempt; doubles up to the connection's backoff_max."""
FAILED_AFTER = 3
"""Consecutive failed connect attempts after which the state shows FAILED (still retrying)."""

EXCEPTION_NAMES = {
    0x01: "illegal function",
    0x02: "illegal data address",
    0x03: "illegal data value",
    0x04: "server device failure",
    0x05: "acknowledge",
    0x06: "server device busy",
    0x08: "memory parity error",
    0x0A: "gateway path unavailable",
    0x0B: "gateway target device failed to respond",
}
_CONFIGURATION_CODES = frozenset({0x01, 0x02, 0x03})


def raise_if_cancelling() -> None:
    """Re-raise a cancellation that pymodbus swallowed.

    On Python 3.11 ``asyncio.wait_for`` (used inside pymodbus) returns the inner result when
    the cancel arrives just as the inner future completes, and the cancel is lost. Checking
    ``Task.cancelling()`` after each pymodbus call keeps ``stop()`` from hanging.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


class RequestError(Exception):
    """A request that did not deliver: ``quality`` is the code its tags get."""

    def __init__(
        self, text: str, quality: Quality, exception_code: int = 0, *, sent: bool = False
    ) -> None:
        super().__init__(text)
        self.text = text
        self.quality = quality
        self.exception_code = exception_code
        self.sent = sent
        """The request may have reached the device but no answer came (timeout, link lost)."""


def exception_error(code: int) -> RequestError:
    """The error for a Modbus exception response (01-03 configuration, others device)."""
    name = EXCEPTION_NAMES.get(code, "unknown exception")
    quality = (
        Quality.BAD_CONFIGURATION_ERROR
        if code in _CONFIGURATION_CODES
        else Quality.BAD_DEVICE_FAILURE
    )
    return RequestError(f"exception {code:02X} {name}", quality, code)


NOT_CONNECTED = "not connected"


def _maybe_sent(exc: ModbusException) -> bool:
    """Could the request have reached the device? Not when pymodbus refused to send it for
    want of a connection; after that, a lost link or no answer leaves it unknown."""
    text = str(exc).lower()
    refused = "not connected" in text or "cannot connect" in text
    return not (isinstance(exc, ConnectionException) and refused)


_READ_FUNCTIONS = {
    ModbusTable.COIL: "read_coils",
    ModbusTable.DISCRETE_INPUT: "read_discrete_inputs",
    ModbusTable.HOLDING_REGISTER: "read_holding_registers",
    ModbusTable.INPUT_REGISTER: "read_input_registers",
}


class ModbusLink:
    """A connection to one endpoint with its state, statistics and request lock."""

    def __init__(
        self,
        connection: ModbusConnection,
        clock: Clock,
        on_down: Callable[[str], None],
    ) -> None:
        self.connection = connection
        self.name = connection.name
        self.stats = ConnectionStats()
        self.state = ConnectionState.STOPPED
        self.detail = "not started"
        self.lock = asyncio.Lock()
        self.supports_single_writes = True
        """False once the device refused FC05/FC06 with exception 01: then FC15/FC16."""
        self._clock = clock
        self._on_down = on_down
        self._client: AsyncModbusTcpClient | None = None
        self._up = asyncio.Event()
        self._lost = asyncio.Event()
        self._in_flight = False
        self._last_request_end = 0.0
        self._task: asyncio.Task[None] | None = None

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Create the client and start the supervisor (returns at once)."""
        c = self.connection
        self._client = AsyncModbusTcpClient(
            c.host,
            port=c.port,
            name=c.name,
            timeout=c.timeout,
            retries=c.retries,
            reconnect_delay=0,  # no pymodbus reconnect task: the supervisor decides
            reconnect_delay_max=c.backoff_max,
            trace_connect=self._trace_connect,
        )
        self.state = ConnectionState.CONNECTING
        self.detail = f"connecting to {c.endpoint}"
        self._task = asyncio.create_task(self._supervise(), name=f"modbus link {c.name}")

    async def stop(self) -> None:
        """Stop the supervisor and close the socket."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._client is not None:
            self._client.close()
            self._client = None
            await asyncio.sleep(0)  # let the transport finish closing its socket
        self._up.clear()
        self.state = ConnectionState.STOPPED
        self.detail = "stopped"

    @property
    def connected(self) -> bool:
        return self._client is not None and self._client.connected and self._up.is_set()

    async def wait_connected(self) -> None:
        await self._up.wait()

    def snapshot_stats(self) -> ConnectionStats:
        return replace(self.stats)

    # --- supervision -------------------------------------------------------------------

    def _trace_connect(self, connected: bool) -> None:
        """pymodbus hook: called on connect and on an unexpected loss of the link."""
        if connected or self._client is None:
            return
        self._lost.set()
        self._up.clear()
        future = getattr(self._client.ctx, "response_future", None)
        if self._in_flight and isinstance(future, asyncio.Future) and not future.done():
            future.set_exception(ConnectionException("connection lost"))

    async def _supervise(self) -> None:
        """Connect, wait for a loss, report it once, reconnect with capped backoff; forever."""
        client = self._client
        assert client is not None
        endpoint = self.connection.endpoint
        delay = FIRST_RETRY_DELAY
        failures = 0
        down_reported = False
        ever_connected = False
        while True:
            self._lost.clear()
            if await self._connect(client):
                failures = 0
                delay = FIRST_RETRY_DELAY
                self.state = ConnectionState.CONNECTED
                self.detail = f"connected to {endpoint}"
                if down_reported:
                    self.stats.reconnects += int(ever_connected)
                    log.info(
                        "%s %s: %s",
                        self.name,
                        endpoint,
                        "connection restored" if ever_connected else "connected",
                    )
                down_reported = False
                ever_connected = True
                self._up.set()
                await self._lost.wait()
                self._up.clear()
                reason = f"connection to {endpoint} lost"
            else:
                failures += 1
                reason = f"cannot connect to {endpoint}"
            self.stats.record_error(reason, self._clock.now())
            if not down_reported:
                log.error("%s: %s", self.name, reason)
                down_reported = True
                self._report_down(reason)
            else:
                log.debug("%s: %s (attempt %d)", self.name, reason, failures)
            if failures == 0:
                self.state = ConnectionState.RECONNECTING
                self.detail = f"{reason}, reconnecting"
                continue  # the first attempt after a loss goes at once
            self.state = (
                ConnectionState.FAILED if failures >= FAILED_AFTER else ConnectionState.RECONNECTING
            )
            self.detail = f"{reason}, retry in {delay:.1f} s (attempt {failures})"
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.connection.backoff_max)

    async def _connect(self, client: AsyncModbusTcpClient) -> bool:
        try:
            connected = await client.connect()
        except Exception as exc:  # pymodbus catches OSError; anything else must not kill us
            raise_if_cancelling()
            log.debug("%s: connect raised %r", self.name, exc)
            return False
        raise_if_cancelling()
        return connected

    def _report_down(self, reason: str) -> None:
        try:
            self._on_down(reason)
        except Exception:  # a subscriber's bug must not stop the supervisor
            log.exception("%s: reporting the lost link failed", self.name)

    # --- requests ----------------------------------------------------------------------

    async def read(
        self, unit: int, table: ModbusTable, start: int, count: int, block: ConnectionStats
    ) -> list[int] | list[bool]:
        """Read ``count`` registers or bits; raise RequestError (counted in both stats)."""
        async with self.lock:
            response = await self._request(
                lambda c: getattr(c, _READ_FUNCTIONS[table])(start, count=count, device_id=unit),
                block,
            )
        if table.is_bit:
            bits = list(response.bits)
            if len(bits) < count:
                raise self._count_error(f"expected {count} bits, got {len(bits)}", block)
            return bits[:count]
        registers = list(response.registers)
        if len(registers) != count:
            raise self._count_error(f"expected {count} registers, got {len(registers)}", block)
        return registers

    async def write(
        self, call: Callable[[AsyncModbusTcpClient], Awaitable[ModbusPDU]]
    ) -> ModbusPDU:
        """Run one write request under the lock; raise RequestError."""
        async with self.lock:
            return await self._request(call, None)

    async def request_locked(
        self, call: Callable[[AsyncModbusTcpClient], Awaitable[ModbusPDU]]
    ) -> ModbusPDU:
        """One request for a caller that already holds ``lock`` (read-modify-write)."""
        return await self._request(call, None)

    def _count_error(self, text: str, block: ConnectionStats) -> RequestError:
        now = self._clock.now()
        self.stats.record_error(text, now)
        block.record_error(text, now)
        return RequestError(text, Quality.BAD_COMMUNICATION_ERROR)

    async def _request(
        self,
        call: Callable[[AsyncModbusTcpClient], Awaitable[ModbusPDU]],
        block: ConnectionStats | None,
    ) -> ModbusPDU:
        client = self._client
        if client is None or not self.connected:
            raise RequestError(NOT_CONNECTED, Quality.BAD_NOT_CONNECTED)
        await self._pace()
        started = time.perf_counter()
        self._in_flight = True
        try:
            response = await call(client)
            raise_if_cancelling()
        except ModbusException as exc:
            raise_if_cancelling()
            error = self._classify(exc, time.perf_counter() - started)
            error.sent = _maybe_sent(exc)
            self._count(block, error.text, request=True)
            raise error from None
        except TimeoutError:
            raise_if_cancelling()
            self._count(block, "timeout", request=True)
            raise RequestError("timeout", Quality.BAD_TIMEOUT, sent=True) from None
        finally:
            self._in_flight = False
            self._last_request_end = time.monotonic()
        rtt_ms = (time.perf_counter() - started) * 1000.0
        self.stats.record_rtt(rtt_ms)
        if block is not None:
            block.record_rtt(rtt_ms)
        if response.isError():
            error = exception_error(response.exception_code)
            self._count(block, error.text, request=False)
            raise error
        return response

    def _classify(self, exc: ModbusException, elapsed: float) -> RequestError:
        if isinstance(exc, ConnectionException) or not self.connected:
            return RequestError(NOT_CONNECTED, Quality.BAD_NOT_CONNECTED)
        # pymodbus reports an unanswered request as ModbusIOException "No response received"
        no_answer = "no response" in str(exc).lower()
        if isinstance(exc, ModbusIOException) and (no_answer or elapsed >= self.connection.timeout):
            attempts = self.connection.retries + 1
            return RequestError(
                f"timeout, no response in {attempts} x {self.connection.timeout:g} s",
                Quality.BAD_TIMEOUT,
            )
        return RequestError(f"communication error: {exc}", Quality.BAD_COMMUNICATION_ERROR)

    def _count(self, block: ConnectionStats | None, text: str, *, request: bool) -> None:
        """Count an error (and the request, unless its round trip was already counted)."""
        now = self._clock.now()
        for stats in (self.stats, block):
            if stats is not None:
                stats.requests += int(request)
                stats.record_error(text, now)

    async def _pace(self) -> None:
        """Keep ``inter_request_delay`` between the end of one request and the next."""
        delay = self.connection.inter_request_delay
        if delay > 0:
            wait = self._last_request_end + delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
