"""The write path of DESIGN.md: refuse (never clamp), record the intent, send, confirm by
read-back, record the outcome.

Checks run in this order and the first failure is the reason given: writes blocked (replay,
no administrator), unknown tag, tag not writable, user's role and area, value type, write
limits, fits the source's register type (Modbus, after scale and offset), tag not forced
(tags/forcing/), link up, value not stale. A refusal is one ``write_refused`` record. A
write that passes is recorded as a ``write_intent`` (who, tag, old -> new, why, workstation)
before the request leaves (a trail that cannot record it refuses the write: "not sent: the
audit trail cannot be written: <why>"; the shared store's trail says so at once while its
server is away), and its outcome as a ``write`` record whose ``ref`` is the intent's seq: a
writer killed in between leaves an intent that reads "outcome unknown". Once a request has
left, a missing reply is UNCONFIRMED, never "failed": the device may still apply it.

The tag database holds the values and knows the drivers; a WritePath built on it is the one
way a value goes out (the console's write dialog, the ``write`` command, training).
"""

from __future__ import annotations

import asyncio
import enum
import logging
import math
from dataclasses import dataclass

from tags.address import ModbusAddress, ModbusType, Scheme
from tags.database import TagDatabase
from tags.drivers.base import Driver, WriteError
from tags.drivers.modbus.codec import register_misfit
from tags.model import DataType, Quality, TagDef, TagSample, Value
from tags.security.audit import WRITE_INTENT, AuditRecord
from tags.security.audit_store import AUDIT_ERRORS, AuditStore, audit_refusal
from tags.security.permissions import Action, PermissionDenied, User, require

log = logging.getLogger(__name__)

DRIVER_TIMEOUT = 5.0
_LINK_DOWN = {
    Quality.BAD_NOT_CONNECTED,
    Quality.BAD_COMMUNICATION_ERROR,
    Quality.BAD_NO_COMMUNICATION,
    Quality.BAD_TIMEOUT,
}


class WriteStatus(enum.Enum):
    CONFIRMED = "confirmed"
    """Sent, and the read-back shows the new value."""
    UNCONFIRMED = "unconfirmed"
    """Sent, and its outcome is unknown: no reply from the device (it may still apply the
    value), or no matching read-back within the timeout. Check the device before writing
    again."""
    REFUSED = "refused"
    """Not sent: a check failed before anything left (the reason says which)."""
    FAILED = "failed"
    """Not applied: the device answered with a refusal, or the link was down so nothing
    left."""


@dataclass(frozen=True)
class WriteResult:
    tag: str
    status: WriteStatus
    reason: str
    requested: Value
    old: Value = None
    readback: Value = None
    latency_ms: float | None = None

    @property
    def ok(self) -> bool:
        return self.status is WriteStatus.CONFIRMED


class WriteRefused(Exception):
    """A check failed before anything was sent."""


def coerce(tag: TagDef, value: Value) -> bool | int | float | str:
    """The value in the tag's data type, or WriteRefused saying why it is not one."""
    if value is None:
        raise WriteRefused("no value given")
    if tag.data_type is DataType.STRING:
        if not isinstance(value, str):
            raise WriteRefused(f"{tag.name} takes text, not {value!r}")
        return value
    if isinstance(value, str):
        value = _parse_text(tag, value.strip())
    if tag.data_type is DataType.BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        raise WriteRefused(f"{tag.name} takes 0/1 (or a state name), not {value!r}")
    if isinstance(value, bool):
        raise WriteRefused(f"{tag.name} takes a number, not {value!r}")
    assert isinstance(value, int | float)
    if isinstance(value, float) and not math.isfinite(value):
        raise WriteRefused(f"{value} is not a finite number")
    if tag.data_type is DataType.INT:
        if isinstance(value, float) and not value.is_integer():
            raise WriteRefused(f"{tag.name} takes a whole number, not {value:g}")
        return int(value)
    return float(value)


def _parse_text(tag: TagDef, text: str) -> bool | int | float:
    for number, label in tag.states.items():
        if label.lower() == text.lower():
            return bool(number) if tag.data_type is DataType.BOOL else number
    if tag.data_type is DataType.BOOL and text.lower() in ("true", "on", "false", "off"):
        return text.lower() in ("true", "on")
    try:
        parsed = float(text)
    except ValueError:
        raise WriteRefused(f"'{text}' is not a value of {tag.name}") from None
    return int(parsed) if parsed.is_integer() and "." not in text else parsed


