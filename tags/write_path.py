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
from tags.i18n.catalogue import text
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
        raise WriteRefused(text("write.no_value"))
    if tag.data_type is DataType.STRING:
        if not isinstance(value, str):
            raise WriteRefused(text("write.takes_text", tag=tag.name, value=repr(value)))
        return value
    if isinstance(value, str):
        value = _parse_text(tag, value.strip())
    if tag.data_type is DataType.BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        raise WriteRefused(text("write.takes_bool", tag=tag.name, value=repr(value)))
    if isinstance(value, bool):
        raise WriteRefused(text("write.takes_number", tag=tag.name, value=repr(value)))
    assert isinstance(value, int | float)
    if isinstance(value, float) and not math.isfinite(value):
        raise WriteRefused(text("write.not_finite", value=value))
    if tag.data_type is DataType.INT:
        if isinstance(value, float) and not value.is_integer():
            raise WriteRefused(text("write.takes_whole_number", tag=tag.name, value=f"{value:g}"))
        return int(value)
    return float(value)


def _parse_text(tag: TagDef, typed: str) -> bool | int | float:
    for number, label in tag.states.items():
        if label.lower() == typed.lower():
            return bool(number) if tag.data_type is DataType.BOOL else number
    if tag.data_type is DataType.BOOL and typed.lower() in ("true", "on", "false", "off"):
        return typed.lower() in ("true", "on")
    try:
        parsed = float(typed)
    except ValueError:
        raise WriteRefused(text("write.not_a_value", text=typed, tag=tag.name)) from None
    return int(parsed) if parsed.is_integer() and "." not in typed else parsed


def check_limits(tag: TagDef, value: bool | int | float | str) -> None:
    """Refuse values outside the write limits (or, without them, the engineering range)."""
    if isinstance(value, bool | str):
        return
    low = tag.write_low if tag.write_low is not None else tag.eng_low
    high = tag.write_high if tag.write_high is not None else tag.eng_high
    if tag.write_low is not None:
        below, above = "write.below_write_limit", "write.above_write_limit"
    else:
        below, above = "write.below_range", "write.above_range"
    if low is not None and value < low:
        raise WriteRefused(
            text(below, value=value_with_unit(tag, value), limit=value_with_unit(tag, low))
        )
    if high is not None and value > high:
        raise WriteRefused(
            text(above, value=value_with_unit(tag, value), limit=value_with_unit(tag, high))
        )


def value_with_unit(tag: TagDef, value: float) -> str:
    """A number in the tag's format, followed by its unit."""
    return f"{tag.format_value(value)} {tag.unit}" if tag.unit else tag.format_value(value)


def check_register(tag: TagDef, value: bool | int | float | str) -> None:
    """Refuse a number the tag's Modbus register cannot hold, naming its type and range."""
    address = tag.address
    if not isinstance(address, ModbusAddress) or isinstance(value, bool | str):
        return
    if address.table.is_bit or address.type in (ModbusType.BOOL, ModbusType.STRING):
        return
    misfit = register_misfit(address, value)
    if misfit is not None:
        raise WriteRefused(
            text("write.register_misfit", value=_number(value), tag=tag.name, misfit=misfit)
        )


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
            return text("tag.unknown", tag=name)
        if not tag.writable:
            return text("write.not_writable", tag=name)
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
            return text("write.forced", tag=tag.name, reason=current.reason)
        if current.quality in _LINK_DOWN:
            return text("write.link_down", reason=current.reason or current.quality.label)
        if current.quality is Quality.BAD_WAITING_FOR_INITIAL_DATA:
            return text("write.no_value_yet", tag=tag.name)
        return self.freshness_refusal(tag) or self.sender_refusal(tag)

    def freshness_refusal(self, tag: TagDef) -> str | None:
        """Why the value is too old to write against (stale), or None."""
        db = self.db
        if db.is_stale(tag.name):
            return text("write.stale", tag=tag.name, seconds=f"{db.age(tag.name):.1f}")
        return None

    def sender_refusal(self, tag: TagDef) -> str | None:
        """Why nobody can send a write of this tag (no driver serves its source), or None."""
        if self.driver_for(tag) is None:
            return text("write.no_driver", scheme=tag.address.scheme.value)
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
            why = text("write.not_sent", why=audit_refusal(exc))
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
            no_answer = text("write.no_answer", seconds=f"{DRIVER_TIMEOUT:g}")
        timeout = self.readback_timeout
        try:
            sample = await asyncio.wait_for(readback, timeout)
            status, why, got = WriteStatus.CONFIRMED, text("write.read_back_matches"), sample.value
        except TimeoutError:
            got = db.get(name).value
            status = WriteStatus.UNCONFIRMED
            shown = tag.format_value(got)
            why = text("write.read_back_differs", got=shown, seconds=f"{timeout:g}")
            if no_answer is not None:
                sent = tag.format_value(converted)
                why = text("write.no_reply", why=no_answer, value=sent, got=shown)
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
