"""One Modbus TCP endpoint: its client, its lock, its connection supervisor and its errors.

Every request to an endpoint goes through ``ModbusLink`` under one asyncio.Lock, so unit ids
behind a gateway are polled in turn and pymodbus never sees two requests in flight. The
supervisor task owns connecting: pymodbus's own reconnect is switched off
(``reconnect_delay=0``) and replaced by a capped exponential backoff with jitter
(``backoff_max``). A lost link is noticed at once through pymodbus's ``trace_connect`` hook,
which also fails the request in flight instead of letting it wait out its timeout and retries.

A TCP connect proves nothing: a gateway with every client slot taken accepts and closes, a
wrong port accepts and answers something else. So the backoff is reset, and "connection
restored" logged, only on a Modbus reply; a connection lost before any reply counts as a
failed attempt. The fault is logged once at ERROR, repeats at DEBUG, the recovery once at INFO.

A unit that stops answering (a frozen device, its port still open) is made silent after one
timed-out request (health.py), and a reply pymodbus cannot decode fails its request with
the reason instead of escaping to asyncio (frames.py).
"""

from __future__ import annotations

import asyncio
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
from tags.drivers.modbus.frames import MalformedReply, guard_replies
from tags.drivers.modbus.health import Backoff, BlockKey, UnitSilence
from tags.i18n.catalogue import text
from tags.model import Quality
from tags.shutdown import cancel_and_wait

log = logging.getLogger("tags.drivers.modbus.driver")

FAILED_AFTER = 3
"""Consecutive failed connect attempts after which the state shows FAILED (still retrying)."""

EXCEPTION_CODES = frozenset({0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x0A, 0x0B})
"""Exception codes of the Modbus specification (each has its name in the catalogue)."""
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
    """A request that did not deliver: ``quality`` is the code its tags get.

    ``unit_silent``: the request's whole unit does not answer (every tag of the unit is Bad);
    ``skipped``: the request was not sent, as its unit is silent; ``sent``: the request may
    have reached the device but no answer came (timeout, link lost while waiting).
    """

    def __init__(
        self,
        text: str,
        quality: Quality,
        exception_code: int = 0,
        *,
        unit_silent: bool = False,
        skipped: bool = False,
        sent: bool = False,
    ) -> None:
        super().__init__(text)
        self.text = text
        self.quality = quality
        self.exception_code = exception_code
        self.unit_silent = unit_silent
        self.skipped = skipped
        self.sent = sent


def exception_error(code: int) -> RequestError:
    """The error for a Modbus exception response (01-03 configuration, others device)."""
    name = text(
        f"modbus.exception.{code:02X}" if code in EXCEPTION_CODES else "modbus.exception.unknown"
    )
    quality = (
        Quality.BAD_CONFIGURATION_ERROR
        if code in _CONFIGURATION_CODES
        else Quality.BAD_DEVICE_FAILURE
    )
    return RequestError(text("modbus.exception", code=f"{code:02X}", name=name), quality, code)


def _maybe_sent(exc: ModbusException) -> bool:
    """Could the request have reached the device? Not when pymodbus refused to send it for
    want of a connection; after that, a lost link or no answer leaves it unknown."""
    said = str(exc).lower()
    refused = "not connected" in said or "cannot connect" in said
    return not (isinstance(exc, ConnectionException) and refused)