def check_limits(tag: TagDef, value: bool | int | float | str) -> None:
    """Refuse values outside the write limits (or, without them, the engineering range)."""
    if isinstance(value, bool | str):
        return
    low = tag.write_low if tag.write_low is not None else tag.eng_low
    high = tag.write_high if tag.write_high is not None else tag.eng_high
    kind = "write limit" if tag.write_low is not None else "engineering range limit"
    unit = f" {tag.unit}" if tag.unit else ""
    if low is not None and value < low:
        raise WriteRefused(
            f"{tag.format_value(value)}{unit} is below the {kind} {tag.format_value(low)}{unit}"
        )
    if high is not None and value > high:
        raise WriteRefused(
            f"{tag.format_value(value)}{unit} is above the {kind} {tag.format_value(high)}{unit}"
        )


def check_register(tag: TagDef, value: bool | int | float | str) -> None:
    """Refuse a number the tag's Modbus register cannot hold, naming its type and range."""
    address = tag.address
    if not isinstance(address, ModbusAddress) or isinstance(value, bool | str):
        return
    if address.table.is_bit or address.type in (ModbusType.BOOL, ModbusType.STRING):
        return
    misfit = register_misfit(address, value)
    if misfit is not None:
        raise WriteRefused(f"{_number(value)} does not fit {tag.name}'s register ({misfit})")


def _number(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def matches(tag: TagDef, wanted: bool | int | float | str, sample: TagSample) -> bool:
    """Does a read-back sample show the written value (within the encoding's resolution)?"""
    if not sample.quality.is_good or sample.value is None:
        return False
    if isinstance(wanted, float) and isinstance(sample.value, int | float):
        resolution = tag.deadband
        address = tag.address
        integer_types = (ModbusType.INT16, ModbusType.UINT16, ModbusType.INT32, ModbusType.UINT32)
        if isinstance(address, ModbusAddress) and address.type in integer_types:
            resolution = max(resolution, abs(address.scale) / 2 + 1e-12)
        return math.isclose(float(sample.value), wanted, rel_tol=1e-6, abs_tol=resolution + 1e-9)
    return bool(sample.value == wanted)


class WritePath:
    """Check -> send -> read-back -> audit for every write to the tags of one database.

    ``blocked``: when set, every write is refused with this reason (replay, no administrator
    yet); ``readback_timeout``: how long a sent value may take to show in the read-back.
    """

    def __init__(
        self,
        db: TagDatabase,
        *,
        audit: AuditStore | None = None,
        readback_timeout: float = 3.0,
        blocked: str | None = None,
    ) -> None:
        self.db = db
        self.audit = audit
        self.readback_timeout = readback_timeout
        self.blocked = blocked
        self.drivers: dict[Scheme, Driver] = {}
        """Who sends a write, by the scheme of the tag's source."""

    def attach_driver(self, scheme: Scheme, driver: Driver) -> None:
        """``driver`` serves the tags whose source has ``scheme``: their writes go to it."""
        self.drivers[scheme] = driver

    def driver_for(self, tag: TagDef) -> Driver | None:
        return self.drivers.get(tag.address.scheme)

    def access_refusal(self, name: str, user: User | None) -> str | None:
        """Why this user may not write this tag at all (mode, tag, role, area), or None."""
        if self.blocked:
            return self.blocked
        tag = self.db.tags.get(name)
        if tag is None:
            return f"unknown tag '{name}'"
        if not tag.writable:
            return f"{name} is not writable"
        try:
            require(user, Action.WRITE, tag.area)
        except PermissionDenied as exc:
            return str(exc)
        return None

    def state_refusal(self, tag: TagDef) -> str | None:
        """Why the tag cannot be written right now (forced, link down, no value, stale), or
        None."""
        db = self.db
        current = db.get(tag.name)
        if db.is_substituted(tag.name):
            return (
                f"{tag.name} is forced ({current.reason}): the value shown is not the field's; "
                f"release the force before writing to the field"
            )
        if current.quality in _LINK_DOWN:
            return f"link down: {current.reason or current.quality.label}"
        if current.quality is Quality.BAD_WAITING_FOR_INITIAL_DATA:
            return f"{tag.name} has no value yet (waiting for first data)"
        return self.freshness_refusal(tag) or self.sender_refusal(tag)

    def freshness_refusal(self, tag: TagDef) -> str | None:
        """Why the value is too old to write against (stale), or None."""
        db = self.db
        if db.is_stale(tag.name):
            return f"{tag.name} is stale: no update for {db.age(tag.name):.1f} s"
        return None

    def sender_refusal(self, tag: TagDef) -> str | None:
        """Why nobody can send a write of this tag (no driver serves its source), or None."""
        if self.driver_for(tag) is None:
            return f"no driver serves {tag.address.scheme.value}:// sources"
        return None

    def why_not_writable(self, name: str, user: User | None) -> str | None:
        """The reason a write dialog must state before any value is typed, or None."""
        refusal = self.access_refusal(name, user)
        if refusal is None:
            refusal = self.state_refusal(self.db.tags[name])
        return refusal

    def _check(self, name: str, value: Value, user: User | None) -> tuple[TagDef, Value]:
        refusal = self.access_refusal(name, user)
        if refusal is not None:
            raise WriteRefused(refusal)
        tag = self.db.tags[name]
        converted = coerce(tag, value)
        check_limits(tag, converted)
        check_register(tag, converted)
        refusal = self.state_refusal(tag)
        if refusal is not None:
            raise WriteRefused(refusal)
        return tag, converted

    async def write(
        self,
        name: str,
        value: Value,
        *,
        user: User | None,
        reason: str = "",
        workstation: str = "",
    ) -> WriteResult:
        """Check, record the intent, send, confirm by read-back, record the outcome. Never
        raises: the result says how it went."""
        db = self.db
        started = db.clock.monotonic()
        old = db.get(name).value if name in db.tags else None
        try:
            tag, converted = self._check(name, value, user)
        except WriteRefused as exc:
            result = WriteResult(name, WriteStatus.REFUSED, str(exc), value, old)
            try:
                self._record(result, user, reason, workstation, action="write_refused")
            except AUDIT_ERRORS:
                log.exception("%s: the refused write could not be recorded", name)
            return result
        driver = self.driver_for(tag)
        assert driver is not None
        assert not isinstance(converted, type(None))
        try:
            intent = self._record(
                WriteResult(name, WriteStatus.UNCONFIRMED, "", converted, old),
                user, reason, workstation, action=WRITE_INTENT,
            )  # fmt: skip
        except AUDIT_ERRORS as exc:
            why = f"not sent: {audit_refusal(exc)}"
            return WriteResult(name, WriteStatus.REFUSED, why, converted, old)
        readback = db.wait_for_sample(name, lambda s: matches(tag, converted, s))
        no_answer: str | None = None  # why a request that may have reached the device got no reply
        try:
            await asyncio.wait_for(driver.write(tag, converted), DRIVER_TIMEOUT)
        except WriteError as exc:
            if not exc.sent:
                readback.cancel()
                latency = (db.clock.monotonic() - started) * 1000
                result = WriteResult(
                    name, WriteStatus.FAILED, exc.reason, converted, old, None, latency
                )
                self._outcome(intent, result, user, reason, workstation)
                return result
            no_answer = exc.reason
        except TimeoutError:
            no_answer = f"no answer in {DRIVER_TIMEOUT:g} s"
        timeout = self.readback_timeout
        try:
            sample = await asyncio.wait_for(readback, timeout)
            status, why, got = WriteStatus.CONFIRMED, "read-back matches", sample.value
        except TimeoutError:
            got = db.get(name).value
            status = WriteStatus.UNCONFIRMED
            why = f"sent, but read-back shows {tag.format_value(got)} after {timeout:g} s"
            if no_answer is not None:
                why = (
                    f"sent, but no reply ({no_answer}): the device may still apply "
                    f"{tag.format_value(converted)}; read-back shows {tag.format_value(got)}"
                )
        latency = (db.clock.monotonic() - started) * 1000
        result = WriteResult(name, status, why, converted, old, got, latency)
        self._outcome(intent, result, user, reason, workstation)
        return result

    def _record(
        self,
        result: WriteResult,
        user: User | None,
        reason: str,
        workstation: str,
        *,
        action: str,
        intent: AuditRecord | None = None,
    ) -> AuditRecord | None:
        """Append one record of this write (an intent has no result yet)."""
        if self.audit is None:
            return None
        tag = self.db.tags.get(result.tag)
        return self.audit.append(
            action,
            user=user.name if user else "",
            tag=result.tag,
            old=_text(result.old),
            new=_text(result.requested),
            unit=tag.unit if tag else "",
            reason=reason,
            result="" if action == WRITE_INTENT else f"{result.status.value}: {result.reason}",
            latency_ms=result.latency_ms,
            workstation=workstation,
            ref=None if intent is None else intent.seq,
        )

    def _outcome(
        self,
        intent: AuditRecord | None,
        result: WriteResult,
        user: User | None,
        reason: str,
        workstation: str,
    ) -> None:
        """Record how a sent write went, tied to its intent. Should that fail, the intent
        stands alone and reads "outcome unknown", which is then the truth."""
        try:
            self._record(result, user, reason, workstation, action="write", intent=intent)
        except AUDIT_ERRORS:
            log.exception("%s: the outcome of the write could not be recorded", result.tag)


def _text(value: Value) -> str | None:
    return None if value is None else str(value)