_READ_FUNCTIONS = {
    ModbusTable.COIL: ("read_coils", 1),
    ModbusTable.DISCRETE_INPUT: ("read_discrete_inputs", 2),
    ModbusTable.HOLDING_REGISTER: ("read_holding_registers", 3),
    ModbusTable.INPUT_REGISTER: ("read_input_registers", 4),
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
        self.detail = text("link.not_started")
        self.lock = asyncio.Lock()
        self.supports_single_writes = True
        """False once the device refused FC05/FC06 with exception 01: then FC15/FC16."""
        self.backoff = Backoff(connection.backoff_max)
        self._clock = clock
        self._on_down = on_down
        self._client: AsyncModbusTcpClient | None = None
        self._up = asyncio.Event()
        self._lost = asyncio.Event()
        self._in_flight = False
        self._last_request_end = 0.0
        self._task: asyncio.Task[None] | None = None
        self._silence = UnitSilence()
        self._answered = False
        """A Modbus reply came on the current connection."""
        self._ever_answered = False
        self._down_reported = False

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
        guard_replies(self._client)
        self.state = ConnectionState.CONNECTING
        self.detail = text("link.connecting", endpoint=c.endpoint)
        self._task = asyncio.create_task(self._supervise(), name=f"modbus link {c.name}")

    async def stop(self) -> None:
        """Stop the supervisor and close the socket."""
        if self._task is not None:
            await cancel_and_wait(self._task)
            self._task = None
        if self._client is not None:
            self._client.close()
            self._client = None
            await asyncio.sleep(0)  # let the transport finish closing its socket
        self._up.clear()
        self.state = ConnectionState.STOPPED
        self.detail = text("link.stopped")

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
        failures = 0
        while True:
            self._lost.clear()
            if await self._connect(client):
                self._answered = False
                self.state = ConnectionState.CONNECTED
                self.detail = text("link.first_reply", endpoint=endpoint)
                self._up.set()
                await self._lost.wait()
                self._up.clear()
                if self._answered:
                    failures = 0
                    reason = text("modbus.lost", endpoint=endpoint)
                else:  # accepted, then closed or answered no Modbus: not a working link
                    failures += 1
                    reason = text("modbus.closed_early", endpoint=endpoint)
            else:
                failures += 1
                reason = text("modbus.cannot_connect", endpoint=endpoint)
            self.stats.record_error(reason, self._clock.now())
            if not self._down_reported:
                log.error("%s: %s", self.name, reason)
                self._down_reported = True
                self._report_down(reason)
            else:
                log.debug("%s: %s (attempt %d)", self.name, reason, failures)
            delay = self.backoff.next()
            self.state = (
                ConnectionState.FAILED if failures >= FAILED_AFTER else ConnectionState.RECONNECTING
            )
            self.detail = text(
                "link.retry", reason=reason, delay=f"{delay:.1f}", attempt=failures + 1
            )
            await asyncio.sleep(delay)

    def _replied(self) -> None:
        """A Modbus reply arrived: the link works (backoff reset, recovery logged once)."""
        if self._answered:
            return
        self._answered = True
        self.backoff.reset()
        self.detail = text("link.connected", endpoint=self.connection.endpoint)
        if self._down_reported:
            self._down_reported = False
            self.stats.reconnects += int(self._ever_answered)
            log.info(
                "%s %s: %s",
                self.name,
                self.connection.endpoint,
                "connection restored" if self._ever_answered else "connected, first reply",
            )
        self._ever_answered = True

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
        method, function = _READ_FUNCTIONS[table]
        key: BlockKey = (unit, table, start, count)
        async with self.lock:
            if not self._silence.may_send(key):
                reason = self._silence.silent(unit) or text("modbus.not_answering")
                raise RequestError(reason, Quality.BAD_TIMEOUT, unit_silent=True, skipped=True)
            try:
                response = await self._request(
                    lambda c: getattr(c, method)(start, count=count, device_id=unit),
                    block,
                    function,
                )
            except RequestError as err:
                if err.quality is Quality.BAD_TIMEOUT:
                    self._timed_out(key, err)
                raise
            if self._silence.answered(key):
                log.info("%s unit %d: answering again", self.name, unit)
        if table.is_bit:
            bits = list(response.bits)
            if len(bits) < count:
                got = len(bits)
                raise self._count_error(text("modbus.expected_bits", count=count, got=got), block)
            return bits[:count]
        registers = list(response.registers)
        if len(registers) != count:
            said = text("modbus.expected_registers", count=count, got=len(registers))
            raise self._count_error(said, block)
        return registers

    def _timed_out(self, key: BlockKey, err: RequestError) -> None:
        """A read got no reply: its unit may be silent now (then every tag of it is Bad)."""
        unit = key[0]
        was_silent = self._silence.silent(unit) is not None
        said = text("modbus.unit_not_answering", error=err.text, unit=unit)
        if self._silence.timed_out(key, said):
            err.unit_silent = True
            err.text = said
            if not was_silent:
                log.error("%s: %s", self.name, said)

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

    def _count_error(self, said: str, block: ConnectionStats) -> RequestError:
        now = self._clock.now()
        self.stats.record_error(said, now)
        block.record_error(said, now)
        return RequestError(said, Quality.BAD_COMMUNICATION_ERROR)

    async def _request(
        self,
        call: Callable[[AsyncModbusTcpClient], Awaitable[ModbusPDU]],
        block: ConnectionStats | None,
        function: int = 0,
    ) -> ModbusPDU:
        """Send one request; ``function``, when given, is the code the reply must carry."""
        client = self._client
        if client is None or not self.connected:
            raise RequestError(text("modbus.not_connected"), Quality.BAD_NOT_CONNECTED)
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
            timeout = text("modbus.timeout")
            self._count(block, timeout, request=True)
            raise RequestError(timeout, Quality.BAD_TIMEOUT, sent=True) from None
        finally:
            self._in_flight = False
            self._last_request_end = time.monotonic()
        rtt_ms = (time.perf_counter() - started) * 1000.0
        self.stats.record_rtt(rtt_ms)
        if block is not None:
            block.record_rtt(rtt_ms)
        answered = response.function_code & 0x7F
        if function and answered != function:
            said = text(
                "modbus.wrong_function", answered=f"{answered:02d}", function=f"{function:02d}"
            )
            self._count(block, said, request=False)
            raise RequestError(said, Quality.BAD_COMMUNICATION_ERROR)
        self._replied()
        if response.isError():
            error = exception_error(response.exception_code)
            self._count(block, error.text, request=False)
            raise error
        return response

    def _classify(self, exc: ModbusException, elapsed: float) -> RequestError:
        if isinstance(exc, ConnectionException) or not self.connected:
            return RequestError(text("modbus.not_connected"), Quality.BAD_NOT_CONNECTED)
        if isinstance(exc, MalformedReply):
            return RequestError(exc.string, Quality.BAD_COMMUNICATION_ERROR)
        # pymodbus reports an unanswered request as ModbusIOException "No response received"
        no_answer = "no response" in str(exc).lower()
        if isinstance(exc, ModbusIOException) and (no_answer or elapsed >= self.connection.timeout):
            attempts = self.connection.retries + 1
            seconds = f"{self.connection.timeout:g}"
            return RequestError(
                text("modbus.no_response", attempts=attempts, seconds=seconds),
                Quality.BAD_TIMEOUT,
            )
        said = text("modbus.communication_error", error=exc)
        return RequestError(said, Quality.BAD_COMMUNICATION_ERROR)

    def _count(self, block: ConnectionStats | None, said: str, *, request: bool) -> None:
        """Count an error (and the request, unless its round trip was already counted)."""
        now = self._clock.now()
        for stats in (self.stats, block):
            if stats is not None:
                stats.requests += int(request)
                stats.record_error(said, now)

    async def _pace(self) -> None:
        """Keep ``inter_request_delay`` between the end of one request and the next."""
        delay = self.connection.inter_request_delay
        if delay > 0:
            wait = self._last_request_end + delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
